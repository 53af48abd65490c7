import { createWorkingCalendar } from '../../../src/calendar/index.js';
import { due } from './helpers.js';

const calendar = createWorkingCalendar();

describe('S2-5.1 deadlines across National Day (国庆)', () => {
  test('S2-5.1 a report at 16:55 on the last working day before National Day 2025 (Tue 30 Sep) must be accepted by the end of the first working day after the holiday', () => {
    expect(due(calendar, '2025-09-30T16:55:00+08:00', 1)).toBe('2025-10-09T23:59:59+08:00');
  });

  test('S2-5.1 a report at 16:55 on the last working day before National Day 2026 (Wed 30 Sep) must be accepted by the end of Thu 8 Oct', () => {
    expect(due(calendar, '2026-09-30T16:55:00+08:00', 1)).toBe('2026-10-08T23:59:59+08:00');
  });

  test('S2-5.1 a report at 16:55 on the Friday before National Day 2025 is due at the end of Sunday 28 Sep, a swapped working day', () => {
    expect(due(calendar, '2025-09-26T16:55:00+08:00', 1)).toBe('2025-09-28T23:59:59+08:00');
  });

  test('S2-5.1 the Friday before National Day 2026 is 中秋 (25 Sep): a report that day is due at the end of Monday 28 Sep', () => {
    expect(due(calendar, '2026-09-25T16:55:00+08:00', 1)).toBe('2026-09-28T23:59:59+08:00');
  });

  test('S2-5.1 a general event received on 30 Sep 2025 is due within 5 working days, counting Saturday 11 Oct', () => {
    // 10-09, 10-10, 10-11 (Sat, 调休), 10-13, 10-14
    expect(due(calendar, '2025-09-30T16:55:00+08:00', 5)).toBe('2025-10-14T23:59:59+08:00');
  });

  test('S2-5.1 a general event received on 30 Sep 2026 is due within 5 working days, and in no case beyond 15', () => {
    expect(due(calendar, '2026-09-30T16:55:00+08:00', 5)).toBe('2026-10-13T23:59:59+08:00');
    expect(due(calendar, '2026-09-30T16:55:00+08:00', 15)).toBe('2026-10-27T23:59:59+08:00');
    expect(due(calendar, '2025-09-30T16:55:00+08:00', 15)).toBe('2025-10-28T23:59:59+08:00');
  });

  test('S2-5.1 a report received during the holiday is due at the end of the first working day after it', () => {
    expect(due(calendar, '2025-10-03T10:00:00+08:00', 1)).toBe('2025-10-09T23:59:59+08:00');
    expect(due(calendar, '2026-10-07T22:00:00+08:00', 1)).toBe('2026-10-08T23:59:59+08:00');
  });
});

describe('S2-5.1 deadlines across the Spring Festival (春节)', () => {
  test('S2-5.1 a report at 16:55 on Friday 24 Jan 2025 is due at the end of Sunday 26 Jan, a swapped working day', () => {
    expect(due(calendar, '2025-01-24T16:55:00+08:00', 1)).toBe('2025-01-26T23:59:59+08:00');
  });

  test('S2-5.1 a report at 16:55 on Mon 27 Jan 2025, the eve of 除夕, is due at the end of Wed 5 Feb', () => {
    expect(due(calendar, '2025-01-27T16:55:00+08:00', 1)).toBe('2025-02-05T23:59:59+08:00');
    // 02-05, 02-06, 02-07, 02-08 (Sat, 调休), 02-10
    expect(due(calendar, '2025-01-27T16:55:00+08:00', 5)).toBe('2025-02-10T23:59:59+08:00');
  });

  test('S2-5.1 a report on Saturday 14 Feb 2026, a swapped working day, is due after the 9-day holiday; 5 days end on Saturday 28 Feb', () => {
    expect(due(calendar, '2026-02-13T16:55:00+08:00', 1)).toBe('2026-02-14T23:59:59+08:00');
    expect(due(calendar, '2026-02-14T16:55:00+08:00', 1)).toBe('2026-02-24T23:59:59+08:00');
    expect(due(calendar, '2026-02-14T16:55:00+08:00', 5)).toBe('2026-02-28T23:59:59+08:00');
  });
});

describe('the deadline rule', () => {
  test('the day of receipt never counts, whatever the time: 00:00 and 23:59 on the same day give the same deadline', () => {
    expect(due(calendar, '2026-11-20T00:00:00+08:00', 1)).toBe('2026-11-23T23:59:59+08:00');
    expect(due(calendar, '2026-11-20T23:59:59+08:00', 1)).toBe('2026-11-23T23:59:59+08:00');
  });

  test('the day of receipt is the Shanghai day: 23:30 UTC is already the next morning in Shanghai', () => {
    expect(due(calendar, '2025-09-29T23:30:00Z', 1)).toBe('2025-10-09T23:59:59+08:00');
    expect(due(calendar, '2025-09-29T15:59:59Z', 1)).toBe('2025-09-30T23:59:59+08:00');
  });

  test('the deadline is the last millisecond of the day in Shanghai', () => {
    expect(calendar.addWorkingDays(new Date('2026-09-30T08:55:00Z'), 1).toISOString()).toBe('2026-10-08T15:59:59.999Z');
  });

  test('a deadline that runs into a year without an official arrangement uses that year’s statutory holidays', () => {
    // 2026-12-31 Thu → 2027-01-01 is 元旦 by law → Monday 4 January
    expect(due(calendar, '2026-12-31T09:00:00+08:00', 1)).toBe('2027-01-04T23:59:59+08:00');
  });
});

describe('S2-5.1 working days elapsed, for warning, overdue and the 15-day escalation', () => {
  const received = '2025-09-30T16:55:00+08:00';

  test('S2-5.1 the time limit is reached exactly at the deadline and not a millisecond before', () => {
    const deadline = calendar.addWorkingDays(received, 5);
    expect(calendar.workingDaysBetween(received, deadline)).toBe(5);
    expect(calendar.workingDaysBetween(received, new Date(deadline.getTime() - 1))).toBe(4);
  });

  test('nothing has elapsed on the day of receipt or during the holiday', () => {
    expect(calendar.workingDaysBetween(received, '2025-09-30T23:59:00+08:00')).toBe(0);
    expect(calendar.workingDaysBetween(received, '2025-10-08T23:59:59.999+08:00')).toBe(0);
    expect(calendar.workingDaysBetween(received, '2025-10-09T12:00:00+08:00')).toBe(0);
    expect(calendar.workingDaysBetween(received, '2025-10-10T00:00:00+08:00')).toBe(1);
  });

  test('S2-5.1 an event is past the 15-day limit once the 15th working day has ended', () => {
    expect(calendar.workingDaysBetween(received, '2025-10-28T23:00:00+08:00')).toBe(14);
    expect(calendar.workingDaysBetween(received, '2025-10-29T00:00:00+08:00')).toBe(15);
  });

  test('for every receipt time and every limit from 1 to 15 days, the deadline is exactly n working days on', () => {
    for (let hour = 0; hour < 24 * 120; hour += 7) {
      const from = new Date(Date.parse('2025-09-01T00:00:00+08:00') + hour * 3_600_000);
      for (const n of [1, 2, 5, 15]) {
        const deadline = calendar.addWorkingDays(from, n);
        expect(calendar.workingDaysBetween(from, deadline)).toBe(n);
        expect(calendar.isWorkingDay(deadline.toISOString().slice(0, 10))).toBe(true); // 15:59 UTC = same day
      }
    }
  });
});
