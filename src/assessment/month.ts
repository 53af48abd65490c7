import { parseInstant } from '../calendar/civil-date.js';
import { DomainError, invalidField } from '../errors.js';

/** An assessment month `YYYY-MM`, Beijing time: `[start, end)`. */
export interface MonthRange {
  month: string;
  start: Date;
  end: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthRange(month: string): MonthRange {
  if (!MONTH.test(month)) throw invalidField('month', `月份应为 YYYY-MM 格式：${month}`);
  return { month, start: parseInstant(`${month}-01T00:00:00+08:00`), end: parseInstant(`${shiftMonth(month, 1)}-01T00:00:00+08:00`) };
}

/** The month `now` falls in (Beijing time). */
export function monthOf(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** A month that can be assessed: well-formed and already over (400 `MONTH_NOT_ENDED` for the current month or a future one). */
export function endedMonth(month: string, now: Date): MonthRange {
  const range = monthRange(month);
  if (range.end.getTime() > now.getTime()) {
    throw new DomainError('MONTH_NOT_ENDED', 400, `${monthLabel(month)}尚未结束，不能考核`, { field: 'month' });
  }
  return range;
}

export function monthLabel(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}
