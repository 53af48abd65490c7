/**
 * Holidays fixed by law — 全国年节及纪念日放假办法 as revised in 2024, in force from 2025 — for a
 * year whose official arrangement is not loaded: 元旦 1/1; 春节 除夕 to 正月初三 (4 days); 清明;
 * 劳动节 5/1–5/2; 端午 (lunar 5/5); 中秋 (lunar 8/15); 国庆节 10/1–10/3. 13 days.
 *
 * Only the holidays themselves. The yearly arrangement also swaps weekends (调休) and, by article 6,
 * gives a make-up day when a holiday falls on a weekend (补假); where those land is known only once
 * the State Council publishes. A fallback year therefore has fewer days off than the real one, so
 * deadlines computed from it come out early, never late.
 */
import chineseDays from 'chinese-days';
import { dayFromParts, formatDay, parseIsoDate } from './civil-date.js';
import { CalendarError } from './errors.js';

/** The year the 2024 revision (and so statutoryHolidays) took effect; earlier years had other rules. */
export const STATUTORY_RULES_FROM = 2025;

/** Date 'YYYY-MM-DD' → Chinese holiday name, for one Gregorian year. */
export function statutoryHolidays(year: number): Map<string, string> {
  const holidays = new Map<string, string>();
  const add = (day: number, name: string) => {
    const date = formatDay(day);
    const existing = holidays.get(date);
    holidays.set(date, existing ? `${existing}、${name}` : name);
  };

  add(dayFromParts(year, 1, 1), '元旦');
  const newYear = lunarToDay(year, 1, 1);
  for (let d = newYear - 1; d <= newYear + 2; d++) add(d, '春节');
  add(dayFromParts(year, 4, qingmingDate(year)), '清明');
  add(dayFromParts(year, 5, 1), '劳动节');
  add(dayFromParts(year, 5, 2), '劳动节');
  add(lunarToDay(year, 5, 5), '端午');
  for (let d = 1; d <= 3; d++) add(dayFromParts(year, 10, d), '国庆节');
  add(lunarToDay(year, 8, 15), '中秋');
  return holidays;
}

/**
 * The Gregorian day of a (non-leap) lunar month and day in the lunar year starting in `year`.
 * The package reads the lunar date from local-time fields and writes the answer in local time, so
 * a local Date is right in every server zone (a 'YYYY-MM-DD' string is read as UTC and comes out a
 * day early west of UTC).
 */
function lunarToDay(year: number, month: number, day: number): number {
  return parseIsoDate(chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day)).date);
}

/**
 * 清明, the solar term, falls on 4 or 5 April. The 21st-century formula (寿星通式, C = 4.81) —
 * the same formula and constant as chinese-days' getSolarTermDate, which has no correction for
 * 清明 in this century; we do not call it because it has the same local-zone flaw as above.
 */
function qingmingDate(year: number): number {
  const y = year % 100;
  return Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
}

/**
 * An entered official arrangement must give every statutory holiday of its year as a day off: the
 * State Council's notice always does (a statutory day on a weekend gets a make-up day, it is never
 * worked). A partial entry would otherwise silently turn the omitted statutory days into working
 * days, since a year with an entered arrangement no longer falls back to the statutory holidays.
 * Throws INCOMPLETE_ARRANGEMENT naming each missing festival and its dates. Years before 2025 (other
 * statutory rules; `chinese-days` carries them) are not checked.
 */
export function checkArrangementCoversStatutory(year: number, days: readonly { date: string; working: boolean; name?: string }[]): void {
  if (year < STATUTORY_RULES_FROM) return;
  const off = new Set(days.filter((d) => d.working === false).map((d) => d.date));
  const missing = new Map<string, string[]>();
  for (const [date, names] of statutoryHolidays(year)) {
    if (off.has(date)) continue;
    for (const name of names.split('、')) missing.set(name, [...(missing.get(name) ?? []), date]);
  }
  if (missing.size === 0) return;
  const list = [...missing].map(([name, dates]) => `${name}（${dates.join('、')}）`).join('；');
  throw new CalendarError(
    'INCOMPLETE_ARRANGEMENT',
    `${year} 年官方安排不完整：缺少法定节假日 ${list}。请按国务院通知录入全年安排，每个法定节假日都应为休息日（working: false）。`,
    { year, missing: [...missing].map(([name, dates]) => ({ name, dates })) },
  );
}
