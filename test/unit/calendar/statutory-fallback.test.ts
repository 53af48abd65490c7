import { createWorkingCalendar } from '../../../src/calendar/index.js';
import { packageOfficialDay } from '../../../src/calendar/official-package.js';
import { statutoryHolidays } from '../../../src/calendar/statutory.js';
import { datesFrom, due } from './helpers.js';

// 2027 is not in chinese-days 1.5.7: it stands for "the State Council has published, the package has not".
const calendar = createWorkingCalendar();

describe('a year whose official arrangement is not loaded', () => {
  test('2027 falls back to the 13 holidays fixed by law, with the lunar and solar-term dates of that year', () => {
    expect(Object.fromEntries(statutoryHolidays(2027))).toEqual({
      '2027-01-01': '元旦',
      '2027-02-05': '春节', // 除夕
      '2027-02-06': '春节', // 正月初一
      '2027-02-07': '春节',
      '2027-02-08': '春节', // 初三
      '2027-04-05': '清明',
      '2027-05-01': '劳动节',
      '2027-05-02': '劳动节',
      '2027-06-09': '端午',
      '2027-09-15': '中秋',
      '2027-10-01': '国庆节',
      '2027-10-02': '国庆节',
      '2027-10-03': '国庆节',
    });
    expect(calendar.dayInfo('2027-02-05')).toEqual({ date: '2027-02-05', working: false, source: 'statutory', name: '春节' });
  });

  test('no swapped working weekends are invented: weekends stay off, the day after 初三 is an ordinary working day', () => {
    expect(calendar.dayInfo('2027-02-09')).toEqual({ date: '2027-02-09', working: true, source: 'weekday' });
    expect(datesFrom('2027-01-30', '2027-02-21').filter((d) => calendar.isWorkingDay(d) === false)).toEqual([
      '2027-01-30', '2027-01-31', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08',
      '2027-02-13', '2027-02-14', '2027-02-20', '2027-02-21',
    ]);
  });

  test('when 中秋 falls on a National Day holiday (3 Oct 2028) the day carries both names', () => {
    expect(calendar.dayInfo('2028-10-03')).toEqual({ date: '2028-10-03', working: false, source: 'statutory', name: '国庆节、中秋' });
  });

  test('S2-5.1 until 2027 is entered, a report on Thu 30 Sep 2027 is due on Mon 4 Oct — early, which is why the gap is reported', () => {
    expect(due(calendar, '2027-09-30T16:55:00+08:00', 1)).toBe('2027-10-04T23:59:59+08:00');
  });

  test('S2-5.1 a report at 16:55 on the Friday before National Day 2028 (29 Sep) is due at the end of Wed 4 Oct', () => {
    expect(due(calendar, '2028-09-29T16:55:00+08:00', 1)).toBe('2028-10-04T23:59:59+08:00');
  });

  test('S2-5.1 a report at 16:55 on the Friday before the Spring Festival 2028 (除夕 is Tue 25 Jan) is due on Mon 24 Jan', () => {
    expect(due(calendar, '2028-01-21T16:55:00+08:00', 1)).toBe('2028-01-24T23:59:59+08:00');
    expect(due(calendar, '2028-01-24T16:55:00+08:00', 1)).toBe('2028-01-31T23:59:59+08:00');
  });
});

