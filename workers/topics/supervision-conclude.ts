import { SupervisionItemEntity, type SupervisionItem, type SupervisionOutcome } from '../../src/db/entities/index.js';
import { itemById, LEVEL2_CONCLUSIONS, opinionsOf, preliminarySummary, type Level2Conclusion } from '../../src/supervision/items.js';
import { archiveDecisionReference, reopenForOriginalUnit, s0_6Note } from '../../src/supervision/ledger.js';
import { notifyLiaisons } from '../../src/supervision/notices.js';
import { CENTRE, unitName } from '../../src/supervision/org.js';
import { bool, int, oneOf, optDate, optText, text, type VariableSource } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * The end of a supervision item, and the out-variables the event process reads back from its
 * call activity (`supervisionOutcome`, `assignedLeadUnit`, `assignedCooperatingUnits`,
 * `supervisionSummary`). The service task names the outcome in its input `supervisionConclusion`:
 *  - `returned` (S0-4.2, all three units said no): back to handling with the same lead unit;
 *  - `redispatch` (S0-4.3 resolved with a lead unit, or S0-4.4/S0-4.5 "continue handling"): the
 *    event process starts a new round with the unit named. Back to the ORIGINAL unit → S0-6: the
 *    round is marked not completed (`reopened`), the next round counts again;
 *  - `decision-reference` (S0-4.6): records the centre's communication with the parties and the
 *    closing-and-archiving approval form, archives the item → S0-5 end: the ledger rows count as
 *    completed, with the excluded interval.
 * Idempotent: the item's recorded outcome and guarded ledger updates make a redelivery a no-op.
 */
const CONCLUSIONS: SupervisionOutcome[] = ['returned', 'redispatch', 'decision-reference'];

function communicationOf(v: VariableSource) {
  return {
    parties: text(v, 'communicationParties'),
    date: optDate(v, 'communicationDate') ?? null,
    method: optText(v, 'communicationMethod') ?? null,
    content: text(v, 'communicationContent'),
    response: optText(v, 'partiesResponse') ?? null,
  };
}

function archiveFormOf(v: VariableSource) {
  return {
    summary: text(v, 'archiveSummary'),
    reason: text(v, 'archiveReason'),
    centreOpinion: text(v, 'centreOpinion'),
    handler: optText(v, 'archiveHandler') ?? null,
    signer: text(v, 'archiveSigner'),
    sealed: bool(v, 'archiveSealed'),
    date: optDate(v, 'archiveDate') ?? null,
  };
}

function redispatchSummary(item: SupervisionItem, unit: string, original: boolean): string {
  const who = unitName(unit);
  let why: string;
  if (item.finalDecision === 'continue' && item.level1MeetingId) why = `一级督办联席会议终审决定继续处置：${item.level1Opinion ?? ''}`;
  else if (item.finalDecision === 'continue') why = `区领导审核未提交一级会商（理由：${item.reviewReason ?? item.reviewInstruction ?? ''}），决定继续处置：${item.reviewInstruction ?? ''}`;
  else why = `二级督办联席会议会商${LEVEL2_CONCLUSIONS[(item.level2Conclusion ?? 'resolved') as Level2Conclusion] ?? ''}：${item.level2Opinion ?? ''}`;
  return `${why}。重新派遣至${who}。${original ? `（${s0_6Note(item.handlingRound)}）` : ''}`;
}

export const supervisionConclude: TopicDefinition = {
  topic: 'supervision-conclude',
  label: '督办办结',
  description: '督办结果交回事件流程：退回、重新派遣（原单位时按 S0-6 计入未办结）或决策参考事件归档（S0-5）',
  variables: [
    'supervisionId',
    'supervisionConclusion',
    'communicationParties',
    'communicationDate',
    'communicationMethod',
    'communicationContent',
    'partiesResponse',
    'archiveSummary',
    'archiveReason',
    'centreOpinion',
    'archiveHandler',
    'archiveSigner',
    'archiveSealed',
    'archiveDate',
  ],
  inputs: [{ name: 'supervisionConclusion', label: '督办结果', description: CONCLUSIONS.join(' / ') }],
  async handle(task, { db }) {
    const v = task.variables;
    const conclusion = oneOf(v, 'supervisionConclusion', CONCLUSIONS);
    let item = await itemById(db, int(v, 'supervisionId'));
    const items = db.getRepository(SupervisionItemEntity);
    const now = new Date();
    const context = { eventNumber: item.eventNumber, title: item.title };

    if (conclusion === 'returned') {
      const summary = `区纪委、区委办、区府办初审均认为不必列入督办联席会议会商，予以退回，由原处置单位继续处置。${preliminarySummary(await opinionsOf(db, item.id))}`;
      if (!item.outcome) await items.update({ id: item.id }, { status: 'returned', outcome: 'returned', summary, closedAt: now });
      await notifyLiaisons(db, 'supervision-returned', task.processInstanceId, [CENTRE, item.leadUnit], { ...context, summary });
      return { supervisionOutcome: 'returned', assignedLeadUnit: item.leadUnit ?? '', assignedCooperatingUnits: '', supervisionSummary: summary };
    }

    if (conclusion === 'redispatch') {
      const unit = item.redispatchUnit ?? item.leadUnit;
      if (!unit) throw new Error(`supervision item ${item.id} names no unit to re-dispatch to`);
      const original = unit === item.leadUnit;
      if (original) await reopenForOriginalUnit(db, item);
      const summary = item.summary && item.outcome === 'redispatch' ? item.summary : redispatchSummary(item, unit, original);
      if (!item.outcome) await items.update({ id: item.id }, { status: 'redispatched', outcome: 'redispatch', redispatchUnit: unit, summary, closedAt: now });
      await notifyLiaisons(db, 'supervision-redispatched', task.processInstanceId, [CENTRE, unit, item.leadUnit], {
        ...context,
        leadUnitName: unitName(unit),
        summary,
      });
      return {
        supervisionOutcome: 'redispatch',
        assignedLeadUnit: unit,
        assignedCooperatingUnits: item.redispatchCooperatingUnits ?? '',
        supervisionSummary: summary,
      };
    }

    // decision-reference: archive.
    if (!item.archivedAt) {
      await items.update(
        { id: item.id },
        { communication: JSON.stringify(communicationOf(v)), archiveForm: JSON.stringify(archiveFormOf(v)), archivedAt: now },
      );
      item = await itemById(db, item.id);
    }
    const archivedAt = item.archivedAt as Date;
    await archiveDecisionReference(db, item, archivedAt);
    const summary = `经${item.level1MeetingId ? '一级督办联席会议终审' : '区领导审核'}，同意列为决策参考事件；联动中心已与当事人沟通并填写《决策参考事件终结归档审批表》，终结归档（计入已办结，S0-5）。`;
    if (!item.outcome) await items.update({ id: item.id }, { status: 'archived', outcome: 'decision-reference', summary, closedAt: archivedAt });
    await notifyLiaisons(db, 'supervision-archived', task.processInstanceId, [CENTRE, item.leadUnit], context);
    return { supervisionOutcome: 'decision-reference', assignedLeadUnit: '', assignedCooperatingUnits: '', supervisionSummary: summary };
  },
};
