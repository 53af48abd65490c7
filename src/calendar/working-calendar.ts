/**
 * Working-day calendar (Asia/Shanghai) and the deadline rule for "within N working days".
 *
 * THE RULE (S2-5.1 and every other "N 个工作日内" limit). As in 民法典 art. 201 (期间开始的当日不计入),
 * the day the item is received is not counted, whatever the time of receipt and whether or not
 * that day is itself a working day. Counting starts the next day and skips every day that is not a
 * working day; the deadline is the END of the N-th working day counted, 24:00 Shanghai time
 * (art. 203: 截止时间为二十四时), represented as 23:59:59.999 +08:00. So a report received at 16:55
 * on the last working day before the National Day holiday (Tue 2025-09-30; Wed 2026-09-30) must be
 * accepted by 23:59:59 on the first working day after it (Thu 2025-10-09; Thu 2026-10-08): five
 * minutes before closing is not spent as "day 1". A swapped working weekend (调休上班) is an
 * ordinary working day: a report at 16:55 on Friday 2025-09-26 is due at the end of Sunday
 * 2025-09-28, which the State Council made a working day. We chose 24:00 (art. 203's general rule)
 * over the command room's 17:00 closing (S2-1): items reach units on duty around the clock, and the
 * later reading never marks late a unit that kept the letter of the limit. A BPMN timer gets the
 * deadline to the second (toIsoWithOffset), i.e. it fires at 23:59:59 +08:00.
 *
 * "Working days elapsed" (workingDaysBetween) counts by the same rule: the working days after the
 * day of receipt that have completely ended at the later instant. Hence
 *   workingDaysBetween(r, addWorkingDays(r, n)) === n, and an item is overdue exactly when
 *   now > addWorkingDays(received, n).
 *
 * Sources, first match wins:
 *  1. local overrides (the app database; e.g. a district closure, or a day the whole district works);
 *  2. the official arrangement: a day entered by an administrator, else the `chinese-days` package;
 *  3. for a year with no official arrangement loaded: the holidays fixed by law (statutory.ts);
 *  4. Saturday and Sunday off, Monday to Friday working.
 * A year "has its official arrangement" if the package covers it or the caller passes it in
 * `officialYears`. The module holds no state and touches no database: the caller passes what the
 * database holds and builds a new calendar when it changes. Years 2000–2099 only.
 */
import {
  endOfShanghaiDay,
  formatDay,
  monthOf,
  parseInstant,
  parseIsoDate,
  shanghaiDayOf,
  weekdayOf,
  yearOf,
} from './civil-date.js';
import { MAX_TIME_LIMIT_DAYS } from '../catalogue/categories.js';
import { CalendarError } from './errors.js';
import { packageOfficialDay, packageOfficialYears } from './official-package.js';
import { statutoryHolidays } from './statutory.js';

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;
const MAX_WORKING_DAYS = 1000;
/** S2-5.1: an event is never to run beyond 15 working days (catalogue MAX_TIME_LIMIT_DAYS). */
const STATUS_HORIZON_WORKING_DAYS = MAX_TIME_LIMIT_DAYS;

/** One day as stored in the database: a local override, or a day of an entered arrangement. */
export interface DayEntry {
  date: string;
  working: boolean;
  name?: string;
}

/**
 * A year's official arrangement as an administrator enters it from the State Council notice: every
 * holiday (working: false) and every swapped working weekend (working: true) of that year. Days not
 * listed are ordinary weekdays and weekends. Dates may reach into December of the year before,
 * where 元旦 sometimes starts.
 */
export interface OfficialArrangement {
  year: number;
  days: DayEntry[];
}

export interface WorkingCalendarOptions {
  overrides?: readonly DayEntry[];
  officialYears?: readonly OfficialArrangement[];
}

export type DaySource = 'override' | 'official' | 'statutory' | 'weekend' | 'weekday';

export interface DayInfo {
  date: string;
  working: boolean;
  source: DaySource;
  /** The holiday the day belongs to (Chinese). On an 'official' working day: a 调休 working day for it. */
  name?: string;
}

