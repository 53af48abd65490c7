/**
 * `npm run bench`: intake-to-dispatch throughput on the real stack (engine, API, workers, database),
 * each figure beside two baselines measured in the same run on the same engine. Runs on the
 * embedded defaults (H2 + SQLite) and, when MariaDB is installed (BENCH_MARIADB=0 skips it), on
 * MariaDB. All traffic goes to 127.0.0.1, bounded in count and time.
 *
 *  1. bare starts: process instances (start → user task) started through REST, per second;
 *  2. no-op workers: the same `event-handling` process, started through REST with intake's variables,
 *     driven to dispatched by workers whose handlers do nothing (fetch-and-lock and complete with the
 *     same output variables) and the same instant operator: the engine's own limit for this process;
 *  3. the platform: POST /api/events → dispatched with the real workers and the instant operator;
 *     while the workers are still busy with that load, intake latency at BENCH_RATE requests/s.
 * "Dispatched" is the same point in 2 and 3: the instance waits at UserTask_HandleEvent (dispatch
 * and its notice done). At the end the ledger rows and the dispatched events are counted (nothing
 * lost, nothing twice). BENCH_PROFILE=1 prints, per topic, the wait before fetch and the handler's
 * time split into engine calls, database and the rest (workers/profile.ts).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import type { DataSource } from 'typeorm';
import { EventEntity, LedgerEntryEntity, NoticeEntity } from '../src/db/entities/index.js';
import { openDatabase } from '../src/db/data-source.js';
import { deployModels } from '../src/engine/deployment.js';
import { adminEngineClient } from '../src/bootstrap.js';
import { silentLogger } from '../src/logger.js';
import { createContext, type PlatformContext } from '../src/context.js';
import { processVariables } from '../src/events/intake.js';
import { toIsoWithOffset } from '../src/calendar/index.js';
import type { Config } from '../src/config.js';
import { manifestEntry } from '../src/topics/manifest.js';
import { topics } from '../workers/index.js';
import { createWorker, type Worker } from '../workers/runner.js';
import type { TopicDefinition, TopicHandler } from '../workers/topic.js';
import { TaskProfiler, formatPolls, formatProfile } from '../workers/profile.js';
import { resolveAdminPassword } from '../src/credentials.js';
import { freePort, startEphemeralEngine } from './ephemeral-engine.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 10);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 20);
const PROFILE = process.env.BENCH_PROFILE === '1';
/** The no-op baseline is the engine's own limit: its handlers run as many at once as the engine will take. */
const NOOP_PARALLEL = Number(process.env.BENCH_NOOP_PARALLEL ?? 20);
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

type Engine = ReturnType<typeof adminEngineClient>;

/** Instances of the event process waiting at the lead unit's handling task: dispatched and notified. */
async function dispatchedInEngine(engine: Engine): Promise<number> {
  const { count } = await engine.get<{ count: number }>('/task/count', { processDefinitionKey: 'event-handling', taskDefinitionKey: 'UserTask_HandleEvent' });
  return count;
}

