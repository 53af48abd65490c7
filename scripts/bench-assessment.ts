import { execFileSync } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { bulletinModel, trend } from '../src/assessment/bulletin.js';
import { renderBulletinHtml, renderBulletinWorkbook } from '../src/assessment/bulletin-render.js';
import { loadScheme } from '../src/assessment/config.js';
import { computeFigures } from '../src/assessment/figures.js';
import { monthRange } from '../src/assessment/month.js';
import { computeMonth } from '../src/assessment/service.js';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { openDatabase } from '../src/db/data-source.js';

/**
 * The assessment figure of `npm run bench` (opt-in: BENCH_ASSESSMENT=1; needs `mariadbd`): on a
 * throwaway MariaDB, BENCH_ASSESSMENT_ROWS ledger rows (default 1,000,000) spread over 24 months,
 * the org chart's assessed units and the catalogue's categories (about 1.1 rounds per event, one
 * event row per event, 8 % late, 3 % returned, 2 % reopened, most verified with a rating); then one
 * month's assessment and bulletin (page, A4, workbook) against a plain
 * `SELECT unit_id, COUNT(*) FROM ledger_entry GROUP BY unit_id` over the same rows in the same run.
 * Target: the month < 10 s and within 5× of that baseline. Everything stays on 127.0.0.1.
 */
const ROWS = Number(process.env.BENCH_ASSESSMENT_ROWS ?? 1_000_000);
const MONTHS = 24;
const BATCH = 2000;

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

export async function benchAssessment(): Promise<void> {
  const envLines = execFileSync('bash', ['scripts/start-mariadb.sh', process.env.BENCH_MARIADB_PORT ?? '3318'], { encoding: 'utf8' });
  const vars = Object.fromEntries([...envLines.matchAll(/(\w+)='([^']*)'|(\w+)=(\S+)/g)].map((m) => [m[1] ?? m[3], m[2] ?? m[4]]));
  const config = loadConfig({ ...process.env, DATABASE_URL: vars.DATABASE_URL });
  const context = createContext(config);
  const db = await openDatabase(config);
  try {
    const units = context.orgChart.units.filter((u) => ['department', 'platform', 'sub-centre', 'street-office'].includes(u.kind)).map((u) => u.id);
    const t0 = Date.now();
    await generate(db, units, context.catalogue.categories.map((c) => c.code));
    console.log(`\nassessment: generated ${ROWS.toLocaleString('en')} ledger rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await db.query('ANALYZE TABLE ledger_entry, event');
    // The month just ended, as the monthly timer computes it (the data run to late December 2025).
    const month = '2025-11';
    // Baseline, then the month's round counts the old way (row by row in JavaScript, "before") and
    // the database aggregation ("after"), each next to a baseline of its own: the machine is shared,
    // so each ratio compares times taken moments apart.
    const baselineMs = async () => {
      const b0 = performance.now();
      await db.query('SELECT unit_id, COUNT(*) AS n FROM ledger_entry GROUP BY unit_id');
      return performance.now() - b0;
    };
    const { scheme } = loadScheme(context.assessmentSchemeFile);
    const range = monthRange(month);
    const figuresMs = async (rounds: 'rows' | 'sql') => {
      const f0 = performance.now();
      const figures = await computeFigures(db, context.orgChart, scheme, range, { rounds });
      return { ms: performance.now() - f0, figures };
    };
    const baseBefore = await baselineMs();
    const before = await figuresMs('rows');
    const baseAfter = await baselineMs();
    const after = await figuresMs('sql');
    if (JSON.stringify(before.figures) !== JSON.stringify(after.figures)) throw new Error('the SQL aggregation and the row-by-row reference disagree');
    const baseline = await baselineMs();
    const m0 = performance.now();
    const view = await computeMonth({ db, orgChart: context.orgChart, schemeFile: context.assessmentSchemeFile }, { month, cause: 'bench' }, new Date());
    const computed = performance.now() - m0;
    const model = bulletinModel(view, context.orgChart, context.categoryName, await trend(db, month));
    renderBulletinHtml(model);
    renderBulletinHtml(model, { print: true });
    await renderBulletinWorkbook(model);
    const whole = performance.now() - m0;
    const f = view.figures.overall;
    console.log(`| month ${month} figures over ${ROWS.toLocaleString('en')} ledger rows, MariaDB | baseline COUNT(*) GROUP BY unit | figures | ratio |`);
    console.log('| --- | --- | --- | --- |');
    console.log(`| before: rounds row by row in JavaScript | ${baseBefore.toFixed(0)} ms | ${before.ms.toFixed(0)} ms | ${(before.ms / baseBefore).toFixed(2)} |`);
    console.log(`| after: GROUP BY unit with SUM(CASE …) | ${baseAfter.toFixed(0)} ms | ${after.ms.toFixed(0)} ms | ${(after.ms / baseAfter).toFixed(2)} |`);
    console.log(`| ${ROWS.toLocaleString('en')} ledger rows, MariaDB | baseline COUNT(*) GROUP BY unit | month ${month} assessment | + bulletin (page, A4, xlsx) | ratio (whole / baseline) |`);
    console.log('| --- | --- | --- | --- | --- |');
    console.log(`| due ${f.due}, completed ${f.completed} | ${baseline.toFixed(0)} ms | ${computed.toFixed(0)} ms | ${whole.toFixed(0)} ms | ${(whole / baseline).toFixed(2)} |`);
  } finally {
    await db.destroy();
    execFileSync('mariadb-admin', [`--socket=${vars.MARIADB_SOCKET}`, '-uroot', 'shutdown'], { stdio: 'ignore' });
  }
}
