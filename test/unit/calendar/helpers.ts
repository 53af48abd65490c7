import { CalendarError, toIsoWithOffset, type WorkingCalendar } from '../../../src/calendar/index.js';

/** The deadline as the ISO string a BPMN timer would get. */
export function due(calendar: WorkingCalendar, receivedAt: string, n: number): string {
  return toIsoWithOffset(calendar.addWorkingDays(receivedAt, n));
}

/** The CalendarError code `fn` throws, so tests can assert on it without matching messages. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof CalendarError ? error.code : `not a CalendarError: ${String(error)}`;
  }
  return 'did not throw';
}

/** Every date from `first` to `last` inclusive, 'YYYY-MM-DD'. */
export function datesFrom(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}
