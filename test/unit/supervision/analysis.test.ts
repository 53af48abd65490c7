import type { SupervisionItem } from '../../../src/db/entities/index.js';
import { analyse, decisionReferenceAnalysis, parseMonth, parsePaging } from '../../../src/supervision/analysis.js';
import { memoryDatabase, seedItem } from '../handling/support.js';
import { SupervisionError } from '../../../src/supervision/errors.js';

let id = 0;
function item(category: string, street: string | null, archivedAt: string | null): SupervisionItem {
  id += 1;
  return { id, eventNumber: `SJ-${id}`, title: `事件${id}`, category, categoryName: `类别-${category}`, street, archivedAt: archivedAt ? new Date(archivedAt) : null } as SupervisionItem;
}

describe('S0-8 decision-reference analysis', () => {
  const rows = [
    item('illegal-construction', '长河街道', '2026-10-31T17:00:00Z'), // 2026-11-01 in Beijing
    item('illegal-construction', '长河街道', '2026-11-15T02:00:00Z'),
    item('illegal-construction', null, '2026-12-02T02:00:00Z'),
    item('noise', '长河街道', '2026-10-05T02:00:00Z'),
    item('noise', '长河街道', null), // not archived yet: not counted
  ];

  test('groups by category and street (largest first) and by month of archiving in Beijing time', () => {
    const a = analyse(rows, null, null);
    expect(a.total).toBe(4);
    expect(a.byCategory.map((g) => [g.key, g.label, g.count])).toEqual([
      ['illegal-construction', '类别-illegal-construction', 3],
      ['noise', '类别-noise', 1],
    ]);
    expect(a.byStreet.map((g) => [g.label, g.count])).toEqual([
      ['长河街道', 3],
      ['（区级）', 1],
    ]);
    expect(a.byMonth.map((g) => [g.key, g.label, g.count])).toEqual([
      ['2026-10', '2026年10月', 1],
      ['2026-11', '2026年11月', 2],
      ['2026-12', '2026年12月', 1],
    ]);
  });

  test('from and to are inclusive months', () => {
    const a = analyse(rows, '2026-11', '2026-11');
    expect(a.total).toBe(2);
    expect(a.items.map((i) => i.month)).toEqual(['2026-11', '2026-11']);
  });

  test('issue 16: each item is listed once, in pages oldest first; groups carry only their counts', () => {
    const first = analyse(rows, null, null, { page: 1, pageSize: 3 });
    const second = analyse(rows, null, null, { page: 2, pageSize: 3 });
    expect(first.items.map((i) => i.id)).toEqual([4, 1, 2]);
    expect(second.items.map((i) => i.id)).toEqual([3]);
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(first.byCategory[0]).toEqual({ key: 'illegal-construction', label: '类别-illegal-construction', count: 3 });
    expect(parsePaging({})).toEqual({ page: 1, pageSize: 50 });
    expect(parsePaging({ page: '2', pageSize: '10' })).toEqual({ page: 2, pageSize: 10 });
    expect(() => parsePaging({ pageSize: '1000' })).toThrow(/pageSize/);
  });

  test('issue 16: read from the database, only archived decision-reference items of the months asked (Beijing months)', async () => {
    const db = await memoryDatabase();
    await seedItem(db, { eventNumber: 'SJ-1', category: 'noise', categoryName: '噪声', street: '长河街道', outcome: 'decision-reference', archivedAt: new Date('2026-10-31T17:00:00Z') });
    await seedItem(db, { eventNumber: 'SJ-2', category: 'noise', categoryName: '噪声', street: null, outcome: 'decision-reference', archivedAt: new Date('2026-10-31T15:00:00Z') });
    await seedItem(db, { eventNumber: 'SJ-3', category: 'noise', outcome: 'returned', archivedAt: new Date('2026-11-02T02:00:00Z') });
    await seedItem(db, { eventNumber: 'SJ-4', category: 'noise', outcome: 'decision-reference', archivedAt: null });
    const nov = await decisionReferenceAnalysis(db, '2026-11', '2026-11');
    expect(nov.items.map((i) => [i.eventNumber, i.month, i.archivedAt.toISOString(), i.street])).toEqual([['SJ-1', '2026-11', '2026-10-31T17:00:00.000Z', '长河街道']]);
    const all = await decisionReferenceAnalysis(db, null, null);
    expect(all.items.map((i) => i.eventNumber)).toEqual(['SJ-2', 'SJ-1']);
    expect(all.byMonth.map((g) => [g.key, g.count])).toEqual([['2026-10', 1], ['2026-11', 1]]);
    await db.destroy();
  });

  test('a malformed month is refused with 400', () => {
    expect(parseMonth(undefined, 'from')).toBeNull();
    expect(parseMonth('2026-02', 'from')).toBe('2026-02');
    expect(() => parseMonth('2026-13', 'from')).toThrow(SupervisionError);
    expect(() => parseMonth('26-1', 'to')).toThrow(/to/);
  });
});
