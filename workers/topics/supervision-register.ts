import { toShanghaiDate } from '../../src/calendar/index.js';
import { EventEntity, SupervisionItemEntity, type SupervisionEntry } from '../../src/db/entities/index.js';
import { categoryName } from '../../src/events/reference-data.js';
import { collectHandlingDetail, handlingDetailText, parseHandlingDetail } from '../../src/supervision/handling-detail.js';
import { ENTRY_NAMES } from '../../src/supervision/items.js';
import { CONVENING_UNITS, DISTRICT_LEADER, unitName, unitOrThrow } from '../../src/supervision/org.js';
import { optInt, optText, text } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-4.1 (first step): registers the supervision item of this process instance, attaches the
 * event's handling detail (附事件处置详情表) from the ledger and the engine's history, and prefills
 * form 1 (dispatch date = today, the convening units' heads as signers).
 * Idempotent: the item is keyed by process instance; a redelivered task finds it.
 */
const ENTRIES: SupervisionEntry[] = ['escalated', 'unit-report', 'centre'];

export const supervisionRegister: TopicDefinition = {
  topic: 'supervision-register',
  label: '登记督办事项',
  description: '登记督办事项，自动附上事件处置详情表（考核台账与流程历史），预填督办事件审批表',
  variables: ['eventNumber', 'title', 'category', 'categoryName', 'street', 'leadUnit', 'handlingRound', 'supervisionEntry', 'scopeReason'],
  async handle(task, { db, engine }) {
    const v = task.variables;
    const eventNumber = optText(v, 'eventNumber') ?? task.businessKey ?? text(v, 'eventNumber');
    const items = db.getRepository(SupervisionItemEntity);
    let item = await items.findOneBy({ processInstanceId: task.processInstanceId });
    if (!item) {
      const event = await db.getRepository(EventEntity).findOneBy({ number: eventNumber });
      const entry = (optText(v, 'supervisionEntry') ?? 'centre') as SupervisionEntry;
      if (!ENTRIES.includes(entry)) throw new Error(`supervisionEntry must be one of ${ENTRIES.join(', ')}, not ${entry}`);
      const category = optText(v, 'category') ?? event?.category ?? null;
      const detail = await collectHandlingDetail(db, engine, eventNumber);
      await items
        .createQueryBuilder()
        .insert()
        .values({
          processInstanceId: task.processInstanceId,
          eventNumber,
          handlingRound: optInt(v, 'handlingRound') ?? event?.handlingRound ?? 0,
          title: (optText(v, 'title') ?? event?.title ?? eventNumber).slice(0, 200),
          category,
          categoryName: optText(v, 'categoryName') ?? (category ? categoryName(category) : null),
          street: optText(v, 'street') ?? event?.street ?? null,
          leadUnit: optText(v, 'leadUnit') ?? event?.leadUnit ?? null,
          entry,
          scopeReason: optText(v, 'scopeReason') ?? null,
          status: 'declaring',
          handlingDetail: JSON.stringify(detail),
          enteredAt: new Date(),
        })
        .orIgnore()
        // A row ignored as a duplicate has no id to reload defaults by (MySQL): do not reload.
        .updateEntity(false)
        .execute();
      item = await items.findOneByOrFail({ processInstanceId: task.processInstanceId });
    }

    const signers = Object.fromEntries(CONVENING_UNITS.map((u) => [`review${u.key}Signer`, unitOrThrow(u.id).leader.name]));
    return {
      supervisionId: item.id,
      eventNumber: item.eventNumber,
      title: item.title,
      categoryName: item.categoryName ?? '',
      leadUnitName: unitName(item.leadUnit),
      supervisionEntryName: ENTRY_NAMES[item.entry] ?? item.entry,
      handlingDetailText: handlingDetailText(parseHandlingDetail(item.handlingDetail)),
      dispatchDate: item.dispatchDate ?? toShanghaiDate(new Date()),
      scopeReason: item.scopeReason ?? '',
      ...signers,
      reviewSigner: unitOrThrow(DISTRICT_LEADER).leader.name,
    };
  },
};
