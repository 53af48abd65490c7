import { createWorkingCalendar, toShanghaiDate } from '../../../src/calendar/index.js';
import { cycleDates, reportDueAt } from '../../../src/consultation/dates.js';

const calendar = createWorkingCalendar();
const day = (d: Date) => toShanghaiDate(d);

describe('S3-3.2 / S3-3.3 dates of the monthly cycle on the working calendar', () => {
  test('the facts the cases rely on: 2026-02-18 and 2026-02-21 fall in the Spring Festival holiday, 2026-04-18 is a Saturday', () => {
    expect(calendar.dayInfo('2026-02-18').working).toBe(false);
    expect(calendar.dayInfo('2026-02-21').working).toBe(false);
    expect(calendar.dayInfo('2026-04-18').working).toBe(false);
    expect(calendar.dayInfo('2026-04-17').working).toBe(true);
    expect(calendar.dayInfo('2026-04-21').working).toBe(true);
  });

  test('S3-3.2 the 18th and the 21st move to the last working day before them (Spring Festival 2026)', () => {
    const d = cycleDates('2026-02', calendar);
    // Hand-checked against the 2026 arrangement: 2/14 (Sat) is a swapped working day, 2/15–2/23 are off.
    expect(day(d.collectionCloseAt)).toBe('2026-02-14');
    expect(day(d.agendaDueAt)).toBe('2026-02-14');
    expect(d.collectionCloseAt.toISOString()).toBe('2026-02-14T09:30:00.000Z');
  });

  test('S3-3.2 a Saturday 18th closes collection on Friday the 17th; a working 21st stays', () => {
    const d = cycleDates('2026-04', calendar);
    expect(day(d.collectionCloseAt)).toBe('2026-04-17');
    expect(day(d.agendaDueAt)).toBe('2026-04-21');
  });

  test('S3-3.3 the report of the 15th moves to the next working day (March 2026: the 15th is a Sunday)', () => {
    expect(calendar.dayInfo('2026-03-15').working).toBe(false);
    expect(day(reportDueAt('2026-02', calendar))).toBe('2026-03-16');
    expect(day(reportDueAt('2026-04', calendar))).toBe('2026-05-15');
  });
});
