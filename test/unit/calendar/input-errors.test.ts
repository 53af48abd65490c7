import { createWorkingCalendar, toIsoWithOffset, toShanghaiDate } from '../../../src/calendar/index.js';
import { errorCode } from './helpers.js';

const calendar = createWorkingCalendar();

describe('bad input throws a CalendarError with a code, never a wrong answer', () => {
  test.each(['2026-02-30', '2026-13-01', '2026-9-30', '20260930', '', 'tomorrow'])('date %j is refused', (date) => {
    expect(errorCode(() => calendar.isWorkingDay(date))).toBe('INVALID_DATE');
    expect(errorCode(() => calendar.dayInfo(date))).toBe('INVALID_DATE');
  });

  test.each([0, -1, 1.5, Number.NaN, 1001])('a count of %p working days is refused', (n) => {
    expect(errorCode(() => calendar.addWorkingDays('2026-09-30T16:55:00+08:00', n))).toBe('INVALID_COUNT');
  });

  test.each(['not a date', '2026-09-30T25:00', '2026-09-30T16:55+24:00', '2026-02-30T10:00:00Z'])(
    'a receipt time of %j is refused',
    (from) => {
      expect(['INVALID_INSTANT', 'INVALID_DATE']).toContain(errorCode(() => calendar.addWorkingDays(from, 1)));
    },
  );

  test('an invalid Date is refused', () => {
    expect(errorCode(() => calendar.addWorkingDays(new Date('nonsense'), 1))).toBe('INVALID_INSTANT');
    expect(errorCode(() => toIsoWithOffset(new Date(Number.NaN)))).toBe('INVALID_INSTANT');
  });

  test('an end before the start is refused', () => {
    expect(errorCode(() => calendar.workingDaysBetween('2026-10-09T10:00:00+08:00', '2026-10-08T10:00:00+08:00'))).toBe(
      'INVALID_RANGE',
    );
  });

  test('dates outside 2000–2099 are refused rather than guessed', () => {
    expect(errorCode(() => calendar.isWorkingDay('2100-01-04'))).toBe('OUT_OF_RANGE');
    expect(errorCode(() => calendar.isWorkingDay('1999-12-31'))).toBe('OUT_OF_RANGE');
    expect(errorCode(() => calendar.addWorkingDays('2099-12-31T10:00:00+08:00', 1))).toBe('OUT_OF_RANGE');
  });

  test('the error carries an HTTP status for the API', () => {
    try {
      calendar.isWorkingDay('2026-02-30');
      throw new Error('did not throw');
    } catch (error) {
      expect(error).toMatchObject({ name: 'CalendarError', code: 'INVALID_DATE', httpStatus: 400 });
    }
  });
});

describe('instants and ISO strings', () => {
  test('a string without an offset is Shanghai time; a bare date is Shanghai midnight', () => {
    expect(toIsoWithOffset(calendar.addWorkingDays('2026-09-30 16:55', 1))).toBe('2026-10-08T23:59:59+08:00');
    expect(toShanghaiDate('2026-09-30')).toBe('2026-09-30');
    expect(toShanghaiDate('2026-09-30T16:00:00Z')).toBe('2026-10-01');
    expect(toShanghaiDate('2026-09-30T11:00:00-05:00')).toBe('2026-10-01');
  });

  test('toIsoWithOffset writes Shanghai time to the second with +08:00, for BPMN timeDate', () => {
    expect(toIsoWithOffset(new Date('2026-10-08T15:59:59.999Z'))).toBe('2026-10-08T23:59:59+08:00');
    expect(toIsoWithOffset(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00');
  });
});
