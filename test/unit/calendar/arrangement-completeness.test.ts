import { CalendarError } from '../../../src/calendar/index.js';
import { packageOfficialDay } from '../../../src/calendar/official-package.js';
import { checkArrangementCoversStatutory, statutoryHolidays } from '../../../src/calendar/statutory.js';
import { datesFrom } from './helpers.js';

/** Every statutory holiday of the year as a day off: the least a complete arrangement holds. */
const statutoryOff = (year: number) => [...statutoryHolidays(year)].map(([date, name]) => ({ date, working: false, name }));

function refusal(fn: () => void): CalendarError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CalendarError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('S2-5.1 an entered official arrangement must keep every statutory holiday of its year (C-2)', () => {
  test('S2-5.1 an arrangement with only 元旦 is refused, naming each missing festival and its dates in Chinese', () => {
    const error = refusal(() => checkArrangementCoversStatutory(2027, [{ date: '2027-01-01', working: false, name: '元旦' }]));
    expect(error.code).toBe('INCOMPLETE_ARRANGEMENT');
    expect(error.httpStatus).toBe(400);
    expect(error.message).toContain('春节（2027-02-05、2027-02-06、2027-02-07、2027-02-08）');
    expect(error.message).toContain('清明（2027-04-05）');
    expect(error.message).toContain('劳动节（2027-05-01、2027-05-02）');
    expect(error.message).toContain('端午（2027-06-09）');
    expect(error.message).toContain('中秋（2027-09-15）');
    expect(error.message).toContain('国庆节（2027-10-01、2027-10-02、2027-10-03）');
    expect(error.message).not.toContain('元旦');
    expect(error.detail).toEqual({
      year: 2027,
      missing: [
        { name: '春节', dates: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'] },
        { name: '清明', dates: ['2027-04-05'] },
        { name: '劳动节', dates: ['2027-05-01', '2027-05-02'] },
        { name: '端午', dates: ['2027-06-09'] },
        { name: '国庆节', dates: ['2027-10-01', '2027-10-02', '2027-10-03'] },
        { name: '中秋', dates: ['2027-09-15'] },
      ],
    });
  });

  test('S2-5.1 a statutory holiday entered as a working day counts as missing', () => {
    const days = statutoryOff(2027).map((d) => (d.date === '2027-02-05' ? { ...d, working: true } : d));
    const error = refusal(() => checkArrangementCoversStatutory(2027, days));
    expect(error.message).toContain('春节（2027-02-05）');
    expect(error.detail).toEqual({ year: 2027, missing: [{ name: '春节', dates: ['2027-02-05'] }] });
  });

  test('S2-5.1 an arrangement giving every statutory day off (with extra days and 调休) is accepted', () => {
    const days = [...statutoryOff(2027), { date: '2027-02-09', working: false, name: '春节' }, { date: '2027-02-20', working: true, name: '春节' }];
    expect(() => checkArrangementCoversStatutory(2027, days)).not.toThrow();
  });

  test.each([2025, 2026])('the published %i arrangement (as chinese-days carries it) passes the same check', (year) => {
    const published = datesFrom(`${year - 1}-12-01`, `${year}-12-31`).flatMap((date) => {
      const day = packageOfficialDay(date);
      return day ? [{ date, ...day }] : [];
    });
    expect(published.length).toBeGreaterThan(20);
    expect(() => checkArrangementCoversStatutory(year, published)).not.toThrow();
  });

  test('years before the 2024 revision took effect are not checked against its rules', () => {
    expect(() => checkArrangementCoversStatutory(2024, [])).not.toThrow();
  });
});
