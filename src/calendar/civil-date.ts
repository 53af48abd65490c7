/**
 * Civil dates as whole-day numbers (days since 1970-01-01), and instants seen from Asia/Shanghai.
 * China has kept a fixed UTC+08:00 with no daylight saving since 1991, so the zone is a constant
 * offset: no time-zone database, and the server's own zone never matters.
 */
import { CalendarError } from './errors.js';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  // The offset may be extended (+08:00) or basic (+0800): the engine's REST API writes +0000.
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function dateOfDay(day: number): Date {
  return new Date(day * DAY_MS);
}

/** 'YYYY-MM-DD' → day number; anything else, including 2026-02-30, throws. */
export function parseIsoDate(value: unknown): number {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (m) {
    const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const day = dayFromParts(year, month, date);
    const back = dateOfDay(day);
    if (back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === date) {
      return day;
    }
  }
  throw new CalendarError('INVALID_DATE', `日期无效：${JSON.stringify(value)}（应为 YYYY-MM-DD）`, { value });
}

export function dayFromParts(year: number, month: number, date: number): number {
  return Date.UTC(year, month - 1, date) / DAY_MS;
}

export function formatDay(day: number): string {
  return dateOfDay(day).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return dateOfDay(day).getUTCDay();
}

export function yearOf(day: number): number {
  return dateOfDay(day).getUTCFullYear();
}

/** 1–12. */
export function monthOf(day: number): number {
  return dateOfDay(day).getUTCMonth() + 1;
}

/**
 * A Date, or an ISO 8601 string. A string without an offset is Shanghai local time; a bare date is
 * 00:00 Shanghai on that day.
 */
export function parseInstant(value: Date | string): Date {
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return new Date(value.getTime());
  } else {
    const m = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
    if (m) {
      const day = parseIsoDate(m[1]);
      const [h, min, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
      const ms = m[5] ? Math.floor(Number(`0${m[5]}`) * 1000) : 0;
      const offset = parseOffset(m[6]);
      if (h < 24 && min < 60 && s < 60 && offset !== undefined) {
        return new Date(day * DAY_MS + ((h * 60 + min) * 60 + s) * 1000 + ms - offset);
      }
    }
  }
  throw new CalendarError('INVALID_INSTANT', `时间无效：${JSON.stringify(String(value))}（应为 ISO 8601）`, {
    value: String(value),
  });
}

function parseOffset(text: string | undefined): number | undefined {
  if (text === undefined) return SHANGHAI_OFFSET_MS;
  if (text === 'Z') return 0;
  const [h, m] = [Number(text.slice(1, 3)), Number(text.slice(-2))];
  if (h > 23 || m > 59) return undefined;
  return (text[0] === '-' ? -1 : 1) * (h * 60 + m) * 60_000;
}

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDayOf(instant: Date): number {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The last millisecond of a Shanghai day (23:59:59.999 +08:00). */
export function endOfShanghaiDay(day: number): Date {
  return new Date((day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

/** 'YYYY-MM-DD' of the Shanghai day an instant (Date or ISO string) falls on. */
export function toShanghaiDate(instant: Date | string): string {
  return formatDay(shanghaiDayOf(parseInstant(instant)));
}

/**
 * ISO 8601 in Shanghai time with an explicit offset, to the second (milliseconds are dropped),
 * e.g. `2026-10-08T23:59:59+08:00` — the form a BPMN timer's timeDate accepts.
 */
export function toIsoWithOffset(instant: Date): string {
  const ms = parseInstant(instant).getTime();
  const local = new Date(Math.floor(ms / 1000) * 1000 + SHANGHAI_OFFSET_MS);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}