export interface CalendarStatus {
  year: number;
  officialLoaded: boolean;
  nextYear: number;
  nextYearOfficialLoaded: boolean;
  /**
   * The deadline of "within 15 working days" from now (S2-5.1's outer limit, 'YYYY-MM-DD'): an
   * event dispatched today may run until then, so every deadline computed today falls on or before it.
   */
  horizon: string;
  /** The latest of the deadlines the caller passed in, if any ('YYYY-MM-DD', Shanghai). */
  latestDeadline?: string;
  /**
   * Years to complain about now, each without an official arrangement: this year; the year of the
   * horizon and of every deadline passed in; and from 1 December next year (the January meeting and
   * timers are computed in December).
   */
  missing: number[];
  /** A message for the health endpoint, the admin page and the start-up output; absent when nothing is missing. */
  warning?: string;
}

export interface StatusOptions {
  /** Deadlines the platform has computed and still waits on (e.g. open events' due dates). */
  deadlines?: readonly (Date | string)[];
}

export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  dayInfo(date: string): DayInfo;
  /** The deadline for "within n working days" of `from` (see the rule above). */
  addWorkingDays(from: Date | string, n: number): Date;
  /** Working days after the day of `from` that have completely ended at `to`. */
  workingDaysBetween(from: Date | string, to: Date | string): number;
  /** Years with an official arrangement, from the package or entered. */
  officialYears(): number[];
  missingOfficialYears(years: readonly number[]): number[];
  status(now?: Date | string, options?: StatusOptions): CalendarStatus;
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const overrides = indexEntries(options.overrides ?? [], 'overrides');
  const entered = indexArrangements(options.officialYears ?? []);
  const loadedYears = new Set([...packageOfficialYears(), ...entered.years]);
  const statutoryByYear = new Map<number, Map<string, string>>();

  function resolve(day: number): DayInfo {
    const year = yearOf(day);
    const date = formatDay(day);
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new CalendarError('OUT_OF_RANGE', `日历只支持 ${MIN_YEAR}–${MAX_YEAR} 年：${date}`, { date });
    }
    const override = overrides.get(date);
    if (override) return info(date, override.working, 'override', override.name);
    const official = entered.days.get(date) ?? packageOfficialDay(date);
    if (official) return info(date, official.working, 'official', official.name);
    if (!loadedYears.has(year)) {
      if (!statutoryByYear.has(year)) statutoryByYear.set(year, statutoryHolidays(year));
      const name = statutoryByYear.get(year)?.get(date);
      if (name) return info(date, false, 'statutory', name);
    }
    const weekday = weekdayOf(day);
    return weekday === 0 || weekday === 6 ? info(date, false, 'weekend') : info(date, true, 'weekday');
  }

  function missingOfficialYears(years: readonly number[]): number[] {
    for (const year of years) {
      if (!Number.isInteger(year)) throw new CalendarError('INVALID_RANGE', `年份无效：${String(year)}`, { year });
    }
    return years.filter((year) => !loadedYears.has(year));
  }

  function addWorkingDays(from: Date | string, n: number): Date {
    if (!Number.isInteger(n) || n < 1 || n > MAX_WORKING_DAYS) {
      throw new CalendarError('INVALID_COUNT', `工作日数应为 1–${MAX_WORKING_DAYS} 的整数：${String(n)}`, { n });
    }
    let day = shanghaiDayOf(parseInstant(from));
    for (let left = n; left > 0; ) {
      day += 1;
      if (resolve(day).working) left -= 1;
    }
    return endOfShanghaiDay(day);
  }

  return {
    isWorkingDay: (date) => resolve(parseIsoDate(date)).working,
    dayInfo: (date) => resolve(parseIsoDate(date)),

    addWorkingDays,

    workingDaysBetween(from, to) {
      const [start, end] = [parseInstant(from), parseInstant(to)];
      if (end < start) {
        throw new CalendarError('INVALID_RANGE', '结束时间早于开始时间', { from: start, to: end });
      }
      let last = shanghaiDayOf(end);
      if (end < endOfShanghaiDay(last)) last -= 1;
      let count = 0;
      for (let day = shanghaiDayOf(start) + 1; day <= last; day++) if (resolve(day).working) count += 1;
      return count;
    },

    officialYears: () => [...loadedYears].sort((a, b) => a - b),
    missingOfficialYears,

    status(now = new Date(), options = {}) {
      const today = shanghaiDayOf(parseInstant(now));
      const year = yearOf(today);
      const nextYear = year + 1;
      const horizon = shanghaiDayOf(addWorkingDays(endOfShanghaiDay(today), STATUS_HORIZON_WORKING_DAYS));
      const deadlineDays = (options.deadlines ?? []).map((d) => shanghaiDayOf(parseInstant(d)));
      const latest = deadlineDays.length > 0 ? Math.max(...deadlineDays) : undefined;
      const reached = [year, yearOf(horizon), ...deadlineDays.map(yearOf), ...(monthOf(today) === 12 ? [nextYear] : [])];
      const missing = missingOfficialYears([...new Set(reached)].sort((a, b) => a - b));
      const latestDeadline = latest === undefined ? undefined : formatDay(latest);
      return {
        year,
        officialLoaded: loadedYears.has(year),
        nextYear,
        nextYearOfficialLoaded: loadedYears.has(nextYear),
        horizon: formatDay(horizon),
        ...(latestDeadline !== undefined && { latestDeadline }),
        missing,
        ...(missing.length > 0 && { warning: missingWarning(missing, formatDay(horizon), latestDeadline) }),
      };
    },
  };
}

