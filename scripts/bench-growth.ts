import { execFileSync } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { openDatabase } from '../src/db/data-source.js';
import { EventEntity } from '../src/db/entities/index.js';
import { createEngineClient } from '../src/engine/engine-client.js';
import type { Viewer } from '../src/events/access.js';
import { CHANNEL_IDS } from '../src/events/channels.js';
import { encodeCursor, parseListQuery, type ListQuery } from '../src/events/list-query.js';
import { listEvents } from '../src/events/listing.js';
import { getEvent } from '../src/events/queries.js';
import { silentLogger } from '../src/logger.js';
import { decisionReferenceAnalysis } from '../src/supervision/analysis.js';

/**
 * The data-growth figure of `npm run bench` (opt-in: BENCH_GROWTH=1; needs `mariadbd`), issue 16.
 * On a throwaway MariaDB (BENCH_MARIADB_PORT, default 3319; BENCH_GROWTH_DIR for its directory),
 * bulk-generates events in steps (BENCH_GROWTH_STEPS, default "100000,1000000"; the last step is
 * BENCH_GROWTH_EVENTS when set) with about 1.6 ledger rows and 1.6 notices per event, their
 * `event_unit` rows and 0.2 % archived decision-reference items, spread over 12 months, the org
 * chart's streets and units, the catalogue's categories, the six channels and the statuses. After
 * each step it times, in-process against the app database (the code the API runs, without HTTP):
 * each list filter, a unit's own list, a deep page (keyset cursor at row 20,000 and, for
 * comparison, `page=1001` by OFFSET), the event page and the decision-reference analysis, each as
 * p50/p95 over BENCH_GROWTH_REPS calls (default 40) and as a ratio against a primary-key lookup of
 * one event in the same run. The engine is not started: the event page's engine history call meets
 * a closed port and its timeline is the books only (the engine's own history tables are not what
 * grows here). Everything stays on 127.0.0.1.
 */
