/**
 * The event number (事件编号), one serial-number system for every channel (S4-4.4):
 * `SJ-<YYYYMMDD of receipt in Asia/Shanghai>-<serial>`. The serial is the row's auto-increment
 * id, zero-padded to six digits (it simply grows a digit after 999999), so two events can never
 * share a number however many arrive at once, on SQLite or MariaDB.
 */
export const EVENT_NUMBER_PATTERN = /^SJ-\d{8}-\d{6,}$/;
export const DISTRICT_TIME_ZONE = 'Asia/Shanghai';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: DISTRICT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYY-MM-DD` of an instant in the district's time zone. */
export function districtDate(at: Date): string {
  return dayFormat.format(at);
}

export function formatEventNumber(receivedAt: Date, serial: number): string {
  if (!Number.isInteger(serial) || serial <= 0) throw new RangeError(`event serial must be a positive integer, got ${serial}`);
  return `SJ-${districtDate(receivedAt).replaceAll('-', '')}-${String(serial).padStart(6, '0')}`;
}
