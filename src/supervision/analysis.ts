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

export interface AnalysisGroup {
  key: string;
  label: string;
  count: number;
  items: Array<Pick<AnalysisItem, 'id' | 'eventNumber' | 'title'>>;
}

export interface DecisionReferenceAnalysis {
  from: string | null;
  to: string | null;
  total: number;
  byCategory: AnalysisGroup[];
  byStreet: AnalysisGroup[];
  byMonth: AnalysisGroup[];
  items: AnalysisItem[];
}

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
    const g = groups.get(key) ?? { key, label: labelOf(item), count: 0, items: [] };
    g.count += 1;
    g.items.push({ id: item.id, eventNumber: item.eventNumber, title: item.title });
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => (order === 'count' ? b.count - a.count || a.key.localeCompare(b.key) : a.key.localeCompare(b.key)));
}

export function analyse(rows: SupervisionItem[], from: string | null, to: string | null): DecisionReferenceAnalysis {
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
    items,
  };
}

export async function decisionReferenceAnalysis(db: DataSource, from: string | null, to: string | null): Promise<DecisionReferenceAnalysis> {
  const rows = await db.getRepository(SupervisionItemEntity).findBy({ outcome: 'decision-reference' });
  return analyse(rows, from, to);
}
