import { SupervisionItemEntity, SupervisionOpinionEntity } from '../../src/db/entities/index.js';
import { itemById, opinionsOf, preliminarySummary } from '../../src/supervision/items.js';
import { notifyLiaisons } from '../../src/supervision/notices.js';
import { CENTRE, CONVENING_UNITS } from '../../src/supervision/org.js';
import { bool, int, oneOf, optDate, text } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-4.2: once all three convening units have reviewed the item, records the three opinions
 * (list for consultation yes/no, reason, signer, seal, date — all three kept whatever the outcome)
 * and decides: any one yes → listed for the level-2 meeting; all no → returned.
 */
export const supervisionPreliminaryReview: TopicDefinition = {
  topic: 'supervision-preliminary-review',
  label: '汇总初审意见',
  description: '登记三家召集单位的初审意见；任一家同意即列入二级督办联席会议会商，均不同意则退回',
  variables: [
    'supervisionId',
    ...CONVENING_UNITS.flatMap((u) => ['Listed', 'Reason', 'Sealed', 'Signer', 'Date'].map((f) => `review${u.key}${f}`)),
  ],
  async handle(task, { db }) {
    const v = task.variables;
    const item = await itemById(db, int(v, 'supervisionId'));
    const rows = CONVENING_UNITS.map((u) => ({
      causeKey: `${item.id}:preliminary:${u.id}`,
      itemId: item.id,
      stage: 'preliminary' as const,
      unitId: u.id,
      listed: oneOf(v, `review${u.key}Listed`, ['yes', 'no']) === 'yes',
      opinion: text(v, `review${u.key}Reason`),
      signer: text(v, `review${u.key}Signer`),
      sealed: bool(v, `review${u.key}Sealed`),
      signedOn: optDate(v, `review${u.key}Date`) ?? null,
    }));
    await db.createQueryBuilder().insert().into(SupervisionOpinionEntity).values(rows).orIgnore().updateEntity(false).execute();

    // The stored opinions decide (a redelivered task sees what was recorded the first time).
    const opinions = (await opinionsOf(db, item.id)).filter((o) => o.stage === 'preliminary');
    const listed = opinions.some((o) => o.listed);
    if (listed && item.status === 'reviewing') {
      await db.getRepository(SupervisionItemEntity).update({ id: item.id }, { status: 'listed', listedAt: new Date() });
      await notifyLiaisons(db, 'supervision-listed', task.processInstanceId, [CENTRE, item.leadUnit], { eventNumber: item.eventNumber, title: item.title });
    }
    return { listedForConsultation: listed, preliminarySummary: preliminarySummary(opinions) };
  },
};
