import { createWorkingCalendar } from '../../../src/calendar/index.js';
import { monthlyMeetingTimes } from '../../../src/supervision/meeting-schedule.js';

// S0-3: the level-2 meeting sits at least monthly, on the configured day (next working day if not one).
const calendar = createWorkingCalendar();
const iso = (d: Date) => d.toISOString();

describe('S0-3 the monthly level-2 meeting date', () => {
  test('the timer on the 1st picks the configured day of the month, 09:30 Beijing time; the agenda closes two working days earlier', () => {
    // Fri 2026-11-20.
    const { meetingAt, agendaAt } = monthlyMeetingTimes(new Date('2026-11-01T01:00:00Z'), 20, calendar);
    expect(iso(meetingAt)).toBe('2026-11-20T01:30:00.000Z');
    expect(iso(agendaAt)).toBe('2026-11-18T01:00:00.000Z');
  });

  test('a configured day that is not a working day moves to the next working day; the agenda skips the weekend backwards', () => {
    // Sun 2026-12-20 → Mon 2026-12-21; two working days before: Thu 2026-12-17.
    const { meetingAt, agendaAt } = monthlyMeetingTimes(new Date('2026-12-01T01:00:00Z'), 20, calendar);
    expect(iso(meetingAt)).toBe('2026-12-21T01:30:00.000Z');
    expect(iso(agendaAt)).toBe('2026-12-17T01:00:00.000Z');
  });

  test('a day already past this month (a timer run by hand late) takes next month’s', () => {
    const { meetingAt } = monthlyMeetingTimes(new Date('2026-11-22T03:00:00Z'), 20, calendar);
    expect(iso(meetingAt)).toBe('2026-12-21T01:30:00.000Z');
  });

  test('an agenda closing time already past closes the agenda now', () => {
    const now = new Date('2026-11-19T03:00:00Z');
    const { meetingAt, agendaAt } = monthlyMeetingTimes(now, 20, calendar);
    expect(iso(meetingAt)).toBe('2026-11-20T01:30:00.000Z');
    expect(agendaAt).toEqual(now);
  });

  test('a day beyond the month’s end falls on its last day', () => {
    // 2027-02-28 is a Sunday → Mon 2027-03-01.
    const { meetingAt } = monthlyMeetingTimes(new Date('2027-02-01T01:00:00Z'), 31, calendar);
    expect(iso(meetingAt).slice(0, 10)).toBe('2027-03-01');
  });
});
