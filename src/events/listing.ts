import { Brackets, type DataSource, type SelectQueryBuilder, type WhereExpressionBuilder } from 'typeorm';
import { EventEntity, type EventRecord } from '../db/entities/index.js';
import type { Viewer } from './access.js';
import { encodeCursor, type ListQuery } from './list-query.js';
import { summarise, type EventSummary, type QueryDeps } from './queries.js';

/**
 * `GET /api/events` at any size (issue 16). Newest first (`received_at DESC, id DESC`), every
 * filter served by an index (`src/db/migrations/1700000001600-data-growth.ts`):
 *  - a unit's events come from `event_unit` (its rows, not a `LIKE` over the comma list);
 *  - `links.next` continues after the page's last event (keyset: `received_at`/id below the
 *    cursor's), so a deep page costs what page 1 costs, and events arriving meanwhile (newer than
 *    every cursor) neither repeat nor push rows into the next page; `page` (OFFSET) still works;
 *  - `total` counts at most LIST_COUNT_CAP matches (`totalCapped: true` beyond); `count=true`
 *    asks for the exact number (a scan of every match: for reports, not for every page).
 */
export const LIST_COUNT_CAP = 1000;

export interface EventPage {
  items: EventSummary[];
  /** The page number (OFFSET paging); null when the page was asked by cursor. */
  page: number | null;
  pageSize: number;
  /** Matches, counted up to LIST_COUNT_CAP unless `count=true` (then exact). */
  total: number;
  totalCapped: boolean;
  /** The cursor of the next page (null on the last page). */
  nextCursor: string | null;
}

type Qb = SelectQueryBuilder<EventRecord>;

/** The event involves one of these units (lead or cooperating), through `event_unit`'s index. */
function involvesAnyOf(qb: WhereExpressionBuilder, units: readonly string[], prefix: string): void {
  qb.andWhere(`e.id IN (SELECT eu_${prefix}.event_id FROM event_unit eu_${prefix} WHERE eu_${prefix}.unit_id IN (:...${prefix}Units))`, { [`${prefix}Units`]: units });
}

/**
 * The one unit whose `event_unit` rows can drive the query (a join through its
 * `(unit_id, received_at)` index, newest first), when the unit restrictions amount to one unit.
 */
function drivingUnit(viewer: Viewer, q: ListQuery): string | undefined {
  const restricted = viewer.kind === 'staff' && !viewer.seesAll ? viewer.groups : undefined;
  if (q.unit) return !restricted || restricted.includes(q.unit) ? q.unit : undefined;
  return restricted?.length === 1 ? restricted[0] : undefined;
}

function applyFilters(qb: Qb, viewer: Viewer, q: ListQuery, now: Date, driving: string | undefined): void {
  qb.where('e.processInstanceId IS NOT NULL');
  if (viewer.kind === 'channel') qb.andWhere('e.channel = :viewerChannel', { viewerChannel: viewer.channel });
  else if (!viewer.seesAll && driving === undefined) {
    if (viewer.groups.length === 0) qb.andWhere('1 = 0');
    else involvesAnyOf(qb, viewer.groups, 'viewer');
  }
  if (q.status) qb.andWhere('e.status = :status', { status: q.status });
  if (q.category) qb.andWhere('e.category = :category', { category: q.category });
  if (q.street) qb.andWhere('e.street = :street', { street: q.street });
  if (q.channel) qb.andWhere('e.channel = :channel', { channel: q.channel });
  if (q.unit && driving === undefined) involvesAnyOf(qb, [q.unit], 'unit');
  if (q.receivedFrom) qb.andWhere('e.receivedAt >= :receivedFrom', { receivedFrom: q.receivedFrom });
  if (q.receivedTo) qb.andWhere(`e.receivedAt ${q.receivedTo.inclusive ? '<=' : '<'} :receivedTo`, { receivedTo: q.receivedTo.at });
  if (q.overdue !== undefined) {
    // The same rule as slaOf: flagged overdue, or past due at closing time (or now, if open).
    const overdue = '(e.overdue = :yes OR (e.dueAt IS NOT NULL AND e.dueAt < COALESCE(e.closedAt, :now)))';
    qb.andWhere(q.overdue ? overdue : `NOT ${overdue}`, { yes: true, now });
  }
}

function baseQuery(db: DataSource, viewer: Viewer, q: ListQuery, now: Date): { qb: Qb; sortAt: string; sortId: string } {
  const qb = db.getRepository(EventEntity).createQueryBuilder('e');
  const driving = drivingUnit(viewer, q);
  applyFilters(qb, viewer, q, now, driving);
  if (driving === undefined) return { qb, sortAt: 'e.receivedAt', sortId: 'e.id' };
  // The unit's rows carry the event's received_at: sorting on them walks the unit's index.
  qb.innerJoin('EventUnit', 'eu', 'eu.eventId = e.id AND eu.unitId = :drivingUnit', { drivingUnit: driving });
  return { qb, sortAt: 'eu.receivedAt', sortId: 'eu.eventId' };
}

export async function listEvents(deps: Omit<QueryDeps, 'engine'>, viewer: Viewer, q: ListQuery): Promise<EventPage> {
  const now = (deps.now ?? (() => new Date()))();
  const { qb, sortAt, sortId } = baseQuery(deps.db, viewer, q, now);

  // The count: at most LIST_COUNT_CAP + 1 matches read (an index range), unless asked exactly.
  const countQb = qb.clone().select('1', 'one');
  let total: number;
  let totalCapped = false;
  if (q.exactCount) {
    total = await qb.clone().getCount();
  } else {
    const [sql, params] = countQb.limit(LIST_COUNT_CAP + 1).getQueryAndParameters();
    const rows = (await deps.db.query(`SELECT COUNT(*) AS n FROM (${sql}) capped`, params)) as Array<{ n: number | string }>;
    total = Number(rows[0]?.n ?? 0);
    if (total > LIST_COUNT_CAP) {
      total = LIST_COUNT_CAP;
      totalCapped = true;
    }
  }

  const pageQb = qb.clone();
  if (q.after) {
    // Sargable on the sort index: everything at or before the cursor's time, then the tie on id.
    pageQb.andWhere(`${sortAt} <= :afterAt`, { afterAt: q.after.receivedAt });
    pageQb.andWhere(new Brackets((b) => b.where(`${sortAt} < :afterAt`).orWhere(`${sortId} < :afterId`, { afterId: q.after?.id })));
  } else {
    pageQb.offset((q.page - 1) * q.pageSize);
  }
  // One row more than the page tells whether a next page exists, without counting.
  const rows = await pageQb.orderBy(sortAt, 'DESC').addOrderBy(sortId, 'DESC').limit(q.pageSize + 1).getMany();
  const more = rows.length > q.pageSize;
  const pageRows = rows.slice(0, q.pageSize);
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map((row) => summarise(row, deps, now)),
    page: q.after ? null : q.page,
    pageSize: q.pageSize,
    total,
    totalCapped,
    nextCursor: more && last ? encodeCursor({ receivedAt: last.receivedAt, id: last.id }) : null,
  };
}

/** `links.next`: the same request (filters as given) continued after the cursor. */
export function nextLink(rawQuery: Record<string, unknown>, cursor: string | null): string | null {
  if (!cursor) return null;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(rawQuery)) {
    if (key === 'page' || key === 'cursor' || typeof value !== 'string') continue;
    params.set(key, value);
  }
  params.set('cursor', cursor);
  return `/api/events?${params.toString()}`;
}
