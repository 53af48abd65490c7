import { createWorkingCalendar } from '../../../src/calendar/index.js';
import { roundDeadlines } from '../../../src/handling/deadlines.js';

describe('S2-5.1 handling deadlines of one round', () => {
  const calendar = createWorkingCalendar();
  const dispatched = new Date('2026-09-25T10:00:00+08:00'); // Friday before the 2026 National Day holiday

  test('S2-5.1 a general event is due in 5 working days by default, skipping the National Day holiday', () => {
    const d = roundDeadlines(calendar, dispatched, undefined);
    expect(d.timeLimitDays).toBe(5);
    expect(new Date(d.dueAt).getTime()).toBe(Math.floor(calendar.addWorkingDays(dispatched, 5).getTime() / 1000) * 1000);
  });

  test('S2-5.1 no round is ever given more than 15 working days', () => {
    expect(roundDeadlines(calendar, dispatched, 30).timeLimitDays).toBe(15);
    expect(roundDeadlines(calendar, dispatched, 30).dueAt).toBe(roundDeadlines(calendar, dispatched, 15).dueAt);
  });

  test('S2-5.1 the warning comes one working day before the due date, escalation at 15 working days', () => {
    const d = roundDeadlines(calendar, dispatched, 5);
    const toSecond = (t: Date) => Math.floor(t.getTime() / 1000) * 1000;
    expect(new Date(d.dueAt).getTime()).toBe(toSecond(calendar.addWorkingDays(d.warnAt, 1)));
    expect(new Date(d.escalateAt).getTime()).toBe(toSecond(calendar.addWorkingDays(dispatched, 15)));
    expect(d.dueAt.slice(0, 10)).toBe(calendar.addWorkingDays(dispatched, 5).toISOString().slice(0, 10));
  });

  test('a one-day limit warns half-way', () => {
    const d = roundDeadlines(calendar, dispatched, 1);
    expect(new Date(d.warnAt).getTime()).toBeGreaterThan(dispatched.getTime());
    expect(new Date(d.warnAt).getTime()).toBeLessThan(new Date(d.dueAt).getTime());
  });
});
