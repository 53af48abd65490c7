import { parseInstant } from '../calendar/civil-date.js';
import { toShanghaiDate, type WorkingCalendar } from '../calendar/index.js';

/**
 * The dates of the monthly cycle (S3-3.2, S3-3.3), on the working-day calendar:
 *  - collection closes on the **18th** and the agenda is fixed by the **21st**: these are 社管办's
 *    own preparation deadlines ("原则上每月18日前 / 21日前"). When the day is not a working day the
 *    deadline moves to the LAST WORKING DAY BEFORE it, so the office never has to work on a rest day
 *    and the meeting still sits in the last third of the month;
 *  - the implementing units' written report is due by the **15th** of the following month. When
 *    the 15th is not a working day it moves to the NEXT WORKING DAY (the usual rule for a party's
 *    deadline that ends on a rest day: the next working day is the last day).
 * Each deadline is at 17:30 Beijing time, the end of the working day.
 */
export const COLLECTION_DAY = 18;
export const AGENDA_DAY = 21;
export const REPORT_DAY = 15;
export const DEADLINE_TIME = '17:30:00';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

export function monthOf(instant: Date): string {
  return toShanghaiDate(instant).slice(0, 7);
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const dayOf = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}`;
const at = (date: string) => parseInstant(`${date}T${DEADLINE_TIME}`);

export function lastWorkingDayOnOrBefore(calendar: WorkingCalendar, date: string): string {
  let d = date;
  while (!calendar.isWorkingDay(d)) d = shiftDay(d, -1);
  return d;
}

export function firstWorkingDayOnOrAfter(calendar: WorkingCalendar, date: string): string {
  let d = date;
  while (!calendar.isWorkingDay(d)) d = shiftDay(d, 1);
  return d;
}

export interface CycleDates {
  month: string;
  /** Collection of items closes (the 18th, or the last working day before it). */
  collectionCloseAt: Date;
  /** The agenda, date and participants are fixed (the 21st, or the last working day before it). */
  agendaDueAt: Date;
}

export function cycleDates(month: string, calendar: WorkingCalendar): CycleDates {
  if (!isMonth(month)) throw new Error(`month must be YYYY-MM: ${month}`);
  return {
    month,
    collectionCloseAt: at(lastWorkingDayOnOrBefore(calendar, dayOf(month, COLLECTION_DAY))),
    agendaDueAt: at(lastWorkingDayOnOrBefore(calendar, dayOf(month, AGENDA_DAY))),
  };
}

/** The written report on a meeting held in `meetingMonth` is due by the 15th of the month after (next working day if not one). */
export function reportDueAt(meetingMonth: string, calendar: WorkingCalendar): Date {
  return at(firstWorkingDayOnOrAfter(calendar, dayOf(nextMonth(meetingMonth), REPORT_DAY)));
}

/**
 * Due dates of the steps after a meeting that seed 003 gives no time limit (S3-3.3: the special
 * report the three conveners approve, then the district leaders' decision). The platform's own
 * defaults, in working days of the calendar from the meeting's close, so that Tasklist can sort
 * and flag them; change them here.
 */
export const AFTER_MEETING_WORKING_DAYS = {
  /** Each convener approves the special report. */
  specialReportDueAt: 3,
  /** The district leaders decide the items the meeting could not (after the report's 3 days). */
  leaderDecisionDueAt: 8,
} as const;

export function afterMeetingDueDates(calendar: WorkingCalendar, closedAt: Date): Record<keyof typeof AFTER_MEETING_WORKING_DAYS, Date> {
  return {
    specialReportDueAt: calendar.addWorkingDays(closedAt, AFTER_MEETING_WORKING_DAYS.specialReportDueAt),
    leaderDecisionDueAt: calendar.addWorkingDays(closedAt, AFTER_MEETING_WORKING_DAYS.leaderDecisionDueAt),
  };
}
