import type { DataSource } from 'typeorm';
import { toShanghaiDate } from '../calendar/index.js';
import { SupervisionItemEntity, type SupervisionItem } from '../db/entities/index.js';
import { SupervisionError } from './errors.js';

/**
 * S0-8: "两级督办联席会议应经常性地分析汇总已列入决策参考的事件，并对反映较为集中的疑难问题开展专题调研".
 * The archived decision-reference events, grouped by category, street and month of archiving
 * (Beijing time), each group largest first, so that concentrated problems stand out.
 */
export interface AnalysisItem {
  id: number;
  eventNumber: string;
  title: string;
  category: string | null;
  categoryName: string | null;
  street: string | null;
  month: string;
  archivedAt: Date;
}

/** A group's size; its items are in `items` (one representation per item, issue 16). */
export interface AnalysisGroup {
  key: string;
  label: string;
  count: number;
}

export interface DecisionReferenceAnalysis {
  from: string | null;
  to: string | null;
  total: number;
  byCategory: AnalysisGroup[];
  byStreet: AnalysisGroup[];
  byMonth: AnalysisGroup[];
  /** One page of the items, oldest archived first (`page`, `pageSize`). */
  items: AnalysisItem[];
  page: number;
  pageSize: number;
}

export interface AnalysisPaging {
  page: number;
  pageSize: number;
}

export const ANALYSIS_PAGE_SIZE = 50;
export const ANALYSIS_MAX_PAGE_SIZE = 200;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function parseMonth(value: unknown, name: string): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !MONTH.test(value)) throw new SupervisionError(400, 'VALIDATION_FAILED', `${name} 应为 YYYY-MM 格式的月份`, [{ field: name, message: '应为 YYYY-MM 格式的月份' }]);
  return value;
}

function group(items: AnalysisItem[], keyOf: (i: AnalysisItem) => string, labelOf: (i: AnalysisItem) => string, order: 'count' | 'key'): AnalysisGroup[] {
  const groups = new Map<string, AnalysisGroup>();
  for (const item of items) {
    const key = keyOf(item);
    const g = groups.get(key) ?? { key, label: labelOf(item), count: 0 };
    g.count += 1;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => (order === 'count' ? b.count - a.count || a.key.localeCompare(b.key) : a.key.localeCompare(b.key)));
}

export function parsePaging(query: { page?: unknown; pageSize?: unknown }): AnalysisPaging {
  const positive = (value: unknown, name: string, fallback: number, max: number): number => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new SupervisionError(400, 'VALIDATION_FAILED', `${name} 应为 1 到 ${max} 之间的整数`, [{ field: name, message: `应为 1 到 ${max} 之间的整数` }]);
    return n;
  };
  return { page: positive(query.page, 'page', 1, 1_000_000), pageSize: positive(query.pageSize, 'pageSize', ANALYSIS_PAGE_SIZE, ANALYSIS_MAX_PAGE_SIZE) };
}

export function analyse(rows: SupervisionItem[], from: string | null, to: string | null, paging: AnalysisPaging = { page: 1, pageSize: ANALYSIS_PAGE_SIZE }): DecisionReferenceAnalysis {
  const items: AnalysisItem[] = rows
    .filter((r): r is SupervisionItem & { archivedAt: Date } => r.archivedAt !== null)
    .map((r) => ({
      id: r.id,
      eventNumber: r.eventNumber,
      title: r.title,
      category: r.category,
      categoryName: r.categoryName,
      street: r.street,
      month: toShanghaiDate(r.archivedAt).slice(0, 7),
      archivedAt: r.archivedAt,
    }))
    .filter((i) => (!from || i.month >= from) && (!to || i.month <= to))
    .sort((a, b) => a.archivedAt.getTime() - b.archivedAt.getTime());
  return {
    from,
    to,
    total: items.length,
    byCategory: group(items, (i) => i.category ?? '', (i) => i.categoryName ?? i.category ?? '（未分类）', 'count'),
    byStreet: group(items, (i) => i.street ?? '', (i) => i.street || '（区级）', 'count'),
    byMonth: group(items, (i) => i.month, (i) => `${Number(i.month.slice(0, 4))}年${Number(i.month.slice(5))}月`, 'key'),
    items: items.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize),
    page: paging.page,
    pageSize: paging.pageSize,
  };
}

/** A raw datetime: a Date from MySQL/MariaDB, `YYYY-MM-DD HH:MM:SS.SSS` (UTC) from SQLite. */
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

/** The month's first instant in Beijing time (`2026-11` → 2026-10-31T16:00Z). */
const monthStart = (month: string) => new Date(`${month}-01T00:00:00+08:00`);
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * Reads only the archived decision-reference items of the months asked (index
 * `idx_supervision_item_outcome`: outcome, archived_at) and only the columns the answer shows.
 */
export async function decisionReferenceAnalysis(db: DataSource, from: string | null, to: string | null, paging?: AnalysisPaging): Promise<DecisionReferenceAnalysis> {
  const qb = db
    .getRepository(SupervisionItemEntity)
    .createQueryBuilder('s')
    .select(['s.id', 's.eventNumber', 's.title', 's.category', 's.categoryName', 's.street', 's.archivedAt'])
    .where('s.outcome = :outcome', { outcome: 'decision-reference' })
    .andWhere('s.archivedAt IS NOT NULL');
  if (from) qb.andWhere('s.archivedAt >= :fromAt', { fromAt: monthStart(from) });
  if (to) qb.andWhere('s.archivedAt < :toAt', { toAt: monthStart(nextMonth(to)) });
  // Raw rows: thousands of items at a large district, no entity to hydrate for each.
  const raw = (await qb.orderBy('s.archivedAt', 'ASC').addOrderBy('s.id', 'ASC').getRawMany()) as Array<Record<string, unknown>>;
  const rows = raw.map((r) => ({
    id: Number(r.s_id),
    eventNumber: String(r.s_event_number),
    title: String(r.s_title),
    category: (r.s_category as string | null) ?? null,
    categoryName: (r.s_category_name as string | null) ?? null,
    street: (r.s_street as string | null) ?? null,
    archivedAt: r.s_archived_at === null ? null : toDate(r.s_archived_at),
  })) as SupervisionItem[];
  return analyse(rows, from, to, paging);
}
