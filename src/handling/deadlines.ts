import { toIsoWithOffset, type WorkingCalendar } from '../calendar/index.js';
import { MAX_TIME_LIMIT_DAYS } from '../catalogue/categories.js';

/**
 * S2-5.1 time limits of one handling round: "一般事件应在5个工作日内完成，原则上不能超过15个工作日".
 *
 * - The round is due after the category's limit (5 working days by default, never more than 15).
 * - The 15 working days are the EVENT's, counted from its first dispatch, not each round's: a
 *   returned, reopened or re-dispatched event does not get a fresh 15. While that horizon lies
 *   ahead, a round's due date never lies beyond it, and the escalation to the centre fires at it.
 * - Past the horizon (the centre re-dispatched the event after it was escalated at the 15th working
 *   day, or verification reopened it after that day), the round gets the category's limit and
 *   goes back to the centre at its own due date: the event is already beyond 15 and recorded so
 *   (the escalated round is booked late), so each further round is watched at its due date.
 * - The warning comes one working day before the due date (half-way for a one-day limit).
 */
export const DEFAULT_TIME_LIMIT_DAYS = 5;

export interface RoundDeadlines {
  /** The category's limit, clamped to 1–15 working days. */
  timeLimitDays: number;
  dueAt: string;
  warnAt: string;
  escalateAt: string;
  /** The event's 15th working day after its first dispatch. */
  horizonAt: string;
  /** True when the due date was cut back to the event's 15th working day. */
  cappedByHorizon: boolean;
}

/** The event's 15-working-day horizon (S2-5.1), counted from its first dispatch. */
export function eventHorizon(calendar: WorkingCalendar, firstDispatchedAt: Date): Date {
  return calendar.addWorkingDays(firstDispatchedAt, MAX_TIME_LIMIT_DAYS);
}

export function roundDeadlines(calendar: WorkingCalendar, dispatchedAt: Date, requestedDays: number | undefined, firstDispatchedAt: Date = dispatchedAt): RoundDeadlines {
  const days = Math.min(MAX_TIME_LIMIT_DAYS, Math.max(1, Math.trunc(requestedDays ?? DEFAULT_TIME_LIMIT_DAYS)));
  const first = firstDispatchedAt.getTime() <= dispatchedAt.getTime() ? firstDispatchedAt : dispatchedAt;
  const horizon = eventHorizon(calendar, first);
  const own = calendar.addWorkingDays(dispatchedAt, days);
  const midway = (to: Date) => new Date((dispatchedAt.getTime() + to.getTime()) / 2);

  let due: Date;
  let warn: Date;
  let escalate: Date;
  let capped = false;
  if (horizon.getTime() <= dispatchedAt.getTime()) {
    // Already beyond the event's 15 working days: the round's own limit, back to the centre at it.
    due = own;
    escalate = own;
    warn = days > 1 ? calendar.addWorkingDays(dispatchedAt, days - 1) : midway(own);
  } else if (own.getTime() <= horizon.getTime()) {
    due = own;
    escalate = horizon;
    warn = days > 1 ? calendar.addWorkingDays(dispatchedAt, days - 1) : midway(own);
  } else {
    capped = true;
    due = horizon;
    escalate = horizon;
    const dayBefore = calendar.addWorkingDays(first, MAX_TIME_LIMIT_DAYS - 1);
    warn = dayBefore.getTime() > dispatchedAt.getTime() ? dayBefore : midway(horizon);
  }
  return {
    timeLimitDays: days,
    dueAt: toIsoWithOffset(due),
    warnAt: toIsoWithOffset(warn),
    escalateAt: toIsoWithOffset(escalate),
    horizonAt: toIsoWithOffset(horizon),
    cappedByHorizon: capped,
  };
}
