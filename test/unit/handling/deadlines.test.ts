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

describe('S2-5.1 the 15 working days are the event’s, counted from its first dispatch', () => {
  const calendar = createWorkingCalendar();
  const first = new Date('2026-11-02T10:00:00+08:00');
  const horizon = calendar.addWorkingDays(first, 15);
  const toSecond = (t: Date | string) => Math.floor(new Date(t).getTime() / 1000) * 1000;

  test('S2-5.1 a round dispatched again 12 working days after the first dispatch is escalated at the event’s 15th working day, not 15 days later', () => {
    const redispatched = new Date(calendar.addWorkingDays(first, 12).getTime() - 6 * 3600_000); // afternoon of the 12th working day
    const d = roundDeadlines(calendar, redispatched, 5, first);
    expect(toSecond(d.escalateAt)).toBe(toSecond(horizon));
    expect(toSecond(d.horizonAt)).toBe(toSecond(horizon));
    // Its own 5 days would end beyond the 15th: the due date is cut back to it, the warning a working day before.
    expect(d.cappedByHorizon).toBe(true);
    expect(toSecond(d.dueAt)).toBe(toSecond(horizon));
    expect(toSecond(d.warnAt)).toBe(toSecond(calendar.addWorkingDays(first, 14)));
  });

  test('S2-5.1 a round whose own limit ends before the horizon keeps it, and still escalates at the event’s 15th working day', () => {
    const redispatched = calendar.addWorkingDays(first, 3);
    const d = roundDeadlines(calendar, redispatched, 5, first);
    expect(d.cappedByHorizon).toBe(false);
    expect(toSecond(d.dueAt)).toBe(toSecond(calendar.addWorkingDays(redispatched, 5)));
    expect(toSecond(d.escalateAt)).toBe(toSecond(horizon));
  });

  test('S2-5.1 a round dispatched after the 15th working day (the centre re-dispatched the escalated event) returns to the centre at its own due date', () => {
    const late = calendar.addWorkingDays(first, 17);
    const d = roundDeadlines(calendar, late, 5, first);
    expect(toSecond(d.dueAt)).toBe(toSecond(calendar.addWorkingDays(late, 5)));
    expect(toSecond(d.escalateAt)).toBe(toSecond(d.dueAt));
    expect(new Date(d.escalateAt).getTime()).toBeGreaterThan(late.getTime());
  });

  test('the first round counts from its own dispatch', () => {
    expect(roundDeadlines(calendar, first, 5)).toEqual(roundDeadlines(calendar, first, 5, first));
  });
});
