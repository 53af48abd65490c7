import { createWorkingCalendar, toIsoWithOffset } from '../../../src/calendar/index.js';
import { reportInPersonDueAt } from '../../../src/assessment/follow-up.js';
import { afterMeetingDueDates } from '../../../src/consultation/dates.js';
import { meetingRecordDueAt } from '../../../src/supervision/deadlines.js';

// Due dates of the meeting tasks the seeds give no time limit: the platform's defaults, counted in
// working days of the calendar (2026 official arrangement: 1–7 October off, Saturday 10 October
// worked). Every expected date below is worked out by hand from that arrangement.
describe('issue 10: meeting tasks are due after working days of the calendar', () => {
  const calendar = createWorkingCalendar();

  test('S0-4.3 S0-4.5 a meeting item is recorded by the end of the working day after the meeting, across National Day', () => {
    // Meeting on Wednesday 30 September; 1–7 October are off: due Thursday 8 October.
    expect(meetingRecordDueAt(calendar, new Date('2026-09-30T09:30:00+08:00'), new Date('2026-09-29T10:00:00+08:00'))).toBe('2026-10-08T23:59:59+08:00');
  });

  test('S0-4.3 a meeting already under way counts from now: Friday 20 November → Monday 23 November', () => {
    expect(meetingRecordDueAt(calendar, new Date('2026-11-19T09:30:00+08:00'), new Date('2026-11-20T10:00:00+08:00'))).toBe('2026-11-23T23:59:59+08:00');
    expect(meetingRecordDueAt(calendar, undefined, new Date('2026-11-20T10:00:00+08:00'))).toBe('2026-11-23T23:59:59+08:00');
  });

  test('S3-3.3 the special report is approved within 3 and the leaders decide within 8 working days of the meeting', () => {
    // Closed Monday 28 September: 29, 30 Sep, (1–7 Oct off), 8 Oct = 3; 9, 10 (worked Saturday), 12, 13, 14 Oct = 8.
    const due = afterMeetingDueDates(calendar, new Date('2026-09-28T16:00:00+08:00'));
    expect(toIsoWithOffset(due.specialReportDueAt)).toBe('2026-10-08T23:59:59+08:00');
    expect(toIsoWithOffset(due.leaderDecisionDueAt)).toBe('2026-10-14T23:59:59+08:00');
  });

  test('S4-4.9 the bottom three report in person within 10 working days of the bulletin', () => {
    // Published Friday 20 November: 23–27 Nov = 5, 30 Nov–4 Dec = 10.
    expect(toIsoWithOffset(reportInPersonDueAt(calendar, new Date('2026-11-20T10:00:00+08:00')))).toBe('2026-12-04T23:59:59+08:00');
  });
});