const STEPS = (process.env.BENCH_GROWTH_STEPS ?? '100000,1000000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
if (process.env.BENCH_GROWTH_EVENTS) STEPS.splice(0, STEPS.length, ...STEPS.filter((n) => n < Number(process.env.BENCH_GROWTH_EVENTS)), Number(process.env.BENCH_GROWTH_EVENTS));
const REPS = Number(process.env.BENCH_GROWTH_REPS ?? 40);
const BATCH = 2000;
const DAY = 86_400_000;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sqlDate = (d: number) => new Date(d).toISOString().slice(0, 19).replace('T', ' ');
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

interface Spread {
  streets: string[];
  units: string[];
  categories: string[];
}

/** Appends events `from+1 … to` (ids are the event numbers' serial). */
async function generate(db: DataSource, spread: Spread, from: number, to: number, end: number): Promise<void> {
  const rand = rng(from + 7);
  const start = end - 365 * DAY;
  let events: string[] = [];
  let units: string[] = [];
  let ledger: string[] = [];
  let notices: string[] = [];
  let items: string[] = [];
  const flush = async () => {
    if (events.length)
      await db.query(
        `INSERT INTO event (id, number, channel, external_id, request_hash, category, title, description, address, street, attachments, reported_at, received_at, status, stage, lead_unit, cooperating_units, handling_round, due_at, overdue, process_instance_id, closed_at, updated_at) VALUES ${events.join(',')}`,
      );
    if (units.length) await db.query(`INSERT INTO event_unit (event_id, unit_id, role, received_at) VALUES ${units.join(',')}`);
    if (ledger.length) await db.query(`INSERT INTO ledger_entry (cause_key, event_number, round, unit_id, role, dispatched_at, due_at, completed_at, outcome, on_time, counted) VALUES ${ledger.join(',')}`);
    if (notices.length) await db.query(`INSERT INTO notice (cause_key, template, channel, recipient, event_number, payload, status, attempts, created_at) VALUES ${notices.join(',')}`);
    if (items.length)
      await db.query(`INSERT INTO supervision_item (process_instance_id, event_number, title, category, category_name, street, entry, status, entered_at, archived_at, outcome) VALUES ${items.join(',')}`);
    events = [];
    units = [];
    ledger = [];
    notices = [];
    items = [];
  };
  for (let id = from + 1; id <= to; id += 1) {
    const received = start + Math.floor(rand() * 365 * DAY);
    const number = `SJ-${new Date(received + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')}-${String(id).padStart(7, '0')}`;
    const channel = CHANNEL_IDS[Math.floor(rand() ** 1.5 * CHANNEL_IDS.length)];
    const category = spread.categories[Math.floor(rand() ** 2 * spread.categories.length)];
    const street = spread.streets[Math.floor(rand() * spread.streets.length)];
    const lead = spread.units[Math.floor(rand() ** 1.3 * spread.units.length)];
    const cooperating = rand() < 0.3 ? [spread.units[Math.floor(rand() * spread.units.length)]].filter((u) => u !== lead) : [];
    const age = end - received;
    const r = rand();
    // Older events are mostly closed; the last weeks' mostly still open.
    const status = age > 30 * DAY ? (r < 0.93 ? 'closed' : r < 0.97 ? 'rejected' : 'merged') : r < 0.4 ? 'handling' : r < 0.55 ? 'verifying' : r < 0.6 ? 'received' : 'closed';
    const dispatched = received + 3600_000;
    const due = dispatched + 7 * DAY;
    const late = rand() < 0.08;
    const closedAt = ['closed', 'rejected', 'merged'].includes(status) ? Math.min(end, dispatched + (late ? 9 : 3) * DAY) : null;
    const overdue = late && rand() < 0.5;
    events.push(
      `(${id},${q(number)},${q(channel)},${q(number)},'-',${q(category)},'路面破损（压测）','压测事件描述','${street}某路1号',${q(street)},'[]','${sqlDate(received)}','${sqlDate(received)}','${status}',NULL,${q(lead)},${cooperating.length ? q(cooperating.join(',')) : 'NULL'},1,'${sqlDate(due)}',${overdue ? 1 : 0},'pi-${id}',${closedAt ? `'${sqlDate(closedAt)}'` : 'NULL'},'${sqlDate(received)}')`,
    );
    units.push(`(${id},${q(lead)},'lead','${sqlDate(received)}')`);
    for (const u of cooperating) units.push(`(${id},${q(u)},'cooperating','${sqlDate(received)}')`);
    // ~1.6 ledger rows: the lead's round, a cooperating unit's, sometimes a second round.
    const rounds = rand() < 0.3 ? 2 : 1;
    for (let round = 1; round <= rounds; round += 1) {
      const rowUnits = round === 1 ? [lead, ...cooperating] : [lead];
      for (const [i, u] of rowUnits.entries()) {
        const completed = round < rounds ? dispatched + 2 * DAY : closedAt;
        const outcome = round < rounds ? 'returned' : completed ? 'completed' : 'open';
        ledger.push(
          `(${q(`${number}:${round}:${u}`)},${q(number)},${round},${q(u)},'${i === 0 ? 'lead' : 'cooperating'}','${sqlDate(dispatched + (round - 1) * 2 * DAY)}','${sqlDate(due)}',${completed ? `'${sqlDate(completed)}'` : 'NULL'},'${outcome}',${completed ? (late ? 0 : 1) : 'NULL'},1)`,
        );
      }
    }
    // ~1.6 notices: dispatched to the lead, sometimes accepted / closed to the reporter.
    const templates = ['event-dispatched', ...(rand() < 0.4 ? ['event-accepted'] : []), ...(rand() < 0.25 && closedAt ? ['event-closed'] : [])];
    for (const t of templates) notices.push(`(${q(`${t}:${number}`)},'${t}','sms','reporter',${q(number)},'{"to":null}','sent',1,'${sqlDate(received + 60_000)}')`);
    if (rand() < 0.002 && closedAt) {
      items.push(`(${q(`sv-${id}`)},${q(number)},'路面破损（压测）',${q(category)},${q(category)},${q(street)},'review','archived','${sqlDate(dispatched)}','${sqlDate(closedAt)}','decision-reference')`);
    }
    if (events.length >= BATCH) await flush();
  }
  await flush();
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function timed(call: (i: number) => Promise<unknown>, reps = REPS): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i += 1) await call(i);
  const t: number[] = [];
  for (let i = 0; i < reps; i += 1) {
    const t0 = performance.now();
    await call(i);
    t.push(performance.now() - t0);
  }
  return { p50: percentile(t, 50), p95: percentile(t, 95) };
}