async function waitFor(what: string, deadlineMs: number, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${deadlineMs / 1000} s`);
    // Not faster: each poll is a task count the engine has to answer alongside the load measured.
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The instant operator: accepts every event (grade general) as soon as its acceptance task appears. */
function startOperator(engine: Engine): { stop(): Promise<void> } {
  let accepting = true;
  const loop = (async () => {
    while (accepting) {
      // An engine that went away ends the loop; the run's own error says why.
      const tasks = await engine.get<Array<{ id: string }>>('/task', { processDefinitionKey: 'event-handling', taskDefinitionKey: 'UserTask_AcceptEvent', maxResults: 100 }).catch(() => {
        accepting = false;
        return [];
      });
      await Promise.all(tasks.map((t) => engine.post(`/task/${t.id}/complete`, { variables: { acceptDecision: { value: 'accept' }, grade: { value: 'general' } } }).catch(() => undefined)));
      if (tasks.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      accepting = false;
      await loop;
    },
  };
}

/**
 * The no-op workers: every topic fetched and completed with the output variables its real handler
 * would set on the bench's path, computed without a database or an engine call (the routing row is
 * asked of the DMN once, before the run).
 */
function noopTopics(route: Record<string, unknown>): TopicDefinition[] {
  const inDays = (days: number) => toIsoWithOffset(new Date(Date.now() + days * 86_400_000));
  const outputs: Record<string, TopicHandler> = {
    'event-deadline': async (task) => ({ [String(task.variables.get('deadlineVariable'))]: inDays(1) }),
    'event-status': async (task) => (task.variables.get('eventStatus') === 'accepted' ? { streetCoordinationGroup: '' } : {}),
    'event-dispatch': async (task) => ({
      handlingRound: Number(task.variables.get('handlingRound') ?? 0) + 1,
      platform: route.platform,
      leadUnit: route.leadUnit,
      cooperatingUnits: '',
      cooperatingCount: 0,
      districtUnit: route.districtUnit,
      timeLimitDays: route.timeLimitDays ?? 5,
      dueAt: inDays(5),
      warnAt: inDays(4),
      escalateAt: inDays(15),
      firstDispatchedAt: new Date().toISOString(),
      assignedLeadUnit: '',
      assignedCooperatingUnits: '',
      supervisionOutcome: '',
      handlingOutcome: '',
      leadAssignee: '',
      dispatchMode: '',
    }),
  };
  // Every output the manifest names is set (empty where the bench's path has none, as the real
  // handler does), so a new output of a real handler cannot leave the no-op run at an unresolved
  // expression.
  return topics.map((t): TopicDefinition => {
    const handle = outputs[t.topic] ?? (async () => ({}));
    const named = manifestEntry(t.topic).outputs.filter((n) => !n.includes('$'));
    return {
      ...t,
      handle: async (task, deps) => {
        const out = (await handle(task, deps)) ?? {};
        return { ...Object.fromEntries(named.map((n) => [n, ''])), ...out };
      },
    };
  });
}

interface Figures {
  database: string;
  events: number;
  bareStartsPerSec: number;
  noopPerSec: number;
  platformPerSec: number;
  platformEvents: number;
  workerParallel: number;
  intakePostsPerSec: number;
  bareP50: number;
  bareP99: number;
  intakeP50: number;
  intakeP99: number;
  /** Events still short of dispatched when the latency probe ended (> 0: the workers were busy all along). */
  backlogAfterProbe: number;
  probeEvents: number;
  check: { posted: number; dispatchedRows: number; leadLedgerRows: number; ledgerRows: number; distinctLedgerRows: number; dispatchNotices: number; instancesAtHandling: number };
  profile?: string;
}

/**
 * The API in a process of its own (src/main.ts, as `npm start` runs it): its own event loop and
 * database pool, so intake's latency is not measured through the bench's workers' queue.
 */
async function startApiProcess(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, API_PORT: String(port), LINKAGE_PARENT_PID: String(process.pid), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the API process', 60_000, async () => {
    if (child.exitCode !== null) throw new Error(`the API process exited with ${child.exitCode}`);
    return fetch(`${url}/health`).then((r) => r.ok, () => false);
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function workerFor(config: Config, deps: Parameters<typeof createWorker>[1], defs: TopicDefinition[], workerId: string, profiler?: TaskProfiler, maxParallelExecutions = config.worker.maxParallelExecutions): Worker {
  return createWorker(
    { engineUrl: config.engine.restUrl, user: config.engine.adminUser, password: resolveAdminPassword(config), worker: { ...config.worker, workerId, maxParallelExecutions }, profiler },
    deps,
    defs,
  );
}

async function runOnce(database: string): Promise<Figures> {
  process.env.INTAKE_API_KEYS = `hotline:${API_KEY}`;
  const platform = await startEphemeralEngine('linkage-bench-');
  const config = platform.config;
  const engine = adminEngineClient(config);
  const db = await openDatabase(config);
  const context: PlatformContext = createContext(config);
  const deps = { db, engine, logger: silentLogger, context };
  let worker: Worker | undefined;
  let apiProcess: Awaited<ReturnType<typeof startApiProcess>> | undefined;
  try {
    apiProcess = await startApiProcess();
    const api = apiProcess.url;
    await deployModels(engine, [{ name: 'bench-baseline.bpmn', content: BASELINE_BPMN }], 'bench-baseline');
    const tag = database.replace(/[^A-Za-z0-9]+/g, '-');

    let seq = 0;
    const input = () => ({
      externalId: `bench-${tag}-${++seq}-${Date.now()}`,
      category: 'road-damage',
      title: '道路破损（压测）',
      description: '压测事件',
      location: { address: '长河街道某路1号', street: '长河街道' },
      reportedAt: new Date().toISOString(),
    });
    const post = async () => {
      const res = await fetch(`${api}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify(input()),
      });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { number: string }).number;
    };
    const startBare = async () => {
      await engine.post('/process-definition/key/bench-baseline/start', { businessKey: `bench-${++seq}` });
    };
    const startEventProcess = async () => {
      const number = `NOOP-${++seq}`;
      await engine.processes.start('event-handling', { businessKey: number, variables: processVariables({ ...input(), location: { address: '长河街道某路1号', street: '长河街道', community: undefined, grid: undefined }, attachments: [] }, context.catalogue, 'hotline', number, new Date()) });
    };

    // 1. Bare starts (warm-up first: JIT, connection pools, caches), then at a fixed rate (reference latency).
    for (let i = 0; i < WARM_UP; i += 1) await startBare();
    let t0 = performance.now();
    await pool(Array.from({ length: EVENTS }), CONCURRENCY, startBare);
    const bareStartsPerSec = EVENTS / ((performance.now() - t0) / 1000);
    const bare = await atFixedRate(RATE, RATE * RATE_SECONDS, startBare);

    // 2. The same event process with no-op workers and the instant operator.
    const [row] = await engine.post<Array<Record<string, { value: unknown }>>>('/decision-definition/key/responsibility-routing/evaluate', {
      variables: { category: { value: 'road-damage', type: 'String' }, street: { value: '长河街道', type: 'String' } },
    });
    const route = Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, v.value]));
    worker = workerFor(config, deps, noopTopics(route), 'bench-noop', undefined, NOOP_PARALLEL);
    worker.start();
    let operator = startOperator(engine);
    for (let i = 0; i < WARM_UP; i += 1) await startEventProcess();
    await waitFor('no-op warm-up', 120_000, async () => (await dispatchedInEngine(engine)) >= WARM_UP);
    let before = await dispatchedInEngine(engine);
    t0 = performance.now();
    await pool(Array.from({ length: EVENTS }), CONCURRENCY, startEventProcess);
    await waitFor('no-op run', 600_000, async () => (await dispatchedInEngine(engine)) - before >= EVENTS);
    const noopPerSec = EVENTS / ((performance.now() - t0) / 1000);
    await operator.stop();
    await worker.stop();

    // 3. The platform: intake → dispatched with the real workers.
    const profiler = PROFILE ? new TaskProfiler() : undefined;
    worker = workerFor(config, deps, topics, 'bench', profiler);
    worker.start();
    operator = startOperator(engine);
    before = await dispatchedInEngine(engine);
    for (let i = 0; i < WARM_UP; i += 1) await post();
    await waitFor('platform warm-up', 180_000, async () => (await dispatchedInEngine(engine)) - before >= WARM_UP);
    profiler?.reset();
    before = await dispatchedInEngine(engine);
    const numbers: string[] = [];
    t0 = performance.now();
    await pool(Array.from({ length: EVENTS }), CONCURRENCY, async () => {
      numbers.push(await post());
    });
    const intakePostsPerSec = EVENTS / ((performance.now() - t0) / 1000);
    // Intake latency while the workers work through the backlog (its events count as further load).
    const probeDone = atFixedRate(RATE, RATE * RATE_SECONDS, async () => {
      numbers.push(await post());
    });
    const intake = await probeDone;
    const backlogAfterProbe = Math.max(0, numbers.length - ((await dispatchedInEngine(engine)) - before));
    // Throughput counts every event posted in this phase, the probe's included, until the last is
    // dispatched: the probe's events are load the workers carry like any other.
    await waitFor('platform run', 900_000, async () => (await dispatchedInEngine(engine)) - before >= numbers.length);
    const platformSeconds = (performance.now() - t0) / 1000;
    const platformPerSec = numbers.length / platformSeconds;
    await operator.stop();
    // Let the last completions settle, then count what the books hold for the events of this phase.
    await new Promise((r) => setTimeout(r, 1000));
    const check = await countBooks(db, numbers, (await dispatchedInEngine(engine)) - before);
    const profile = profiler ? `${formatProfile(profiler.topics())}\n${formatPolls(profiler.polls())}` : undefined;
    if (PROFILE) await printActivityProfile(engine);
    return {
      database,
      events: EVENTS,
      bareStartsPerSec,
      noopPerSec,
      platformPerSec,
      platformEvents: numbers.length,
      workerParallel: config.worker.maxParallelExecutions,
      intakePostsPerSec,
      bareP50: percentile(bare, 50),
      bareP99: percentile(bare, 99),
      intakeP50: percentile(intake, 50),
      intakeP99: percentile(intake, 99),
      backlogAfterProbe,
      probeEvents: intake.length,
      check,
      profile,
    };
  } finally {
    await apiProcess?.stop();
    await worker?.stop();
    await db.destroy();
    await platform.stop();
  }
}

