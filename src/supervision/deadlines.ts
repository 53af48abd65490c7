import { toIsoWithOffset, type WorkingCalendar } from '../calendar/index.js';

/**
 * Due dates of the supervision process's user tasks, in working days of the working calendar, so
 * that Tasklist can sort and flag them (each unit's filter sorts by due date). The seed (上委办〔2014〕
 * 7号) sets no time limit for these steps: these are the platform's own, chosen to keep an item
 * moving between monthly meetings; change them here. Each is computed by the service task (or the
 * message) that comes just before the user task and handed over as a `…DueAt` process variable
 * (`camunda:dueDate="${…DueAt}"` in supervision.bpmn).
 */
export const SUPERVISION_TASK_WORKING_DAYS = {
  /** The centre fills form 1 (S0-4.1). */
  declareDueAt: 1,
  /** Each convening unit's preliminary review (S0-4.2). */
  reviewDueAt: 3,
  /** Each head signs the level-2 consultation opinion (S0-4.3). */
  signDueAt: 3,
  /** The district leader's review (S0-4.4). */
  leaderReviewDueAt: 5,
  /** Communication with the parties, then the archive form (S0-4.6). */
  communicateDueAt: 5,
  archiveDueAt: 10,
  /** The centre records each item's level-2 conclusion, and the district leader signs the level-1
   * decision, by the end of the working day after the meeting (S0-4.3, S0-4.5). */
  meetingRecordDueAt: 1,
} as const;

export type SupervisionDueVariable = keyof typeof SUPERVISION_TASK_WORKING_DAYS;

export function supervisionDueAt(calendar: WorkingCalendar, from: Date, variable: SupervisionDueVariable): string {
  return toIsoWithOffset(calendar.addWorkingDays(from, SUPERVISION_TASK_WORKING_DAYS[variable]));
}

/** The due-date variables one service task hands over, e.g. `{ reviewDueAt: '2026-12-03T23:59:59+08:00' }`. */
export function supervisionDueDates(calendar: WorkingCalendar, from: Date, ...names: SupervisionDueVariable[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, supervisionDueAt(calendar, from, name)]));
}

/**
 * The meeting's recording tasks (level-2 conclusion, level-1 decision) are due the working day
 * after the meeting: counted from the meeting's time, or from `now` once it is under way.
 */
export function meetingRecordDueAt(calendar: WorkingCalendar, meetingAt: Date | undefined, now: Date): string {
  const from = meetingAt && meetingAt.getTime() > now.getTime() ? meetingAt : now;
  return supervisionDueAt(calendar, from, 'meetingRecordDueAt');
}
