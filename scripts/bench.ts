/**
 * `npm run bench`: intake performance on the real stack (engine, API, workers, database), each
 * figure beside a baseline measured in the same run on the same engine: starting bare process
 * instances through the engine's REST API. Runs on the embedded defaults and, when MariaDB is
 * installed (or BENCH_MARIADB=0 to skip), on MariaDB. All traffic goes to 127.0.0.1, bounded in
 * count and time.
 *
 *  - throughput: events/s from POST /api/events until dispatched (an instant operator accepts each
 *    event as soon as its task appears) vs. bare instances/s started through REST;
 *  - latency at a fixed rate: POST /api/events p50/p99 vs. REST start p50/p99.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import type { Server } from 'node:http';
import { EventEntity } from '../src/db/entities/index.js';
import { openDatabase } from '../src/db/data-source.js';
import { deployModels } from '../src/engine/deployment.js';
import { adminEngineClient } from '../src/bootstrap.js';
import { silentLogger } from '../src/logger.js';
import { startWebServer, stopWebServer } from '../src/server.js';
import { createContext } from '../src/context.js';
import { topics } from '../workers/index.js';
import { createWorker } from '../workers/runner.js';
import { resolveAdminPassword } from '../src/credentials.js';
import { startEphemeralEngine } from './ephemeral-engine.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 150);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 10);
const API_KEY = crypto.randomBytes(12).toString('hex');

const BASELINE_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="bench">
  <bpmn:process id="bench-baseline" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="S"><bpmn:outgoing>f</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="UserTask_Wait" camunda:candidateGroups="linkage-centre"><bpmn:incoming>f</bpmn:incoming></bpmn:userTask>
    <bpmn:sequenceFlow id="f" sourceRef="S" targetRef="UserTask_Wait"/>
  </bpmn:process></bpmn:definitions>`;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Sends `total` calls at `rate` per second; returns each call's latency in ms. */
async function atFixedRate(rate: number, total: number, call: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: total }, async (_, i) => {
    const due = started + (i * 1000) / rate;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const t0 = performance.now();
    await call(i);
    latencies.push(performance.now() - t0);
  }));
  return latencies;
}

interface Figures {
  database: string;
  baselineStartsPerSec: number;
  intakeToDispatchedPerSec: number;
  baselineP50: number;
  baselineP99: number;
  intakeP50: number;
  intakeP99: number;
}