/** Ledger rows, dispatched events and dispatch notices of the bench's events: each exactly once per event. */
async function countBooks(db: DataSource, numbers: string[], instancesAtHandling: number): Promise<Figures['check']> {
  let dispatchedRows = 0;
  let leadLedgerRows = 0;
  let ledgerRows = 0;
  const distinct = new Set<string>();
  const noticed = new Set<string>();
  for (let i = 0; i < numbers.length; i += 500) {
    const chunk = numbers.slice(i, i + 500);
    dispatchedRows += await db.getRepository(EventEntity).createQueryBuilder('e').where('e.number IN (:...n)', { n: chunk }).andWhere('e.status = :s', { s: 'handling' }).getCount();
    const rows = await db.getRepository(LedgerEntryEntity).createQueryBuilder('l').where('l.eventNumber IN (:...n)', { n: chunk }).getMany();
    leadLedgerRows += rows.filter((r) => r.role === 'lead').length;
    ledgerRows += rows.length;
    for (const r of rows) distinct.add(`${r.eventNumber}:${r.round}:${r.unitId}`);
    const notices = await db.getRepository(NoticeEntity).createQueryBuilder('n').select('n.eventNumber').where('n.eventNumber IN (:...n)', { n: chunk }).andWhere('n.template = :t', { t: 'event-dispatched' }).getMany();
    for (const n of notices) noticed.add(n.eventNumber ?? '');
  }
  return { posted: numbers.length, dispatchedRows, leadLedgerRows, ledgerRows, distinctLedgerRows: distinct.size, dispatchNotices: noticed.size, instancesAtHandling };
}

