import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { DataSource, Logger } from 'typeorm';
import { bulletinModel, trend } from '../src/assessment/bulletin.js';
import { renderBulletinHtml, renderBulletinWorkbook } from '../src/assessment/bulletin-render.js';
import { loadScheme } from '../src/assessment/config.js';
import { computeFigures, type PhaseTimer } from '../src/assessment/figures.js';
import { monthRange } from '../src/assessment/month.js';
import { computeMonth } from '../src/assessment/service.js';
import { loadConfig } from '../src/config.js';
import { createContext, type PlatformContext } from '../src/context.js';
import { openDatabase } from '../src/db/data-source.js';

/**
 * The assessment figure of `npm run bench` (opt-in: BENCH_ASSESSMENT=1; needs `mariadbd`): on a
 * throwaway MariaDB, BENCH_ASSESSMENT_ROWS ledger rows (default 1,000,000) spread over 24 months,
 * the org chart's assessed units and the catalogue's categories (about 1.1 rounds per event, one
 * event row per event, 8 % late, 3 % returned, 2 % reopened, most verified with a rating); then one
 * month's assessment and bulletin (page, A4, workbook) against a plain
 * `SELECT unit_id, COUNT(*) FROM ledger_entry GROUP BY unit_id` over the same rows in the same run.
 * Target: the month < 10 s and within 5× of that baseline. Everything stays on 127.0.0.1.
 *
 * Protocol: the rows are generated with a 1 GiB buffer pool (generation only), then the server is
 * restarted with MariaDB's default 128 MiB pool and without reloading the pages it held, so every
 * timed run starts from the same cold state (the operating system's file cache aside).
 * Then: the baseline cold (the first query after the restart), the baseline warm, the month cold
 * (computation, trend, bulletin model with its charts, page, A4, workbook: each phase and each
 * query of the figures timed), the baseline warm again, the month again warm. Ratios compare like
 * with like: the cold month against the cold baseline, the warm month against the mean of the two
 * warm baselines (the cold month against the warm baseline is printed too). The figures' sha256 is printed so two runs (before and after a change) can be
 * shown to compute the same numbers. BENCH_ASSESSMENT_DIR keeps the server's data directory between
 * runs (generated once, reused while it holds the rows); BENCH_ASSESSMENT_EXPLAIN=1 prints MariaDB's
 * plan of each query of the figures; BENCH_ASSESSMENT_REFERENCE=1 also times the row-by-row
 * reference of the round counts and checks it against the SQL aggregation.
 */
const ROWS = Number(process.env.BENCH_ASSESSMENT_ROWS ?? 1_000_000);
const MONTHS = 24;
const BATCH = 5000;
// The month just ended, as the monthly timer computes it (the data run to late December 2025).
const MONTH = '2025-11';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sqlDate = (d: Date) => d.toISOString().slice(0, 23).replace('T', ' ');

