import fs from 'node:fs';
import type { DataSource, Logger } from 'typeorm';
import { parseScheme } from '../../../src/assessment/config.js';
import { computeFigures } from '../../../src/assessment/figures.js';
import { monthRange } from '../../../src/assessment/month.js';
import { closeRoundRows, openRoundRows } from '../../../src/handling/ledger.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';
import { memoryDatabase } from '../handling/support.js';

/**
 * Regression guard for the assessment benchmark (issue 8; not timed): the month's figures are a
 * fixed number of queries whatever the number of units and rounds (no query per unit or per row),
 * none of them scans a table or an index in full, and every read of the ledger and the events is
 * answered from an index alone (the month's range of it), except the S0-6 mark, read from the note
 * of the month's few reopened rounds. Checked on SQLite with the project's migrations (EXPLAIN QUERY
 * PLAN of each statement as issued); `npm run bench` (BENCH_ASSESSMENT=1) measures MariaDB.
 */
const chart = loadOrgChart();
const { scheme } = parseScheme(fs.readFileSync('config/assessment.yaml', 'utf8'));
const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, '0')}T10:00:00+08:00`);
const lead = (unitId: string) => [{ unitId, role: 'lead' as const }];

/** Month queries allowed to read table rows: [what the statement contains, why]. */
const READS_ROWS: Array<[RegExp, string]> = [[/note LIKE/, 'the S0-6 mark is in the note of the reopened rounds']];
/** The tables whose reads must come from an index alone. */
const BIG_TABLES = new Set(['ledger_entry', 'event']);

let db: DataSource;
beforeAll(async () => {
  db = await memoryDatabase();
  const units = ['changhe-platform-enforcement', 'urban-management', 'housing-bureau'];
  for (const [i, unitId] of units.entries()) {
    for (let n = 0; n < 4; n += 1) {
      const eventNumber = `Q${i}${n}`;
      await openRoundRows(db, { eventNumber, round: 1, units: lead(unitId), dispatchedAt: at(2 + n), dueAt: at(9 + n) });
      await closeRoundRows(db, { eventNumber, round: 1, outcome: n === 0 ? 'returned' : 'completed', note: null }, at(5 + n));
      if (n === 0) await openRoundRows(db, { eventNumber, round: 2, units: lead(units[(i + 1) % units.length]), dispatchedAt: at(6), dueAt: at(13) });
    }
  }
});
afterAll(async () => {
  await db.destroy();
});

async function monthStatements(): Promise<Array<{ sql: string; parameters: unknown[] }>> {
  const statements: Array<{ sql: string; parameters: unknown[] }> = [];
  const original = db.logger;
  const noop = () => undefined;
  db.logger = { logQuery: (sql: string, parameters?: unknown[]) => statements.push({ sql, parameters: parameters ?? [] }), logQueryError: noop, logQuerySlow: noop, logSchemaBuild: noop, logMigration: noop, log: noop } as Logger;
  try {
    await computeFigures(db, chart, scheme, monthRange('2026-03'));
  } finally {
    db.logger = original;
  }
  return statements;
}

/** alias → table of every table a statement reads (`FROM ledger_entry l`, `JOIN "event" "e"`). */
function aliases(sql: string): Map<string, string> {
  return new Map([...sql.matchAll(/\b(?:FROM|JOIN)\s+"?(\w+)"?\s+(?:AS\s+)?"?(\w+)"?/gi)].map((m) => [m[2], m[1]]));
}

test('S4-4.9 a month\'s figures are a fixed handful of queries, each walking the month\'s range of an index that answers it alone', async () => {
  const statements = await monthStatements();
  // rounds, left overdue, S0-6, dispatched, S0-5, satisfaction, supervision, accountability, intake, acceptance overdue, inspectors.
  expect(statements.length).toBeLessThanOrEqual(11);
  const problems: string[] = [];
  for (const { sql, parameters } of statements) {
    const plan = (await db.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as Array<{ detail: string }>;
    const tables = aliases(sql);
    for (const { detail } of plan) {
      const m = /^(SCAN|SEARCH) (\w+)/.exec(detail);
      if (!m) continue;
      const table = tables.get(m[2]);
      if (!table) continue; // a subquery's rows (SCAN r), not a table
      if (m[1] === 'SCAN') problems.push(`full scan of ${table}: ${detail}\n  in ${sql}`);
      else if (BIG_TABLES.has(table) && !detail.includes('COVERING INDEX') && !READS_ROWS.some(([re]) => re.test(sql))) problems.push(`rows of ${table} read: ${detail}\n  in ${sql}`);
    }
  }
  expect(problems).toEqual([]);
});

test('S4-4.9 the query count does not grow with the units and rounds of the month', async () => {
  const before = (await monthStatements()).length;
  for (let n = 0; n < 5; n += 1) {
    await openRoundRows(db, { eventNumber: `R${n}`, round: 1, units: lead('environment-bureau'), dispatchedAt: at(3), dueAt: at(10) });
    await closeRoundRows(db, { eventNumber: `R${n}`, round: 1, outcome: 'returned', note: null }, at(4));
  }
  expect((await monthStatements()).length).toBe(before);
});