/** Where an event's time goes in the engine: mean duration per activity of the event process. */
async function printActivityProfile(engine: Engine): Promise<void> {
  const acts = await engine.get<Array<{ activityId: string; durationInMillis: number | null }>>('/history/activity-instance', { processDefinitionKey: 'event-handling', finished: true, maxResults: 20000 });
  const by = new Map<string, number[]>();
  for (const a of acts) if (a.durationInMillis !== null) by.set(a.activityId, [...(by.get(a.activityId) ?? []), a.durationInMillis]);
  console.log('\nactivity instances of event-handling (all phases), mean duration:');
  for (const [id, d] of by) console.log(`  ${id.padEnd(36)} mean ${(d.reduce((x, y) => x + y, 0) / d.length).toFixed(0)} ms (n=${d.length})`);
  // Handler failures (retried by the engine) with their reasons, from the engine's failure log.
  const failures = await engine.get<Array<{ topicName: string; errorMessage: string | null }>>('/history/external-task-log', { failureLog: true, maxResults: 1000 });
  const reasons = new Map<string, number>();
  for (const f of failures) reasons.set(`${f.topicName}: ${f.errorMessage ?? '?'}`, (reasons.get(`${f.topicName}: ${f.errorMessage ?? '?'}`) ?? 0) + 1);
  console.log(`\nhandler failures (retried): ${failures.length}`);
  for (const [reason, n] of reasons) console.log(`  ${n} × ${reason}`);
}