async function runOnce(database: string): Promise<Figures> {
  process.env.INTAKE_API_KEYS = `hotline:${API_KEY}`;
  const platform = await startEphemeralEngine('linkage-bench-');
  const config = platform.config;
  const engine = adminEngineClient(config);
  const db = await openDatabase(config);
  const context = createContext(config);
  const worker = createWorker(
    { engineUrl: config.engine.restUrl, user: config.engine.adminUser, password: resolveAdminPassword(config), worker: { ...config.worker, workerId: 'bench', asyncResponseTimeoutMs: 2000 } },
    { db, engine, logger: silentLogger, context },
    topics,
  );
  worker.start();
  let server: Server | undefined;
  try {
    const web = await startWebServer({ config, db, engine, logger: silentLogger, context }, 0);
    server = web.server;
    const api = `http://127.0.0.1:${web.port}`;
    await deployModels(engine, [{ name: 'bench-baseline.bpmn', content: BASELINE_BPMN }], 'bench-baseline');

    let seq = 0;
    const post = async () => {
      seq += 1;
      const res = await fetch(`${api}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({
          externalId: `bench-${database.replace(/[^A-Za-z0-9]+/g, "-")}-${seq}-${Date.now()}`,
          category: 'road-damage',
          title: '道路破损（压测）',
          description: '压测事件',
          location: { address: '长河街道某路1号', street: '长河街道' },
          reportedAt: new Date().toISOString(),
        }),
      });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { number: string }).number;
    };
    const startBare = async () => {
      await engine.post('/process-definition/key/bench-baseline/start', { businessKey: `bench-${++seq}` });
    };

    // Warm-up: JIT, connection pools, caches.
    for (let i = 0; i < 10; i += 1) {
      await startBare();
      await post();
    }

    // Baseline throughput.
    let t0 = performance.now();
    await pool(Array.from({ length: EVENTS }), CONCURRENCY, startBare);
    const baselineStartsPerSec = EVENTS / ((performance.now() - t0) / 1000);

    // Intake → dispatched throughput, with an instant operator accepting every event.
    const numbers = new Set<string>();
    let accepting = true;
    const operator = (async () => {
      while (accepting) {
        const tasks = await engine.get<Array<{ id: string }>>('/task', { processDefinitionKey: 'event-handling', taskDefinitionKey: 'UserTask_AcceptEvent', maxResults: 50 });
        await Promise.all(tasks.map((t) => engine.post(`/task/${t.id}/complete`, { variables: { acceptDecision: { value: 'accept' }, grade: { value: 'general' } } }).catch(() => undefined)));
        if (tasks.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
    })();
    t0 = performance.now();
    await pool(Array.from({ length: EVENTS }), CONCURRENCY, async () => {
      numbers.add(await post());
    });
    const deadline = Date.now() + 300_000;
    const repo = db.getRepository(EventEntity);
    for (;;) {
      const dispatched = await repo.createQueryBuilder('e').where('e.number IN (:...n)', { n: [...numbers] }).andWhere('e.status = :s', { s: 'handling' }).getCount();
      if (dispatched === numbers.size) break;
      if (Date.now() > deadline) throw new Error(`only ${dispatched} of ${numbers.size} events dispatched in time`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const intakeToDispatchedPerSec = EVENTS / ((performance.now() - t0) / 1000);
    accepting = false;
    await operator;
    if (process.env.BENCH_PROFILE) await printActivityProfile(engine);

    // Latency at a fixed rate.
    const total = RATE * RATE_SECONDS;
    const baseline = await atFixedRate(RATE, total, startBare);
    const intake = await atFixedRate(RATE, total, async () => {
      await post();
    });
    return {
      database,
      baselineStartsPerSec,
      intakeToDispatchedPerSec,
      baselineP50: percentile(baseline, 50),
      baselineP99: percentile(baseline, 99),
      intakeP50: percentile(intake, 50),
      intakeP99: percentile(intake, 99),
    };
  } finally {
    if (server) await stopWebServer(server);
    await worker.stop();
    await db.destroy();
    await platform.stop();
  }
}

/** Where an event's time goes: mean duration per activity of the event process (BENCH_PROFILE=1). */
async function printActivityProfile(engine: ReturnType<typeof adminEngineClient>): Promise<void> {
  const acts = await engine.get<Array<{ activityId: string; durationInMillis: number | null }>>('/history/activity-instance', { processDefinitionKey: 'event-handling', finished: true, maxResults: 5000 });
  const by = new Map<string, number[]>();
  for (const a of acts) if (a.durationInMillis !== null) by.set(a.activityId, [...(by.get(a.activityId) ?? []), a.durationInMillis]);
  for (const [id, d] of by) console.log(`  ${id.padEnd(36)} mean ${(d.reduce((x, y) => x + y, 0) / d.length).toFixed(0)} ms (n=${d.length})`);
}

function report(f: Figures): void {
  const r = (x: number) => x.toFixed(2);
  console.log(`\n## ${f.database}`);
  console.log('| measure | baseline (bare REST start) | intake | ratio intake/baseline |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| throughput (per s, ${EVENTS} items, ${CONCURRENCY} concurrent) | ${r(f.baselineStartsPerSec)} starts/s | ${r(f.intakeToDispatchedPerSec)} events/s POST→dispatched | ${r(f.intakeToDispatchedPerSec / f.baselineStartsPerSec)} |`);
  console.log(`| latency p50 at ${RATE}/s for ${RATE_SECONDS}s | ${r(f.baselineP50)} ms | ${r(f.intakeP50)} ms | ${r(f.intakeP50 / f.baselineP50)} |`);
  console.log(`| latency p99 at ${RATE}/s for ${RATE_SECONDS}s | ${r(f.baselineP99)} ms | ${r(f.intakeP99)} ms | ${r(f.intakeP99 / f.baselineP99)} |`);
}

if (process.env.BENCH_GROWTH_ONLY === '1') {
  // Only the data-growth figure (issue 16), e.g. BENCH_GROWTH_ONLY=1 BENCH_GROWTH_STEPS=100000,1000000.
  const { benchGrowth } = await import('./bench-growth.js');
  await benchGrowth();
  process.exit(0);
}
if (process.env.BENCH_ASSESSMENT_ONLY === '1') {
  // Only the assessment figure (BENCH_ASSESSMENT_ONLY=1), e.g. to measure it at another size.
  const { benchAssessment } = await import('./bench-assessment.js');
  await benchAssessment();
  process.exit(0);
}
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
report(await runOnce('embedded (H2 + SQLite)'));

const hasMariaDb = (() => {
  try {
    execFileSync('which', ['mariadbd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (process.env.BENCH_MARIADB !== '0' && hasMariaDb) {
  const envLines = execFileSync('bash', ['scripts/start-mariadb.sh', process.env.BENCH_MARIADB_PORT ?? '3317'], { encoding: 'utf8' });
  const vars = Object.fromEntries([...envLines.matchAll(/(\w+)='([^']*)'|(\w+)=(\S+)/g)].map((m) => [m[1] ?? m[3], m[2] ?? m[4]]));
  Object.assign(process.env, vars);
  try {
    report(await runOnce('MariaDB'));
  } finally {
    execFileSync('mariadb-admin', [`--socket=${vars.MARIADB_SOCKET}`, '-uroot', 'shutdown'], { stdio: 'ignore' });
    delete process.env.ENGINE_DB_URL;
    delete process.env.DATABASE_URL;
  }
} else {
  console.log('\n(MariaDB not installed or BENCH_MARIADB=0: embedded figures only)');
}
// Opt-in (BENCH_ASSESSMENT=1, MariaDB needed): one month's assessment and bulletin over 1,000,000 ledger rows.
if (process.env.BENCH_ASSESSMENT === '1' && hasMariaDb) {
  const { benchAssessment } = await import('./bench-assessment.js');
  await benchAssessment();
}
// Opt-in (BENCH_GROWTH=1, MariaDB needed): lists, event page and analysis as the data grows to 1,000,000 events.
if (process.env.BENCH_GROWTH === '1' && hasMariaDb) {
  const { benchGrowth } = await import('./bench-growth.js');
  await benchGrowth();
}
process.exit(0);
