import { createWorkingCalendar } from '../../../src/calendar/index.js';
import { due, errorCode } from './helpers.js';

describe('local overrides from the app database', () => {
  const calendar = createWorkingCalendar({
    overrides: [
      { date: '2026-10-08', working: false, name: '台风停工' }, // official working day closed locally
      { date: '2026-10-05', working: true, name: '区值班日' }, // official holiday worked locally
      { date: '2026-11-21', working: true }, // a Saturday
      { date: '2027-10-01', working: true }, // a statutory holiday
    ],
  });

  test('an override beats the official arrangement in both directions', () => {
    expect(calendar.dayInfo('2026-10-08')).toEqual({ date: '2026-10-08', working: false, source: 'override', name: '台风停工' });
    expect(calendar.dayInfo('2026-10-05')).toEqual({ date: '2026-10-05', working: true, source: 'override', name: '区值班日' });
  });

  test('an override beats the weekend and the statutory fallback', () => {
    expect(calendar.dayInfo('2026-11-21')).toEqual({ date: '2026-11-21', working: true, source: 'override' });
    expect(calendar.dayInfo('2027-10-01')).toMatchObject({ working: true, source: 'override' });
  });

  test('S2-5.1 deadlines follow the overrides', () => {
    expect(due(calendar, '2026-10-04T10:00:00+08:00', 1)).toBe('2026-10-05T23:59:59+08:00');
    expect(due(calendar, '2026-10-05T16:55:00+08:00', 1)).toBe('2026-10-09T23:59:59+08:00');
  });

  test('without the overrides the same calendar data gives the official answer', () => {
    expect(createWorkingCalendar().dayInfo('2026-10-08')).toMatchObject({ working: true, source: 'weekday' });
  });

  test('an entered official arrangement beats the package date by date, and an override beats both', () => {
    const entered = createWorkingCalendar({
      officialYears: [{ year: 2026, days: [{ date: '2026-10-09', working: false, name: '国庆节' }] }],
      overrides: [{ date: '2026-10-09', working: true }],
    });
    expect(entered.dayInfo('2026-10-09').source).toBe('override');
    const enteredOnly = createWorkingCalendar({
      officialYears: [{ year: 2026, days: [{ date: '2026-10-09', working: false, name: '国庆节' }] }],
    });
    expect(enteredOnly.dayInfo('2026-10-09')).toEqual({ date: '2026-10-09', working: false, source: 'official', name: '国庆节' });
    expect(enteredOnly.dayInfo('2026-10-10').working).toBe(true); // package data still applies elsewhere
  });

  test('an entered arrangement may start in December of the year before (元旦)', () => {
    const entered = createWorkingCalendar({
      officialYears: [{ year: 2028, days: [{ date: '2027-12-31', working: false, name: '元旦' }] }],
    });
    expect(entered.dayInfo('2027-12-31')).toMatchObject({ working: false, source: 'official', name: '元旦' });
    expect(entered.officialYears()).toContain(2028);
  });
});

describe('overrides that cannot be right are refused', () => {
  test.each([
    ['an impossible date', { overrides: [{ date: '2026-02-30', working: false }] }, 'INVALID_DATE'],
    ['a date in another format', { overrides: [{ date: '2026/10/08', working: false }] }, 'INVALID_DATE'],
    ['a missing working flag', { overrides: [{ date: '2026-10-08' }] }, 'INVALID_OVERRIDE'],
    ['the same date twice', { overrides: [{ date: '2026-10-08', working: false }, { date: '2026-10-08', working: true }] }, 'INVALID_OVERRIDE'],
    ['an entered day outside its year', { officialYears: [{ year: 2027, days: [{ date: '2028-01-01', working: false }] }] }, 'INVALID_OVERRIDE'],
    ['the same year entered twice', { officialYears: [{ year: 2027, days: [] }, { year: 2027, days: [] }] }, 'INVALID_OVERRIDE'],
    ['a year that is not a year', { officialYears: [{ year: 27.5, days: [] }] }, 'INVALID_OVERRIDE'],
  ])('%s', (_, options, code) => {
    expect(errorCode(() => createWorkingCalendar(options as never))).toBe(code);
  });
});
