import { describeCalendarStatus } from '../../../src/calendar/calendar-status.js';
import { createWorkingCalendar } from '../../../src/calendar/index.js';
import { statutoryHolidays } from '../../../src/calendar/statutory.js';

// chinese-days carries 2004–2026; 2027 has no official arrangement until an administrator enters it.
const calendar = createWorkingCalendar();

describe('S2-5.1 the missing-arrangement warning follows the deadlines the platform computes (C-3)', () => {
  test('S2-5.1 on 1 November 2026 the 15-working-day horizon ends on 20 November: nothing to warn about', () => {
    expect(calendar.status('2026-11-01T10:00:00+08:00')).toEqual({
      year: 2026,
      officialLoaded: true,
      nextYear: 2027,
      nextYearOfficialLoaded: false,
      horizon: '2026-11-20',
      missing: [],
    });
  });

  test('S2-5.1 on 11 December 2026 the horizon reaches 4 January 2027 (元旦 and a weekend skipped): 2027 is reported', () => {
    const status = calendar.status('2026-12-11T09:00:00+08:00');
    expect(status.horizon).toBe('2027-01-04');
    expect(status.missing).toEqual([2027]);
    expect(status.warning).toBe(
      '未载入 2027 年国务院节假日安排（今天起 15 个工作日至 2027-01-04）：暂只按法定节假日计算，没有调休和补假，期限可能偏早。请管理员在安排公布后录入。',
    );
  });

  test('S2-5.1 on 10 December 2026 the horizon still ends on 31 December, and 2027 is reported from 1 December anyway', () => {
    const status = calendar.status('2026-12-10T09:00:00+08:00');
    expect(status.horizon).toBe('2026-12-31');
    expect(status.missing).toEqual([2027]);
  });

  test('S2-5.1 in November an open deadline already in 2027 raises the warning at once, naming that deadline', () => {
    const status = calendar.status('2026-11-01T10:00:00+08:00', { deadlines: ['2026-11-10T23:59:59+08:00', '2027-01-05T23:59:59+08:00'] });
    expect(status).toMatchObject({ horizon: '2026-11-20', latestDeadline: '2027-01-05', missing: [2027] });
    expect(status.warning).toContain('已排定的最晚期限 2027-01-05');
  });

  test('S2-5.1 a deadline late on 31 December Shanghai time (16:00 UTC the same day) still counts in 2026', () => {
    const status = calendar.status('2026-11-01T10:00:00+08:00', { deadlines: [new Date('2026-12-31T15:59:59.999Z')] });
    expect(status).toMatchObject({ latestDeadline: '2026-12-31', missing: [] });
    expect(status.warning).toBeUndefined();
  });

  test('S2-5.1 once 2027 is entered, the December horizon into 2027 raises nothing', () => {
    const entered = createWorkingCalendar({
      officialYears: [{ year: 2027, days: [...statutoryHolidays(2027)].map(([date, name]) => ({ date, working: false, name })) }],
    });
    const status = entered.status('2026-12-11T09:00:00+08:00', { deadlines: ['2027-01-04T23:59:59+08:00'] });
    expect(status).toMatchObject({ horizon: '2027-01-04', nextYearOfficialLoaded: true, missing: [] });
    expect(status.warning).toBeUndefined();
  });
});

describe('S2-5.1 npm start prints the calendar status when the platform is up (C-3)', () => {
  test('S2-5.1 on 11 December 2026 the start-up output carries the warning; on 1 November it says what is covered', () => {
    expect(describeCalendarStatus(calendar.status('2026-12-11T09:00:00+08:00'))).toBe(
      '⚠ 未载入 2027 年国务院节假日安排（今天起 15 个工作日至 2027-01-04）：暂只按法定节假日计算，没有调休和补假，期限可能偏早。请管理员在安排公布后录入。',
    );
    expect(describeCalendarStatus(calendar.status('2026-11-01T10:00:00+08:00'))).toBe(
      'official arrangements loaded for every deadline computed now (15 working days reach 2026-11-20)',
    );
  });
});