async function generate(db: DataSource, units: string[], categories: string[]): Promise<void> {
  const rand = rng(42);
  const start = Date.UTC(2024, 0, 1);
  const span = MONTHS * 30 * 86_400_000;
  let ledger: string[] = [];
  let events: string[] = [];
  let written = 0;
  let eventNo = 0;
  const flush = async () => {
    if (ledger.length) await db.query(`INSERT INTO ledger_entry (cause_key, event_number, round, unit_id, role, dispatched_at, due_at, completed_at, outcome, on_time, counted) VALUES ${ledger.join(',')}`);
    if (events.length)
      await db.query(
        `INSERT INTO event (number, channel, external_id, request_hash, category, title, description, address, street, attachments, reported_at, received_at, status, lead_unit, satisfaction, closed_at, updated_at) VALUES ${events.join(',')}`,
      );
    ledger = [];
    events = [];
  };
  while (written < ROWS) {
    eventNo += 1;
    const number = `B${String(eventNo).padStart(9, '0')}`;
    const unit = units[Math.floor(rand() ** 1.3 * units.length)];
    const category = categories[Math.floor(rand() ** 2 * categories.length)];
    const received = start + Math.floor(rand() * span);
    const rounds = rand() < 0.1 ? 2 : 1;
    let closedAt: number | null = null;
    for (let round = 1; round <= rounds && written < ROWS; round += 1) {
      const dispatched = received + round * 3_600_000;
      const due = dispatched + 7 * 86_400_000;
      const r = rand();
      const outcome = round < rounds ? (r < 0.5 ? 'returned' : 'reopened') : r < 0.03 ? 'open' : 'completed';
      const late = rand() < 0.08;
      const completed = outcome === 'open' || outcome === 'reopened' ? null : dispatched + (late ? 9 : 3) * 86_400_000;
      if (outcome === 'completed') closedAt = completed;
      ledger.push(
        `('${number}:${round}:${unit}:lead','${number}',${round},'${unit}','lead','${sqlDate(new Date(dispatched))}','${sqlDate(new Date(due))}',${completed ? `'${sqlDate(new Date(completed))}'` : 'NULL'},'${outcome}',${outcome === 'open' || outcome === 'reopened' ? 'NULL' : late ? 0 : 1},1)`,
      );
      written += 1;
    }
    const sat = closedAt ? 1 + Math.floor(rand() * 5) : null;
    events.push(
      `('${number}','hotline','${number}','-','${category}','标题','描述','地址','长河街道','[]','${sqlDate(new Date(received))}','${sqlDate(new Date(received))}','${closedAt ? 'closed' : 'handling'}','${unit}',${sat ?? 'NULL'},${closedAt ? `'${sqlDate(new Date(closedAt))}'` : 'NULL'},'${sqlDate(new Date(received))}')`,
    );
    if (events.length >= BATCH) await flush();
  }
  await flush();
}

/** The throwaway server: started (or restarted on its data directory), and the root account's client for server settings. */
function startServer(port: string, dir: string | undefined): Record<string, string> {
  const envLines = execFileSync('bash', ['scripts/start-mariadb.sh', port, ...(dir ? [dir] : [])], { encoding: 'utf8' });
  return Object.fromEntries([...envLines.matchAll(/(\w+)='([^']*)'|(\w+)=(\S+)/g)].map((m) => [m[1] ?? m[3], m[2] ?? m[4]]));
}
const asRoot = (socket: string, sql: string) => execFileSync('mariadb', [`--socket=${socket}`, '-uroot', '-e', sql], { stdio: 'ignore' });
const stopServer = (socket: string) => execFileSync('mariadb-admin', [`--socket=${socket}`, '-uroot', 'shutdown'], { stdio: 'ignore' });

/** The phases of a month's run, in the order printed; the figures' queries are printed under `figures`. */
const PHASES = ['figures', 'seat operators (engine history)', 'patrol inspectors', 'store', 'trend', 'model + charts (ECharts SSR)', 'page', 'A4', 'workbook'] as const;

interface MonthRun {
  phases: Map<string, number>;
  computed: number;
  whole: number;
  figuresHash: string;
  due: number;
  completed: number;
}

/** One month's assessment and bulletin, as the API computes and renders them, each phase timed. */
async function monthRun(db: DataSource, context: PlatformContext): Promise<MonthRun> {
  const phases = new Map<string, number>();
  const timer: PhaseTimer = (phase, ms) => phases.set(phase, (phases.get(phase) ?? 0) + ms);
  const step = async <T>(phase: string, run: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      timer(phase, performance.now() - t0);
    }
  };
  await db.query('DELETE FROM assessment_result');
  const m0 = performance.now();
  const view = await computeMonth({ db, orgChart: context.orgChart, schemeFile: context.assessmentSchemeFile, timer }, { month: MONTH, cause: 'bench' }, new Date());
  const computed = performance.now() - m0;
  const trendRows = await step('trend', () => trend(db, MONTH));
  const model = await step('model + charts (ECharts SSR)', () => bulletinModel(view, context.orgChart, context.categoryName, trendRows));
  await step('page', () => renderBulletinHtml(model));
  await step('A4', () => renderBulletinHtml(model, { print: true }));
  await step('workbook', () => renderBulletinWorkbook(model));
  const whole = performance.now() - m0;
  const figuresHash = createHash('sha256').update(JSON.stringify(view.figures)).digest('hex').slice(0, 16);
  return { phases, computed, whole, figuresHash, due: view.figures.overall.due, completed: view.figures.overall.completed };
}