function report(f: Figures): void {
  const r = (x: number) => x.toFixed(2);
  console.log(`\n## ${f.database}`);
  console.log(`| measure (${f.events} events, ${CONCURRENCY} concurrent) | per second | platform ÷ it |`);
  console.log('| --- | --- | --- |');
  console.log(`| bare REST starts (start → user task) | ${r(f.bareStartsPerSec)} | ${r(f.platformPerSec / f.bareStartsPerSec)} |`);
  console.log(`| event process with no-op workers (${NOOP_PARALLEL} at once), start → dispatched | ${r(f.noopPerSec)} | ${r(f.platformPerSec / f.noopPerSec)} |`);
  console.log(`| **platform: POST /api/events → dispatched** (${f.platformEvents} events, the probe's included; workers ${f.workerParallel} at once, API in its own process) | **${r(f.platformPerSec)}** | 1.00 |`);
  console.log(`| (intake alone: POST /api/events answered) | ${r(f.intakePostsPerSec)} | |`);
  console.log(`\n| latency at ${RATE}/s for ${RATE_SECONDS} s | p50 | p99 |`);
  console.log('| --- | --- | --- |');
  console.log(`| bare REST start, workers idle | ${r(f.bareP50)} ms | ${r(f.bareP99)} ms |`);
  console.log(`| POST /api/events, workers busy (backlog ${f.backlogAfterProbe} events when the probe ended) | ${r(f.intakeP50)} ms | ${r(f.intakeP99)} ms |`);
  const c = f.check;
  const ok = c.dispatchedRows === c.posted && c.leadLedgerRows === c.posted && c.distinctLedgerRows === c.ledgerRows && c.dispatchNotices === c.posted && c.instancesAtHandling === c.posted;
  console.log(`\nbooks: ${c.posted} events posted (${f.events} + ${f.probeEvents} latency probe) · ${c.dispatchedRows} dispatched in the app database · ${c.leadLedgerRows} lead ledger rows, ${c.ledgerRows} ledger rows in all (${c.distinctLedgerRows} distinct event/round/unit) · ${c.dispatchNotices} events with their dispatch notice · ${c.instancesAtHandling} instances at the handling task → ${ok ? 'nothing lost, nothing twice' : 'MISMATCH'}`);
  if (f.profile) console.log(`\nworkers, per topic (mean per task, ms; platform phase):\n${f.profile}`);
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
if (process.env.BENCH_EMBEDDED !== '0') report(await runOnce('embedded (H2 + SQLite)'));

const hasMariaDb = (() => {
  try {
    execFileSync('which', ['mariadbd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (process.env.BENCH_MARIADB !== '0' && hasMariaDb) {
  const envLines = execFileSync('bash', ['scripts/start-mariadb.sh', process.env.BENCH_MARIADB_PORT ?? '3317', ...(process.env.BENCH_MARIADB_DIR ? [process.env.BENCH_MARIADB_DIR] : [])], { encoding: 'utf8' });
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
