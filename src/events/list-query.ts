import { z } from 'zod';
import { CHANNEL_IDS } from './channels.js';
import { EVENT_STATUSES } from './sla.js';
import { checkInput, type ParseResult } from '../validation.js';

/**
 * `GET /api/events` filters. A date (`2026-11-22`) means that whole day in Asia/Shanghai; a
 * date-time with offset means that instant. `to` is inclusive.
 */
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string) => !Number.isNaN(new Date(`${s}T00:00:00+08:00`).getTime());
const bound = z.union([z.string().regex(dateOnly).refine(validDay), z.iso.datetime({ offset: true })], {
  error: '应为日期（YYYY-MM-DD）或带时区的日期时间',
});

const listQuerySchema = z
  .strictObject({
    status: z.enum(EVENT_STATUSES as [string, ...string[]]).optional(),
    unit: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: '应为单位编号' }).optional(),
    street: z.string().min(1).max(64).optional(),
    category: z.string().min(1).max(64).optional(),
    channel: z.enum(CHANNEL_IDS as [string, ...string[]]).optional(),
    overdue: z.enum(['true', 'false'], { error: '应为 true 或 false' }).optional(),
    from: bound.optional(),
    to: bound.optional(),
    page: z.coerce.number({ error: '应为正整数' }).int().min(1).default(1),
    pageSize: z.coerce.number({ error: '应为正整数' }).int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    count: z.enum(['true', 'false'], { error: '应为 true 或 false' }).optional(),
  })
  .refine((q) => !q.from || !q.to || isOrdered(rangeStart(q.from), rangeEnd(q.to)), { error: '开始时间不能晚于结束时间', path: ['from'] });

function isOrdered(start: Date, end: { at: Date; inclusive: boolean }): boolean {
  return end.inclusive ? start.getTime() <= end.at.getTime() : start.getTime() < end.at.getTime();
}

export interface ListQuery {
  status?: string;
  unit?: string;
  street?: string;
  category?: string;
  channel?: string;
  overdue?: boolean;
  receivedFrom?: Date;
  /** Exclusive for a date (the next day's start), inclusive for an instant. */
  receivedTo?: { at: Date; inclusive: boolean };
  page: number;
  pageSize: number;
  /** Keyset paging (issue 16): continue after this event (from a page's `links.next`). */
  after?: ListCursor;
  /** `count=true`: the exact number of matches instead of one capped at LIST_COUNT_CAP. */
  exactCount: boolean;
}

/** Where a page ended: the last event's `received_at` and id, the list's sort key. */
export interface ListCursor {
  receivedAt: Date;
  id: number;
}

/** The cursor as links carry it: `<epoch ms>.<id>` in base64url, opaque to clients. */
export function encodeCursor(c: ListCursor): string {
  return Buffer.from(`${c.receivedAt.getTime()}.${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): ListCursor | null {
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!m) return null;
  return { receivedAt: new Date(Number(m[1])), id: Number(m[2]) };
}

function rangeStart(value: string): Date {
  return dateOnly.test(value) ? new Date(`${value}T00:00:00+08:00`) : new Date(value);
}

function rangeEnd(value: string): { at: Date; inclusive: boolean } {
  if (!dateOnly.test(value)) return { at: new Date(value), inclusive: true };
  const start = new Date(`${value}T00:00:00+08:00`);
  return { at: new Date(start.getTime() + 24 * 3600_000), inclusive: false };
}

export function parseListQuery(query: unknown): ParseResult<ListQuery> {
  const result = checkInput(listQuerySchema, query ?? {});
  if (!result.ok) return result;
  const q = result.value;
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  if (after === null) return { ok: false, problems: [{ field: 'cursor', message: '无效的分页游标，请使用上一页返回的 links.next' }] };
  return {
    ok: true,
    value: {
      status: q.status,
      unit: q.unit,
      street: q.street,
      category: q.category,
      channel: q.channel,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      receivedFrom: q.from ? rangeStart(q.from) : undefined,
      receivedTo: q.to ? rangeEnd(q.to) : undefined,
      page: q.page,
      pageSize: q.pageSize,
      after,
      exactCount: q.count === 'true',
    },
  };
}
