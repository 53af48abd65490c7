import { EngineError, type EngineClient } from '../../src/engine/engine-client.js';
import type { SupervisionItem } from '../../src/db/entities/index.js';
import type { OrgChart } from '../../src/identity/org-chart.js';
import { FINAL_DECISIONS, LEVEL2_CONCLUSIONS, type FinalDecision, type Level2Conclusion } from '../../src/supervision/items.js';
import { LEVEL1_MESSAGE, LEVEL2_MESSAGE } from '../../src/supervision/meetings.js';
import { isHandlingUnit } from '../../src/supervision/org.js';
import { int, oneOf, optDate, optText, text, type VariableSource } from '../../src/supervision/variables.js';
import { markConclusionDelivered, recordMeetingConclusion, type MeetingConclusion } from '../../src/supervision/workflow.js';
import { supervisionDueDates } from '../../src/supervision/deadlines.js';
import { variables as engineVariables } from '../../src/engine/variables.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-4.3 / S0-4.5: `recordMeetingConclusion` (src/supervision/workflow.ts) records what the meeting
 * concluded for one agenda item; the handler delivers it to the item's process by message
 * correlation (to that very process instance) and `markConclusionDelivered` notes the delivery.
 *  - Level 2: the conclusion (resolved with a lead unit / no conclusion / cannot be solved), the
 *    consultation opinion and date (the convening units' heads then sign in their own tasks of
 *    the item's process, `supervision-head-signatures`).
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

function unitOrNull(chart: OrgChart, v: VariableSource, name: string): string | null {
  const id = optText(v, name);
  if (id && !isHandlingUnit(chart, id)) throw new Error(`${name} ${id} is not a handling unit of the org chart`);
  return id ?? null;
}

export const supervisionMeetingConclude: TopicDefinition = defineTopic('supervision-meeting-conclude', async (task, { db, engine, context }) => {
  const v = task.variables;
  const level = int(v, 'meetingLevel') === 1 ? 1 : 2;
  const conclusion: MeetingConclusion =
    level === 2
      ? (() => {
          const c = oneOf(v, 'meetingConclusion', Object.keys(LEVEL2_CONCLUSIONS) as Level2Conclusion[]);
          return {
            level: 2,
            conclusion: c,
            opinion: text(v, 'meetingOpinion'),
            leadUnit: c === 'resolved' ? (unitOrNull(context.orgChart, v, 'meetingLeadUnit') ?? undefined) : undefined,
            cooperatingUnits: c === 'resolved' ? optText(v, 'meetingCooperatingUnits') : undefined,
            date: optDate(v, 'meetingDate'),
          };
        })()
      : (() => {
          const decision = oneOf(v, 'finalDecision', Object.keys(FINAL_DECISIONS) as FinalDecision[]);
          return {
            level: 1,
            decision,
            opinion: text(v, 'level1Opinion'),
            leadUnit: decision === 'continue' ? (unitOrNull(context.orgChart, v, 'finalLeadUnit') ?? undefined) : undefined,
            signer: text(v, 'finalSigner'),
            date: optDate(v, 'finalDate'),
          };
        })();
  const recorded = await recordMeetingConclusion(db, { itemId: int(v, 'supervisionId'), meetingId: int(v, 'meetingId'), conclusion }, new Date());
  if (recorded.delivered) return {};
  const { item, variables } = recorded;

  try {
    await engine.post('/message', {
      messageName: level === 2 ? LEVEL2_MESSAGE : LEVEL1_MESSAGE,
      processInstanceId: item.processInstanceId,
      // Level 2: the heads' signing tasks start now, each due after the same working days.
      processVariables: level === 2 ? { ...variables, ...engineVariables(supervisionDueDates(await context.calendar(db), new Date(), 'signDueAt')) } : variables,
    });
  } catch (err) {
    // 400 "no execution matches": delivered before (acknowledgement lost), or the item is not waiting.
    if (!(err instanceof EngineError && err.httpStatus === 400 && (await alreadyDelivered(engine, item, level)))) throw err;
  }
  await markConclusionDelivered(db, recorded.agendaRowId, new Date());
  return {};
});