function listQuery(query: Record<string, string>): ListQuery {
  const parsed = parseListQuery(query);
  if (!parsed.ok) throw new Error(`bad bench query ${JSON.stringify(query)}`);
  return parsed.value;
}

export async function benchGrowth(): Promise<void> {
  const port = process.env.BENCH_MARIADB_PORT ?? '3319';
  const args = ['scripts/start-mariadb.sh', port, ...(process.env.BENCH_GROWTH_DIR ? [process.env.BENCH_GROWTH_DIR] : [])];
  const envLines = execFileSync('bash', args, { encoding: 'utf8' });
  const vars = Object.fromEntries([...envLines.matchAll(/(\w+)='([^']*)'|(\w+)=(\S+)/g)].map((m) => [m[1] ?? m[3], m[2] ?? m[4]]));
  const root = (sql: string) => execFileSync('mariadb', [`--socket=${vars.MARIADB_SOCKET}`, '-uroot', '-e', sql], { encoding: 'utf8' });
  // The production setting (deploy/mariadb/production.cnf): the buffer pool holds the working set.
  root(`SET GLOBAL innodb_buffer_pool_size = ${Number(process.env.BENCH_GROWTH_BUFFER_POOL_MB ?? 2048) * 1024 * 1024}`);
  const config = loadConfig({ ...process.env, DATABASE_URL: vars.DATABASE_URL });
  const context = createContext(config);
  const db = await openDatabase(config);
  // Nothing listens there: the event page's engine call fails fast and shows the books only.
  const engine = createEngineClient('http://127.0.0.1:9/engine-rest', { user: 'bench', password: 'bench' }, 2000);
  const deps = { db, engine, catalogue: context.catalogue, orgChart: context.orgChart, logger: silentLogger };
  const spread: Spread = {
    // A district's streets (the org chart models one street office; the events come from all).
    streets: ['长河街道', '西兴街道', '浦沿街道', '西溪街道', '北山街道', '灵隐街道', '翠苑街道', '文新街道', '古荡街道', '转塘街道', '留下街道', '蒋村街道'],
    units: context.orgChart.units.filter((u) => ['department', 'platform', 'sub-centre', 'street-office'].includes(u.kind)).map((u) => u.id),
    categories: context.catalogue.categories.map((c) => c.code),
  };
  const centre: Viewer = { kind: 'staff', groups: ['linkage-centre'], seesAll: true };
  const end = Date.now();
  try {
    let have = Number((await db.query('SELECT COALESCE(MAX(id), 0) AS n FROM event'))[0].n);
    const rows: string[] = [];
    for (const size of STEPS) {
      if (size > have) {
        const t0 = Date.now();
        await generate(db, spread, have, size, end);
        console.log(`growth: ${(size - have).toLocaleString('en')} events (+ledger, notices, event_unit) generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
        have = size;
        await db.query('ANALYZE TABLE event, event_unit, ledger_entry, notice, supervision_item');
      }
      const counts = (await db.query('SELECT (SELECT COUNT(*) FROM event) e, (SELECT COUNT(*) FROM ledger_entry) l, (SELECT COUNT(*) FROM notice) n, (SELECT COUNT(*) FROM event_unit) u'))[0];
      const rand = rng(size);
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
      const numbers = (await db.query(`SELECT number FROM event WHERE id IN (${Array.from({ length: 50 }, () => 1 + Math.floor(rand() * size)).join(',')})`)).map((r: { number: string }) => r.number);
      const deepRow = Math.min(20_000, Math.floor(size / 2));
      const deep = (await db.query(`SELECT id, received_at FROM event ORDER BY received_at DESC, id DESC LIMIT 1 OFFSET ${deepRow}`))[0] as { id: number; received_at: Date };
      const cursor = encodeCursor({ receivedAt: new Date(deep.received_at), id: Number(deep.id) });
      const weekAgo = new Date(end - 7 * DAY).toISOString().slice(0, 10);
      const repo = db.getRepository(EventEntity);
      const baseline = await timed(() => repo.findOneBy({ id: 1 + Math.floor(rand() * size) }));
      const measures: Array<[string, (i: number) => Promise<unknown>]> = [
        ['`GET /api/events` page 1', () => listEvents(deps, centre, listQuery({}))],
        ['`?street=`', () => listEvents(deps, centre, listQuery({ street: pick(spread.streets) }))],
        ['`?street=` with no match', () => listEvents(deps, centre, listQuery({ street: '无此街道' }))],
        ['`?category=`', () => listEvents(deps, centre, listQuery({ category: pick(spread.categories) }))],
        ['`?channel=`', () => listEvents(deps, centre, listQuery({ channel: pick([...CHANNEL_IDS]) }))],
        ['`?status=handling`', () => listEvents(deps, centre, listQuery({ status: 'handling' }))],
        ['`?overdue=true`', () => listEvents(deps, centre, listQuery({ overdue: 'true' }))],
        ['`?from=&to=` (one week)', () => listEvents(deps, centre, listQuery({ from: weekAgo, to: new Date(end).toISOString().slice(0, 10) }))],
        ['`?unit=` (centre)', () => listEvents(deps, centre, listQuery({ unit: pick(spread.units) }))],
        ['list as a unit\'s staff', () => listEvents(deps, { kind: 'staff', groups: [pick(spread.units)], seesAll: false }, listQuery({}))],
        ['`?street=&status=handling`', () => listEvents(deps, centre, listQuery({ street: pick(spread.streets), status: 'handling' }))],
        ['a channel\'s own list', () => listEvents(deps, { kind: 'channel', channel: pick([...CHANNEL_IDS]) }, listQuery({}))],
        [`deep page by cursor (row ${deepRow.toLocaleString('en')})`, () => listEvents(deps, centre, listQuery({ cursor }))],
        [`deep page by \`page=${deepRow / 20 + 1}\` (OFFSET)`, () => listEvents(deps, centre, listQuery({ page: String(deepRow / 20 + 1) }))],
        ['`?count=true` (exact total, everything)', () => listEvents(deps, centre, listQuery({ count: 'true' }))],
        ['`GET /api/events/:number`', (i) => getEvent(deps, centre, numbers[i % numbers.length])],
        ['decision-reference analysis (page 1)', () => decisionReferenceAnalysis(db, null, null)],
      ];
      console.log(`\ngrowth at ${Number(counts.e).toLocaleString('en')} events, ${Number(counts.l).toLocaleString('en')} ledger rows, ${Number(counts.n).toLocaleString('en')} notices, ${Number(counts.u).toLocaleString('en')} event_unit rows`);
      console.log(`| measure (${REPS} calls) | p50 ms | p95 ms | p95 / key lookup p95 |`);
      console.log('| --- | --- | --- | --- |');
      console.log(`| primary-key lookup of one event (baseline) | ${baseline.p50.toFixed(1)} | ${baseline.p95.toFixed(1)} | 1 |`);
      // The two that read every row before the page / every match: fewer calls (seconds each at 1M).
      const slow = (name: string) => name.includes('OFFSET') || name.includes('count=true');
      for (const [name, call] of measures) {
        const m = await timed(call, slow(name) ? Math.min(REPS, 10) : REPS);
        const line = `| ${name}${slow(name) ? ` (${Math.min(REPS, 10)} calls)` : ''} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${(m.p95 / baseline.p95).toFixed(1)} |`;
        console.log(line);
        rows.push(`${size}\t${line}`);
      }
    }
  } finally {
    await db.destroy();
    if (process.env.BENCH_GROWTH_KEEP !== '1') execFileSync('mariadb-admin', [`--socket=${vars.MARIADB_SOCKET}`, '-uroot', 'shutdown'], { stdio: 'ignore' });
  }
}