function missingWarning(years: number[], horizon: string, latestDeadline: string | undefined): string {
  const reach = `今天起 15 个工作日至 ${horizon}${latestDeadline ? `，已排定的最晚期限 ${latestDeadline}` : ''}`;
  return (
    `未载入 ${years.join('、')} 年国务院节假日安排（${reach}）：暂只按法定节假日计算，没有调休和补假，期限可能偏早。` +
    '请管理员在安排公布后录入。'
  );
}

function info(date: string, working: boolean, source: DaySource, name?: string): DayInfo {
  return name === undefined ? { date, working, source } : { date, working, source, name };
}

type Entry = Omit<DayEntry, 'date'>;

function indexEntries(entries: readonly DayEntry[], what: string): Map<string, Entry> {
  const byDate = new Map<string, Entry>();
  for (const entry of entries) {
    const date = formatDay(parseIsoDate(entry?.date));
    if (typeof entry.working !== 'boolean') {
      throw new CalendarError('INVALID_OVERRIDE', `${what}：${date} 缺少 working（true/false）`, { entry });
    }
    if (entry.name !== undefined && typeof entry.name !== 'string') {
      throw new CalendarError('INVALID_OVERRIDE', `${what}：${date} 的 name 应为字符串`, { entry });
    }
    if (byDate.has(date)) throw new CalendarError('INVALID_OVERRIDE', `${what}：${date} 重复`, { date });
    byDate.set(date, { working: entry.working, name: entry.name });
  }
  return byDate;
}

function indexArrangements(arrangements: readonly OfficialArrangement[]) {
  const years = new Set<number>();
  const days = new Map<string, Entry>();
  for (const { year, days: entries } of arrangements) {
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new CalendarError('INVALID_OVERRIDE', `官方安排年份无效：${String(year)}`, { year });
    }
    if (years.has(year)) throw new CalendarError('INVALID_OVERRIDE', `${year} 年官方安排重复`, { year });
    years.add(year);
    for (const [date, day] of indexEntries(entries ?? [], `${year} 年官方安排`)) {
      const inYear = date.startsWith(`${year}-`) || date.startsWith(`${year - 1}-12-`);
      if (!inYear) {
        throw new CalendarError('INVALID_OVERRIDE', `${year} 年官方安排：${date} 不在该年内`, { year, date });
      }
      if (days.has(date)) throw new CalendarError('INVALID_OVERRIDE', `官方安排：${date} 重复`, { date });
      days.set(date, day);
    }
  }
  return { years, days };
}