describe('saying loudly that an official arrangement is missing', () => {
  test('missingOfficialYears names the years with neither package data nor an entered arrangement', () => {
    expect(calendar.missingOfficialYears([2025, 2026, 2027, 2028])).toEqual([2027, 2028]);
  });

  test('in November 2026 nothing is missing yet; from 1 December (Shanghai time) the 2027 gap is reported', () => {
    expect(calendar.status('2026-11-30T23:59:59+08:00')).toEqual({
      year: 2026,
      officialLoaded: true,
      nextYear: 2027,
      nextYearOfficialLoaded: false,
      horizon: '2026-12-21',
      missing: [],
    });
    const december = calendar.status('2026-11-30T16:00:00Z'); // = 1 Dec 00:00 in Shanghai
    expect(december.missing).toEqual([2027]);
    expect(december.warning).toContain('2027');
  });

  test('during 2027 with no arrangement the current year is reported missing', () => {
    const status = calendar.status(new Date('2027-03-01T02:00:00Z'));
    expect(status).toMatchObject({ year: 2027, officialLoaded: false, missing: [2027] });
    expect(status.warning).toMatch(/法定节假日/);
  });

  test('once an administrator enters the 2027 arrangement, it is loaded and replaces the statutory fallback', () => {
    // Illustrative entries, not the real 2027 notice.
    const withEntry = createWorkingCalendar({
      officialYears: [
        {
          year: 2027,
          days: [
            ...datesFrom('2027-10-01', '2027-10-07').map((date) => ({ date, working: false, name: '国庆节' })),
            { date: '2027-09-26', working: true, name: '国庆节' },
          ],
        },
      ],
    });
    expect(withEntry.status('2027-03-01T10:00:00+08:00')).toMatchObject({ officialLoaded: true, missing: [] });
    expect(withEntry.status('2026-12-15T10:00:00+08:00')).toMatchObject({ nextYearOfficialLoaded: true, missing: [] });
    expect(withEntry.dayInfo('2027-09-26')).toEqual({ date: '2027-09-26', working: true, source: 'official', name: '国庆节' });
    expect(withEntry.dayInfo('2027-10-05')).toMatchObject({ working: false, source: 'official' });
    // 春节 was not entered: with the year loaded, the statutory fallback no longer applies.
    expect(withEntry.dayInfo('2027-02-08')).toEqual({ date: '2027-02-08', working: true, source: 'weekday' });
    expect(due(withEntry, '2027-09-30T16:55:00+08:00', 1)).toBe('2027-10-08T23:59:59+08:00');
  });
});

describe('statutory dates checked against published data', () => {
  test('the lunar holidays of 2027–2030 fall on the published dates', () => {
    const expected: Record<number, [string, string, string]> = {
      2027: ['2027-02-06', '2027-06-09', '2027-09-15'],
      2028: ['2028-01-26', '2028-05-28', '2028-10-03'], // 2028 has a leap 5th month: 端午 is in the first
      2029: ['2029-02-13', '2029-06-16', '2029-09-22'],
      2030: ['2030-02-03', '2030-06-05', '2030-09-12'],
    };
    for (const [year, [newYear, dragonBoat, midAutumn]] of Object.entries(expected)) {
      const holidays = statutoryHolidays(Number(year));
      const named = (name: string) => [...holidays].filter(([, n]) => n.includes(name)).map(([d]) => d);
      expect(named('春节')[1]).toBe(newYear);
      expect(named('端午')).toEqual([dragonBoat]);
      expect(named('中秋')).toEqual([midAutumn]);
    }
  });

  test('for 2025 and 2026, under the 2024 law, every statutory holiday is a holiday in the official arrangement', () => {
    for (const year of [2025, 2026]) {
      for (const date of statutoryHolidays(year).keys()) expect([date, packageOfficialDay(date)?.working]).toEqual([date, false]);
    }
  });

  test('for every year 2008–2026 the computed 清明, 端午 and 中秋 were days off and 正月初一 was in the 春节 holiday', () => {
    for (let year = 2008; year <= 2026; year++) {
      for (const [date, name] of statutoryHolidays(year)) {
        // Not always listed by the package: it leaves out 端午 2012-06-23, a Saturday inside 22–24 June.
        if (['清明', '端午', '中秋'].includes(name)) expect([date, calendar.isWorkingDay(date)]).toEqual([date, false]);
      }
      const newYear = [...statutoryHolidays(year)].filter(([, n]) => n === '春节')[1][0];
      expect([newYear, packageOfficialDay(newYear)?.name]).toEqual([newYear, '春节']);
    }
  });
});