const ms = (n: number | undefined) => (n === undefined ? '—' : `${Math.round(n).toLocaleString('en')} ms`);

export async function benchAssessment(): Promise<void> {
  const port = process.env.BENCH_MARIADB_PORT ?? '3318';
  const keepDir = process.env.BENCH_ASSESSMENT_DIR;
  let vars = startServer(port, keepDir);
  const config = loadConfig({ ...process.env, DATABASE_URL: vars.DATABASE_URL });
  const context = createContext(config);
  let db: DataSource | undefined;
  try {
    // Migrations and the rows with a large buffer pool (only to generate faster)...
    asRoot(vars.MARIADB_SOCKET, 'SET GLOBAL innodb_buffer_pool_size = 1073741824');
    db = await openDatabase(config);
    const [{ n: present }] = (await db.query('SELECT COUNT(*) AS n FROM ledger_entry')) as Array<{ n: string | number }>;
    if (Number(present) === 0) {
      const units = context.orgChart.units.filter((u) => ['department', 'platform', 'sub-centre', 'street-office'].includes(u.kind)).map((u) => u.id);
      const t0 = Date.now();
      await generate(db, units, context.catalogue.categories.map((c) => c.code));
      console.log(`\nassessment: generated ${ROWS.toLocaleString('en')} ledger rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } else if (Number(present) !== ROWS) {
      throw new Error(`${keepDir} holds ${present} ledger rows, not ${ROWS}: use another BENCH_ASSESSMENT_DIR`);
    } else {
      console.log(`\nassessment: reusing the ${ROWS.toLocaleString('en')} ledger rows in ${keepDir}`);
    }
    await db.query('ANALYZE TABLE ledger_entry, event');
    await db.destroy();
    db = undefined;
    // ...then timed from a cold server with the default buffer pool (128 MiB).
    // MariaDB dumps the buffer pool's page list at shutdown and reloads it at start: neither, so
    // every run starts from the same empty pool (whatever ran before it).
    asRoot(vars.MARIADB_SOCKET, 'SET GLOBAL innodb_buffer_pool_dump_at_shutdown = OFF');
    stopServer(vars.MARIADB_SOCKET);
    fs.rmSync(`${vars.MARIADB_DIR}/data/ib_buffer_pool`, { force: true });
    vars = startServer(port, vars.MARIADB_DIR);
    db = await openDatabase(config);
    const [{ pool }] = (await db.query('SELECT @@innodb_buffer_pool_size AS pool')) as Array<{ pool: string | number }>;

    const baselineMs = async () => {
      const b0 = performance.now();
      await (db as DataSource).query('SELECT unit_id, COUNT(*) AS n FROM ledger_entry GROUP BY unit_id');
      return performance.now() - b0;
    };
    const warmUp = await baselineMs();
    const base1 = await baselineMs();
    const cold = await monthRun(db, context);
    const base2 = await baselineMs();
    const warm = await monthRun(db, context);
    const baseline = (base1 + base2) / 2;

    console.log(`assessment of month ${MONTH} over ${ROWS.toLocaleString('en')} ledger rows, MariaDB, buffer pool ${Math.round(Number(pool) / 2 ** 20)} MiB:`);
    console.log(`baseline COUNT(*) GROUP BY unit: cold (first after the restart) ${ms(warmUp)}, then warm ${ms(base1)} and ${ms(base2)} (mean ${ms(baseline)})`);
    console.log('| phase | month, cold | month again, warm |');
    console.log('| --- | --- | --- |');
    const figurePhases = [...cold.phases.keys()].filter((p) => !(PHASES as readonly string[]).includes(p));
    for (const phase of PHASES) {
      if (!cold.phases.has(phase)) continue;
      console.log(`| ${phase} | ${ms(cold.phases.get(phase))} | ${ms(warm.phases.get(phase))} |`);
      if (phase === 'figures') for (const q of figurePhases) console.log(`| · ${q} | ${ms(cold.phases.get(q))} | ${ms(warm.phases.get(q))} |`);
    }
    console.log(`| month's assessment (compute and store) | ${ms(cold.computed)} | ${ms(warm.computed)} |`);
    console.log(`| **whole: assessment + bulletin (page, A4, xlsx)** | **${ms(cold.whole)}** | ${ms(warm.whole)} |`);
    console.log(`| **whole ÷ baseline in the same state** (cold: the first baseline after the restart; warm: the mean of the two after it) | **${(cold.whole / warmUp).toFixed(2)}** | **${(warm.whole / baseline).toFixed(2)}** |`);
    console.log(`| whole ÷ warm baseline | ${(cold.whole / baseline).toFixed(2)} | ${(warm.whole / baseline).toFixed(2)} |`);
    console.log(`due ${cold.due}, completed ${cold.completed}; figures sha256 ${cold.figuresHash}${warm.figuresHash === cold.figuresHash ? '' : ` (warm run: ${warm.figuresHash} — DIFFERENT)`}`);

    if (process.env.BENCH_ASSESSMENT_EXPLAIN === '1') {
      // MariaDB's plan of each statement of the month's figures, as issued (after the timed runs).
      const statements: Array<{ sql: string; parameters: unknown[] }> = [];
      const original = db.logger;
      const noop = () => undefined;
      db.logger = { logQuery: (sql: string, parameters?: unknown[]) => statements.push({ sql, parameters: parameters ?? [] }), logQueryError: noop, logQuerySlow: noop, logSchemaBuild: noop, logMigration: noop, log: noop } as Logger;
      try {
        await computeFigures(db, context.orgChart, loadScheme(context.assessmentSchemeFile).scheme, monthRange(MONTH));
      } finally {
        db.logger = original;
      }
      for (const { sql, parameters } of statements) {
        const plan = (await db.query(`EXPLAIN ${sql}`, parameters)) as Array<{ table: string; type: string; key: string | null; rows: number; Extra: string | null }>;
        console.log(`EXPLAIN ${sql.replace(/\s+/g, ' ').slice(0, 90)}…`);
        for (const r of plan) console.log(`    ${r.table} ${r.type} ${r.key ?? '-'} rows≈${r.rows} ${r.Extra ?? ''}`);
      }
    }
    if (process.env.BENCH_ASSESSMENT_REFERENCE === '1') {
      // The month's round counts row by row in JavaScript (the first implementation, kept as the
      // reference) against the database aggregation, each next to a baseline of its own.
      const { scheme } = loadScheme(context.assessmentSchemeFile);
      const range = monthRange(MONTH);
      const figuresMs = async (rounds: 'rows' | 'sql') => {
        const f0 = performance.now();
        const figures = await computeFigures(db as DataSource, context.orgChart, scheme, range, { rounds });
        return { ms: performance.now() - f0, figures };
      };
      const baseRows = await baselineMs();
      const rows = await figuresMs('rows');
      const baseSql = await baselineMs();
      const sql = await figuresMs('sql');
      if (JSON.stringify(rows.figures) !== JSON.stringify(sql.figures)) throw new Error('the SQL aggregation and the row-by-row reference disagree');
      console.log('| month figures | baseline | figures | ratio |');
      console.log('| --- | --- | --- | --- |');
      console.log(`| rounds row by row in JavaScript (reference) | ${ms(baseRows)} | ${ms(rows.ms)} | ${(rows.ms / baseRows).toFixed(2)} |`);
      console.log(`| rounds in SQL | ${ms(baseSql)} | ${ms(sql.ms)} | ${(sql.ms / baseSql).toFixed(2)} |`);
    }
  } finally {
    await db?.destroy();
    stopServer(vars.MARIADB_SOCKET);
    // A throwaway directory (no BENCH_ASSESSMENT_DIR) goes with its server: a million rows fill about a gigabyte.
    if (!keepDir && vars.MARIADB_DIR?.startsWith('/tmp/')) fs.rmSync(vars.MARIADB_DIR, { recursive: true, force: true });
  }
}
