import type { DataSource } from 'typeorm';
import type { WorkingCalendar } from '../calendar/index.js';
import type { LedgerOutcome } from '../db/entities/index.js';
import type { OrgChart } from '../identity/org-chart.js';
import { roundDeadlines, type RoundDeadlines } from './deadlines.js';
import { bookAssist, closeRoundRows, firstDispatchOf, leadReturnCount, leadRow, openRoundRows, type CompletedAssist } from './ledger.js';
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
  const existing = await leadRow(db, input.eventNumber, round, input.leadUnit);
  const dispatchedAt = existing?.dispatchedAt ?? now;
  const firstDispatchedAt = (await firstDispatchOf(db, input.eventNumber)) ?? dispatchedAt;
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

/**
 * Closes a round in the assessment book (S2-5.2, S4-4.9) and moves the event on. `note` is the
 * lead unit's words (return reason or feedback); `assists` the assist tasks of the round the
 * engine already completed (booked as those units' own completions before the rest is closed).
 * Every write sets a known value: a redelivered task changes nothing.
 */
export async function closeRound(
  db: DataSource,
  input: { eventNumber: string; round: number; outcome: LedgerOutcome; note: string | null; assists?: readonly CompletedAssist[] },
  now: Date,
): Promise<ClosedRound> {
  if (!ROUND_OUTCOMES.includes(input.outcome)) throw new Error(`unknown roundOutcome ${input.outcome}`);
  await closeRoundRows(db, input, now);
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
