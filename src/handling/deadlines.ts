import { toIsoWithOffset, type WorkingCalendar } from '../calendar/index.js';
import { MAX_TIME_LIMIT_DAYS } from '../catalogue/categories.js';

/**
 * S2-5.1 time limits of one handling round: due after the category's limit (5 working days by
 * default) and never beyond 15; a warning one working day before the due date (half-way for a
 * one-day limit); escalation to the centre at 15 working days.
 */
export const DEFAULT_TIME_LIMIT_DAYS = 5;

export interface RoundDeadlines {
  timeLimitDays: number;
  dueAt: string;
  warnAt: string;
  escalateAt: string;
}

export function roundDeadlines(calendar: WorkingCalendar, dispatchedAt: Date, requestedDays: number | undefined): RoundDeadlines {
  const days = Math.min(MAX_TIME_LIMIT_DAYS, Math.max(1, Math.trunc(requestedDays ?? DEFAULT_TIME_LIMIT_DAYS)));
  const due = calendar.addWorkingDays(dispatchedAt, days);
  const warn = days > 1 ? calendar.addWorkingDays(dispatchedAt, days - 1) : new Date((dispatchedAt.getTime() + due.getTime()) / 2);
  const escalate = calendar.addWorkingDays(dispatchedAt, MAX_TIME_LIMIT_DAYS);
  return { timeLimitDays: days, dueAt: toIsoWithOffset(due), warnAt: toIsoWithOffset(warn), escalateAt: toIsoWithOffset(escalate) };
}
