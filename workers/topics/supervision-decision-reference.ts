import { LedgerEntryEntity, SupervisionItemEntity } from '../../src/db/entities/index.js';
import { FINAL_DECISIONS, itemById } from '../../src/supervision/items.js';
import { excludeForDecisionReference } from '../../src/supervision/ledger.js';
import { notifyLiaisons } from '../../src/supervision/notices.js';
import { CENTRE, unitName } from '../../src/supervision/org.js';
import { int } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-4.6 / S0-5 (start): the district leader listed the item as a decision-reference event. From
 * now until it is archived the event's time does not count against its handling units: their
 * ledger rows of the round get `excludedFrom` and `counted=false` with the S0-5 reason. The units'
 * liaisons are told. Prefills the closing-and-archiving approval form.
 */
export const supervisionDecisionReference: TopicDefinition = {
  topic: 'supervision-decision-reference',
  label: '进入决策参考归档流程',
  description: '列为决策参考事件：自即日起至归档不计入处置单位考核时间（S0-5），通知相关单位联络员',
  variables: ['supervisionId'],
  async handle(task, { db, logger }) {
    const item = await itemById(db, int(task.variables, 'supervisionId'));
    const from = item.decisionReferenceAt ?? new Date();
    if (!item.decisionReferenceAt || item.status !== 'archiving') {
      await db.getRepository(SupervisionItemEntity).update({ id: item.id }, { decisionReferenceAt: from, status: 'archiving', finalDecision: item.finalDecision ?? 'decision-reference' });
    }
    const excluded = await excludeForDecisionReference(db, { ...item, decisionReferenceAt: from }, from);
    if (excluded === 0) logger.info('S0-5: no ledger rows to exclude (already excluded or none written)', { eventNumber: item.eventNumber, round: item.handlingRound });
    const rows = await db.getRepository(LedgerEntryEntity).findBy({ eventNumber: item.eventNumber, round: item.handlingRound });
    await notifyLiaisons(db, 'supervision-decision-reference', task.processInstanceId, [CENTRE, item.leadUnit, ...rows.map((r) => r.unitId)], {
      eventNumber: item.eventNumber,
      title: item.title,
    });
    const decidedBy = item.level1MeetingId ? `一级督办联席会议（${item.level1Date ?? ''}）` : `区领导审核（${item.reviewDate ?? ''}）`;
    return {
      archiveSummary: `${item.title}（${item.eventNumber}），原处置单位：${unitName(item.leadUnit) || '无'}。提请理由：${item.scopeReason ?? ''}`,
      archiveReason: `经${decidedBy}决定：${FINAL_DECISIONS['decision-reference']}。`,
    };
  },
};
