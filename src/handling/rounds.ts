import type { DataSource } from 'typeorm';
import type { WorkingCalendar } from '../calendar/index.js';
import type { LedgerOutcome } from '../db/entities/index.js';
import type { EngineFacade } from '../engine/facade.js';
import { parseEngineDate } from '../engine/variables.js';
import type { OrgChart } from '../identity/org-chart.js';
import { roundDeadlines, type RoundDeadlines } from './deadlines.js';
import { bookAssist, closeRoundRows, dispatchHistory, leadReturnCount, openRoundRows, roundRows, type CompletedAssist } from './ledger.js';
import { markHandling, markRoundClosed } from './transitions.js';

/**
 * Handling rounds (处置轮次). A round starts at dispatch (派单, S4-4.2 / S2-4 / S2-5.1): the
 * responsibility list names the platform, lead unit, cooperating units and time limit, unless the
 * centre, a street meeting or the supervision meeting assigned units by hand; one ledger row per
 * unit is opened and the deadlines go to the process timers. A round ends when the lead unit
 * completes, returns, reports it cannot handle it, it is escalated or taken to supervision, or
 * verification reopens it.
 */

/** One row of the DMN `responsibility-routing` (category + street). */
export interface Route {
  platform: string;
  leadUnit: string;
  cooperatingUnits: string;
  timeLimitDays: number;
  districtUnit: string;
}

export interface Assignment {
  /** Units named by hand (centre re-dispatch, street meeting, supervision); comma list for cooperating. */
  assignedLeadUnit?: string;
  assignedCooperatingUnits?: string;
  /** `returned` after supervision sent the item back unchanged: the same lead unit again (S0-4.2). */
  supervisionOutcome?: string;
  /** The current lead unit (for the S0-4.2 return). */
  leadUnit?: string;
  grade?: string;
}

export const splitList = (value: string | undefined | null): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Who handles the round: the units named by hand, else the route's lead and cooperating units; a
 * major event goes to the district functional department alone (S2-3). Every unit must be in the org chart.
 */
export function roundUnits(route: Route, assignment: Assignment, chart: OrgChart): { leadUnit: string; cooperatingUnits: string[] } {
  const assigned = assignment.assignedLeadUnit ?? (assignment.supervisionOutcome === 'returned' ? assignment.leadUnit : undefined);
  const major = assignment.grade === 'major';
  const leadUnit = assigned ?? (major ? route.districtUnit : route.leadUnit);
  const cooperatingUnits = (assigned ? splitList(assignment.assignedCooperatingUnits) : major ? [] : splitList(route.cooperatingUnits)).filter((u) => u !== leadUnit);
  const known = new Set(chart.units.map((u) => u.id));
  for (const unit of [leadUnit, ...cooperatingUnits]) if (!known.has(unit)) throw new Error(`unit ${unit} is not in the org chart`);
  return { leadUnit, cooperatingUnits };
}

export interface DispatchedRound extends RoundDeadlines {
  round: number;
  /** The event's first dispatch (S2-5.1: its 15 working days count from then). */
  firstDispatchedAt: Date;
  leadUnit: string;
  cooperatingUnits: string[];
  dispatchedAt: Date;
}

/**
 * Dispatches round `previousRound + 1`: opens its ledger rows and marks the event as being handled.
 * Idempotent: a redelivered task finds the round's rows and reuses their dispatch time, so the
 * deadlines come out the same. S2-5.1: the event's 15 working days count from its FIRST dispatch
 * (the earliest ledger row), whatever the round.
 */
export async function dispatchRound(
  db: DataSource,
  calendar: WorkingCalendar,
  input: { eventNumber: string; previousRound: number; leadUnit: string; cooperatingUnits: string[]; timeLimitDays: number | undefined },
  now: Date,
): Promise<DispatchedRound> {
  const round = input.previousRound + 1;
  const history = await dispatchHistory(db, input.eventNumber, round, input.leadUnit);
  const dispatchedAt = history.lead?.dispatchedAt ?? now;
  const firstDispatchedAt = history.firstDispatchedAt ?? dispatchedAt;
  const deadlines = roundDeadlines(calendar, dispatchedAt, input.timeLimitDays, firstDispatchedAt);
  const units = [{ unitId: input.leadUnit, role: 'lead' as const }, ...input.cooperatingUnits.map((unitId) => ({ unitId, role: 'cooperating' as const }))];
  await openRoundRows(db, { eventNumber: input.eventNumber, round, units, dispatchedAt, dueAt: new Date(deadlines.dueAt) });
  await markHandling(db, input.eventNumber, {
    round,
    leadUnit: input.leadUnit,
    cooperatingUnits: input.cooperatingUnits,
    dueAt: new Date(deadlines.dueAt),
    warnAt: new Date(deadlines.warnAt),
  });
  return { ...deadlines, round, leadUnit: input.leadUnit, cooperatingUnits: input.cooperatingUnits, dispatchedAt, firstDispatchedAt };
}

