import { createWorkingCalendar, packageOfficialYears } from '../../../src/calendar/index.js';
import { datesFrom } from './helpers.js';

// Expected dates are the State Council notices: 国办发明电〔2024〕12号 (2025) and the 2026 notice
// (gov.cn/zhengce/zhengceku/202511/content_7047091.htm), as carried by chinese-days.
const calendar = createWorkingCalendar();
const offDays = (first: string, last: string) => datesFrom(first, last).filter((d) => !calendar.isWorkingDay(d));

describe('official arrangement from chinese-days', () => {
  test('the installed package carries the arrangements of 2004 to 2026', () => {
    const years = packageOfficialYears();
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toHaveLength(23);
  });

  test('春节 2025: 28 January (除夕) to 4 February off; Sunday 26 January and Saturday 8 February are working days', () => {
    expect(offDays('2025-01-25', '2025-02-09')).toEqual([
      '2025-01-25', // Saturday
      ...datesFrom('2025-01-28', '2025-02-04'),
      '2025-02-09', // Sunday
    ]);
    expect(calendar.dayInfo('2025-01-26')).toEqual({ date: '2025-01-26', working: true, source: 'official', name: '春节' });
    expect(calendar.dayInfo('2025-02-08')).toEqual({ date: '2025-02-08', working: true, source: 'official', name: '春节' });
    expect(calendar.dayInfo('2025-01-28')).toEqual({ date: '2025-01-28', working: false, source: 'official', name: '春节' });
  });

  test('国庆 2025: 1 to 8 October off (中秋 on the 6th); Sunday 28 September and Saturday 11 October are working days', () => {
    expect(offDays('2025-09-27', '2025-10-12')).toEqual([
      '2025-09-27', // Saturday
      ...datesFrom('2025-10-01', '2025-10-08'),
      '2025-10-12', // Sunday
    ]);
    expect(calendar.dayInfo('2025-09-28').source).toBe('official');
    expect(calendar.dayInfo('2025-10-06').name).toBe('中秋');
    expect(calendar.dayInfo('2025-10-11')).toMatchObject({ working: true, name: '国庆节' });
  });

  test('春节 2026: 15 to 23 February off; Saturdays 14 and 28 February are working days', () => {
    expect(offDays('2026-02-13', '2026-03-01')).toEqual([...datesFrom('2026-02-15', '2026-02-23'), '2026-03-01']);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
  });

  test('国庆 2026: 1 to 7 October off; Sunday 20 September and Saturday 10 October are working days; 中秋 25–27 September off', () => {
    expect(offDays('2026-09-19', '2026-10-11')).toEqual([
      '2026-09-19', // Saturday
      ...datesFrom('2026-09-25', '2026-09-27'),
      ...datesFrom('2026-10-01', '2026-10-07'),
      '2026-10-11', // Sunday
    ]);
    expect(calendar.dayInfo('2026-09-20')).toEqual({ date: '2026-09-20', working: true, source: 'official', name: '国庆节' });
    expect(calendar.dayInfo('2026-10-10')).toEqual({ date: '2026-10-10', working: true, source: 'official', name: '国庆节' });
  });

  test('an ordinary day of a covered year is a plain weekday or weekend', () => {
    expect(calendar.dayInfo('2026-11-20')).toEqual({ date: '2026-11-20', working: true, source: 'weekday' });
    expect(calendar.dayInfo('2026-11-21')).toEqual({ date: '2026-11-21', working: false, source: 'weekend' });
  });

  test('every year from the package counts as loaded, so none of them falls back to statutory holidays', () => {
    expect(calendar.missingOfficialYears([2004, 2025, 2026])).toEqual([]);
    expect(calendar.dayInfo('2026-01-01').source).toBe('official');
  });
});
