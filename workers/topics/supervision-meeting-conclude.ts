import { EngineError, type EngineClient } from '../../src/engine/engine-client.js';
import { SupervisionItemEntity, SupervisionMeetingItemEntity, type SupervisionItem } from '../../src/db/entities/index.js';
import { FINAL_DECISIONS, itemById, LEVEL2_CONCLUSIONS, type FinalDecision, type Level2Conclusion } from '../../src/supervision/items.js';
import { LEVEL1_MESSAGE, LEVEL2_MESSAGE } from '../../src/supervision/meetings.js';
import { isHandlingUnit } from '../../src/supervision/org.js';
import { int, oneOf, optDate, optText, text, type VariableSource } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-4.3 / S0-4.5: records what the meeting concluded for one agenda item and delivers it to the
 * item's process by message correlation (to that very process instance).
 *  - Level 2: the conclusion (resolved with a lead unit / no conclusion / cannot be solved), the
 *    consultation opinion and date (the heads then sign in their own tasks of the item's process).
 *  - Level 1: the district leader's final decision (continue handling / decision-reference), the
 *    level-1 consultation opinion, signature and date (form 2).
 * Idempotent: a conclusion already delivered is not delivered again; a delivery whose
 * acknowledgement was lost is recognised in the item process's history.
 */
const MESSAGE_EVENTS = { 2: 'Message_Level2Conclusion', 1: 'Message_Level1Decision' } as const;

async function alreadyDelivered(engine: EngineClient, item: SupervisionItem, level: 1 | 2): Promise<boolean> {
  const done = await engine.get<Array<{ endTime: string | null }>>('/history/activity-instance', {
    processInstanceId: item.processInstanceId,
    activityId: MESSAGE_EVENTS[level],
    finished: true,
  });
  return done.length > 0;
}

function unitOrNull(v: VariableSource, name: string): string | null {
  const id = optText(v, name);
  if (id && !isHandlingUnit(id)) throw new Error(`${name} ${id} is not a handling unit of the org chart`);
  return id ?? null;
}

export const supervisionMeetingConclude: TopicDefinition = {
  topic: 'supervision-meeting-conclude',
  label: '送达会商结论',
  description: '登记会议对该事项的结论及召集单位负责人签署意见，并以消息关联送达事项流程',
  variables: [
    'supervisionId',
    'meetingId',
    'meetingLevel',
    'meetingConclusion',
    'meetingLeadUnit',
    'meetingCooperatingUnits',
    'meetingOpinion',
    'meetingDate',
    'level1Opinion',
    'finalDecision',
    'finalLeadUnit',
    'finalSigner',
    'finalDate',
  ],
  async handle(task, { db, engine }) {
    const v = task.variables;
    const item = await itemById(db, int(v, 'supervisionId'));
    const meetingId = int(v, 'meetingId');
    const level = int(v, 'meetingLevel') === 1 ? 1 : 2;
    const agendaRows = db.getRepository(SupervisionMeetingItemEntity);
    const row = await agendaRows.findOneByOrFail({ meetingId, itemId: item.id });
    if (row.deliveredAt) return {};
    const items = db.getRepository(SupervisionItemEntity);
    let variables: Record<string, { value: unknown; type: string }>;

    if (level === 2) {
      const conclusion = oneOf(v, 'meetingConclusion', Object.keys(LEVEL2_CONCLUSIONS) as Level2Conclusion[]);
      const opinion = text(v, 'meetingOpinion');
      const lead = conclusion === 'resolved' ? (unitOrNull(v, 'meetingLeadUnit') ?? item.leadUnit) : null;
      const cooperating = conclusion === 'resolved' ? (optText(v, 'meetingCooperatingUnits') ?? null) : null;
      const date = optDate(v, 'meetingDate') ?? null;
      await agendaRows.update({ id: row.id }, { conclusion, leadUnit: lead, opinion, recordedAt: row.recordedAt ?? new Date() });
      await items.update(
        { id: item.id },
        {
          level2MeetingId: meetingId,
          level2Conclusion: conclusion,
          level2Opinion: opinion,
          level2Date: date,
          pendingMeetingId: null,
          ...(conclusion === 'resolved' ? { redispatchUnit: lead, redispatchCooperatingUnits: cooperating } : { status: 'review' as const }),
        },
      );
      // The convening units' heads sign afterwards, each in its own task of the item's process (S0-4.3).
      const summary = `${LEVEL2_CONCLUSIONS[conclusion]}（${date ?? ''}）：${opinion}`;
      variables = {
        level2Conclusion: { value: conclusion, type: 'String' },
        level2Summary: { value: summary, type: 'String' },
        level2MeetingId: { value: meetingId, type: 'Integer' },
      };
    } else {
      const decision = oneOf(v, 'finalDecision', Object.keys(FINAL_DECISIONS) as FinalDecision[]);
      const opinion = text(v, 'level1Opinion');
      const lead = decision === 'continue' ? (unitOrNull(v, 'finalLeadUnit') ?? item.leadUnit) : null;
      await agendaRows.update({ id: row.id }, { conclusion: decision, leadUnit: lead, opinion, recordedAt: row.recordedAt ?? new Date() });
      await items.update(
        { id: item.id },
        {
          level1MeetingId: meetingId,
          level1Opinion: opinion,
          level1Date: optDate(v, 'finalDate') ?? null,
          finalDecision: decision,
          finalSigner: text(v, 'finalSigner'),
          finalDate: optDate(v, 'finalDate') ?? null,
          pendingMeetingId: null,
          ...(decision === 'continue' ? { redispatchUnit: lead } : {}),
        },
      );
      variables = { finalDecision: { value: decision, type: 'String' }, level1MeetingId: { value: meetingId, type: 'Integer' } };
    }

    try {
      await engine.post('/message', {
        messageName: level === 2 ? LEVEL2_MESSAGE : LEVEL1_MESSAGE,
        processInstanceId: item.processInstanceId,
        processVariables: variables,
      });
    } catch (err) {
      // 400 "no execution matches": delivered before (acknowledgement lost), or the item is not waiting.
      if (!(err instanceof EngineError && err.httpStatus === 400 && (await alreadyDelivered(engine, item, level)))) throw err;
    }
    await agendaRows.update({ id: row.id }, { deliveredAt: new Date() });
    return {};
  },
};