export const ROUND_OUTCOMES: LedgerOutcome[] = ['completed', 'returned', 'cannot-handle', 'escalated', 'reopened', 'supervision'];

/** S3: the second return of the same event flags it as an unclear-responsibility item. */
export const UNCLEAR_RESPONSIBILITY_RETURNS = 2;

export interface ClosedRound {
  returnCount: number;
  unclearResponsibility: boolean;
}

/** The assist task of event-handling.bpmn's assist sub-process, and the variable its form fills. */
export const ASSIST_TASK = 'UserTask_AssistHandling';
export const ASSIST_FEEDBACK = 'assistFeedback';

/** What `completedAssists` reads of the engine's history (the facade's `history`). */
export type AssistHistory = Pick<EngineFacade['history'], 'activityInstances' | 'identityLinks' | 'variableInstances'>;

/**
 * The assist tasks the engine completed in a process instance since `since` (the round's
 * dispatch): the unit each was offered to (its candidate group), the feedback its form filled in
 * the assist sub-process, and when it was completed. The booking of an assist (a service task
 * after the assist task) runs asynchronously; when the lead unit returns the event within
 * moments, the round closes before that booking, and this is where the assist is found.
 */
export async function completedAssists(history: AssistHistory, processInstanceId: string, since: Date): Promise<CompletedAssist[]> {
  const done = (await history.activityInstances({ processInstanceId, activityId: ASSIST_TASK, finished: true })).filter(
    (a) => !a.canceled && a.taskId && a.endTime && parseEngineDate(a.startTime).getTime() >= since.getTime(),
  );
  if (done.length === 0) return [];
  const feedback = await history.variableInstances({ processInstanceId, variableName: ASSIST_FEEDBACK });
  const assists: CompletedAssist[] = [];
  for (const a of done) {
    const links = await history.identityLinks({ taskId: a.taskId as string, type: 'candidate' });
    const unitId = links.find((l) => l.operationType === 'add' && l.groupId)?.groupId;
    if (!unitId) continue;
    // The form's feedback is a local variable of the task's assist sub-process instance, held by
    // the execution that ran the task.
    const words = feedback.find((v) => v.executionId === a.executionId)?.value;
    assists.push({ unitId, feedback: typeof words === 'string' && words.trim() ? words : null, completedAt: parseEngineDate(a.endTime as string) });
  }
  return assists;
}

/**
 * Closes a round in the assessment book (S2-5.2, S4-4.9) and moves the event on. `note` is the
 * lead unit's words (return reason or feedback). When the lead unit returns the event or reports
 * it cannot handle it while a cooperating unit's row is still open, the assist tasks the engine
 * already completed in that round (`engine`: the history of `processInstanceId`) are booked as
 * those units' own completions first; only the rest is withdrawn. Every write sets a known value:
 * a redelivered task changes nothing.
 */
export async function closeRound(
  db: DataSource,
  input: { eventNumber: string; round: number; outcome: LedgerOutcome; note: string | null; engine?: { history: AssistHistory; processInstanceId: string } },
  now: Date,
): Promise<ClosedRound> {
  if (!ROUND_OUTCOMES.includes(input.outcome)) throw new Error(`unknown roundOutcome ${input.outcome}`);
  let assists: CompletedAssist[] = [];
  if (input.engine && (input.outcome === 'returned' || input.outcome === 'cannot-handle')) {
    const rows = await roundRows(db, input.eventNumber, input.round);
    const open = rows.filter((r) => r.role === 'cooperating' && r.outcome === 'open');
    if (open.length > 0) {
      const since = new Date(Math.min(...rows.map((r) => r.dispatchedAt.getTime())));
      assists = (await completedAssists(input.engine.history, input.engine.processInstanceId, since)).filter((a) => open.some((r) => r.unitId === a.unitId));
    }
  }
  await closeRoundRows(db, { eventNumber: input.eventNumber, round: input.round, outcome: input.outcome, note: input.note, assists }, now);
  const returnCount = await leadReturnCount(db, input.eventNumber);
  const unclearResponsibility = returnCount >= UNCLEAR_RESPONSIBILITY_RETURNS;
  await markRoundClosed(db, input.eventNumber, input.outcome, returnCount, unclearResponsibility);
  return { returnCount, unclearResponsibility };
}

/**
 * A cooperating unit completed its assist task (the assist sub-process of event-handling.bpmn):
 * its own row is booked `completed`, with its own feedback and whether it was on time, whatever
 * the lead unit does later (S2-5.2, S4-4.9). Returns false when already booked.
 */
export function recordAssist(db: DataSource, input: { eventNumber: string; round: number; unitId: string; feedback: string | null }, now: Date): Promise<boolean> {
  return bookAssist(db, { eventNumber: input.eventNumber, round: input.round, unitId: input.unitId, feedback: input.feedback, completedAt: now });
}
