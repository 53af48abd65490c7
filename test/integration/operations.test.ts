import request from 'supertest';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { EventEntity, NoticeEntity } from '../../src/db/entities/index.js';
import { developmentIntakeKeys } from '../../src/events/api-keys.js';
import { silentLogger } from '../../src/logger.js';
import { checkStuck, findStuck } from '../../src/operations/stuck.js';
import { topics as registeredTopics } from '../../workers/index.js';
import { createWorkerMetrics, instrumentTopics, startWorkerMetrics, type MetricsListener } from '../../workers/metrics.js';
import type { Worker } from '../../workers/runner.js';
import type { TopicDefinition } from '../../workers/topic.js';
import { reportEvent, taskFor } from './support/events.js';
import { adminEngine, demoAuthHeader, openTestDatabase, startWorkers, testConfig, testContext, uniqueKey, waitFor } from './support/platform.js';

/**
 * Operations on the run's real engine and app database: the Prometheus metrics of the API and of a
 * worker process after real traffic, and the stuck-instance check (incident, expired lock, idle event)
 * with its Cockpit links, its access rule and its one notice per finding.
 */
const TOKEN = 'metrics-token-for-tests-0123456789';
let db: DataSource;
let app: Express;
let keys: ReturnType<typeof developmentIntakeKeys>;
let config: Config;

/** The value of one sample in Prometheus text (0 when the series is absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return 0;
}

async function scrapeApi(): Promise<string> {
  const res = await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain/);
  return res.text;
}

function eventBody(): Record<string, unknown> {
  return {
    externalId: uniqueKey('OPS'),
    category: 'manhole-cover',
    title: '人行道井盖缺失',
    description: '长河路口人行道井盖缺失，存在安全隐患',
    location: { address: '长河街道长河路1号', street: '长河街道' },
    reporter: { name: '张三', phone: '13800000000' },
    reportedAt: new Date(Date.now() - 60_000).toISOString(),
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
  const base = testConfig();
  config = { ...base, operations: { ...base.operations, metricsToken: TOKEN, stuckMarginMs: 0, stuckIdleWorkingDays: 3 } };
  app = createApp({ config, db, engine: adminEngine(), logger: silentLogger, context: testContext() });
  keys = developmentIntakeKeys(base);
});

/** Events this file reports; removed at the end so that later files (e.g. /health's latest deadline) do not see them open. */
const reported: string[] = [];

afterAll(async () => {
  const engine = adminEngine();
  for (const number of reported) {
    for (const p of await engine.processes.list({ businessKey: number })) await engine.processes.delete(p.id);
    await db.getRepository(EventEntity).delete({ number });
  }
  await db.destroy();
});

describe('metrics: GET /metrics on the API and on each worker process', () => {
  let worker: Worker | undefined;
  let listener: MetricsListener | undefined;
  afterEach(async () => {
    await worker?.stop();
    await listener?.close();
  });

  test('without the bearer token the metrics are refused; with no token configured they do not exist', async () => {
    expect((await request(app).get('/metrics')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
    const open = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
    expect((await request(open).get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
  });

  test('after real intake and handling traffic the counters, the histogram and the gauges moved', async () => {
    const metrics = createWorkerMetrics();
    listener = await startWorkerMetrics(metrics, TOKEN, 0);
    worker = startWorkers(db, instrumentTopics(registeredTopics, metrics));
    const before = await scrapeApi();
    const created = sample(before, 'linkage_intake_requests_total', { channel: 'hotline', outcome: 'created' });
    const invalid = sample(before, 'linkage_intake_requests_total', { channel: 'hotline', outcome: 'invalid' });
    const timed = sample(before, 'linkage_intake_duration_seconds_count', { channel: 'hotline' });

    const hotline = keys.get('hotline') as string;
    const ok = await request(app).post('/api/events').set('X-Api-Key', hotline).send(eventBody());
    expect(ok.status).toBe(201);
    reported.push(ok.body.number as string);
    const bad = await request(app).post('/api/events').set('X-Api-Key', hotline).send({ ...eventBody(), category: '' });
    expect(bad.status).toBe(400);
    const anonymous = await request(app).post('/api/events').send(eventBody());
    expect(anonymous.status).toBe(401);
    // The deadline worker has run when the accept task exists.
    await taskFor('linkage-centre', ok.body.number as string, 'UserTask_AcceptEvent');

    const after = await scrapeApi();
    expect(sample(after, 'linkage_intake_requests_total', { channel: 'hotline', outcome: 'created' })).toBe(created + 1);
    expect(sample(after, 'linkage_intake_requests_total', { channel: 'hotline', outcome: 'invalid' })).toBe(invalid + 1);
    expect(sample(after, 'linkage_intake_requests_total', { channel: 'unknown', outcome: 'unauthorized' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'linkage_intake_duration_seconds_count', { channel: 'hotline' })).toBe(timed + 2);
    const row = await db.getRepository(EventEntity).findOneByOrFail({ number: ok.body.number as string });
    expect(sample(after, 'linkage_events_open', { status: row.status, stage: row.stage ?? 'none' })).toBeGreaterThanOrEqual(1);
    for (const name of ['linkage_rounds_overdue', 'linkage_calendar_warning']) expect(after).toMatch(new RegExp(`^${name} \\d+$`, 'm'));
    expect(after).toMatch(/^linkage_outbox_delivery_failures\{state="failed"\} \d+$/m);
    expect(after).toMatch(/^# TYPE linkage_incidents_open gauge$/m);

    const scraped = await request(`http://127.0.0.1:${listener.port}`).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(sample(scraped.text, 'linkage_worker_task_duration_seconds_count', { topic: 'event-deadline', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect((await request(`http://127.0.0.1:${listener.port}`).get('/metrics')).status).toBe(401);
  });
});

/** The sum of every series of one metric, whatever its labels (0 when absent). */
function total(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(match[3]);
  }
  return sum;
}

const ENGINE_PROBE = 'ops-engine-metrics-probe';
const engineProbeBpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_${ENGINE_PROBE}" targetNamespace="http://linkage.gov/test">
  <bpmn:process id="${ENGINE_PROBE}" name="引擎指标探针" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="StartEvent_Probe"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Probe" targetRef="Timer_Probe" />
    <bpmn:intermediateCatchEvent id="Timer_Probe"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:timerEventDefinition id="TimerDef_Probe"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Timer_Probe" targetRef="EndEvent_Probe" />
    <bpmn:endEvent id="EndEvent_Probe"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

describe("metrics: the engine's actuator on its management port (Spring Boot + Micrometer Prometheus registry)", () => {
  test('after real REST traffic and timer jobs, the HTTP, connection-pool and job-executor counters moved; the public REST port does not serve them', async () => {
    // startEphemeralEngine gives the run's engine a management port of its own on loopback.
    const port = Number(process.env.ENGINE_MANAGEMENT_PORT);
    expect(port).toBeGreaterThan(0);
    const scrapeEngine = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/actuator/prometheus`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      return res.text();
    };
    const before = await scrapeEngine();
    const posts = total(before, 'http_server_requests_seconds_count', { method: 'POST', outcome: 'SUCCESS' });
    const acquired = total(before, 'hikaricp_connections_acquire_seconds_count');
    const jobs = total(before, 'executor_completed_tasks_total', { name: 'operatonTaskExecutor' });

    // Real traffic: a deployment and three instances whose one-second timer the job executor fires.
    const engine = adminEngine();
    await engine.deployments.create({ name: ENGINE_PROBE, source: 'operations-test', files: [{ name: `${ENGINE_PROBE}.bpmn`, content: engineProbeBpmn }] });
    const started: string[] = [];
    for (let i = 0; i < 3; i += 1) started.push((await engine.processes.start(ENGINE_PROBE, { businessKey: uniqueKey('ENGINE-METRICS'), variables: {} })).id);
    await waitFor(
      async () => {
        const ended = await engine.get<Array<{ id: string }>>('/history/process-instance', { processDefinitionKey: ENGINE_PROBE, finished: true, maxResults: 1000 });
        return started.every((id) => ended.some((p) => p.id === id));
      },
      'the probe timers fired',
      120_000,
    );

    const after = await scrapeEngine();
    // Four successful POSTs of this test at least (the deployment and three starts).
    expect(total(after, 'http_server_requests_seconds_count', { method: 'POST', outcome: 'SUCCESS' })).toBeGreaterThanOrEqual(posts + 4);
    expect(total(after, 'hikaricp_connections_acquire_seconds_count')).toBeGreaterThan(acquired);
    // The job executor ran the timer jobs on its thread pool.
    expect(total(after, 'executor_completed_tasks_total', { name: 'operatonTaskExecutor' })).toBeGreaterThan(jobs);
    expect(total(after, 'jvm_memory_used_bytes')).toBeGreaterThan(0);
    expect(after).toMatch(/^hikaricp_connections_active\{/m);
    // Not on the engine's public port.
    expect((await fetch(`${testConfig().engine.restUrl.replace(/\/engine-rest$/, '')}/actuator/prometheus`)).status).not.toBe(200);
  });
});

describe('stuck instances: the check, GET /api/operations/stuck, one notice per finding', () => {
  let worker: Worker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  test('an expired lock, an incident and an idle event are listed with Cockpit links, for the centre only, and notified once', async () => {
    const engine = adminEngine();
    const event = await reportEvent(db, 'manhole-cover');
    reported.push(event.number);
    const deps = { db, engine, context: testContext(), operations: config.operations };

    // A worker fetched the deadline task and vanished: its 1 ms lock runs out and nobody completes it.
    const locked = await engine.post<Array<{ id: string }>>('/external-task/fetchAndLock', {
      workerId: 'vanished-worker',
      maxTasks: 1,
      topics: [{ topicName: 'event-deadline', lockDuration: 1, businessKey: event.number }],
    });
    expect(locked).toHaveLength(1);
    const expired = await waitFor(async () => {
      const found = (await findStuck(deps, new Date())).filter((f) => f.kind === 'lock-expired' && f.processInstanceId === event.processInstanceId);
      return found.length === 1 ? found[0] : undefined;
    }, 'the expired lock to be found');
    expect(expired.eventNumber).toBe(event.number);
    expect(expired.processDefinitionKey).toBe('event-handling');

    // Then the handler fails with no retries left: an incident.
    const failing: TopicDefinition[] = registeredTopics.map((t) =>
      t.topic !== 'event-deadline'
        ? t
        : {
            ...t,
            handle: async (task, workerDeps) => {
              if (task.businessKey === event.number) throw new Error('数据库连接中断（测试）');
              return t.handle(task, workerDeps);
            },
          },
    );
    worker = startWorkers(db, failing, { retries: 1 });
    const incident = await waitFor(async () => {
      const found = (await findStuck(deps, new Date())).filter((f) => f.kind === 'incident' && f.processInstanceId === event.processInstanceId);
      return found.length === 1 ? found[0] : undefined;
    }, 'the incident to be found');
    expect(incident.eventNumber).toBe(event.number);
    expect(incident.activityId).toBe('ServiceTask_AcceptDeadline');
    expect(incident.summary).toContain('数据库连接中断（测试）');
    expect(incident.cockpitUrl).toBe(`${config.operations.cockpitUrl}#/process-instance/${event.processInstanceId}/runtime`);
    expect(incident.cockpitUrl).toMatch(/^http:\/\/[^/]+\/operaton\/app\/cockpit\/default\/#\/process-instance\//);

    // The event record has not changed for 10 calendar days (more than 3 working days in any week).
    await db
      .createQueryBuilder()
      .update(EventEntity)
      .set({ updatedAt: new Date(Date.now() - 10 * 86_400_000) })
      .where('number = :number', { number: event.number })
      .execute();

    const centre = await request(app).get('/api/operations/stuck').set('Authorization', demoAuthHeader('linkage-centre'));
    expect(centre.status).toBe(200);
    const mine = (centre.body.items as Array<{ kind: string; processInstanceId: string | null; eventNumber: string | null; cockpitUrl: string; kindLabel: string }>).filter(
      (i) => i.eventNumber === event.number,
    );
    expect(mine.map((i) => i.kind).sort()).toEqual(['event-idle', 'incident']);
    expect(mine.find((i) => i.kind === 'incident')?.kindLabel).toBe('流程事故（incident）');
    expect(mine.every((i) => i.cockpitUrl.endsWith(`#/process-instance/${event.processInstanceId}/runtime`))).toBe(true);

    const unit = await request(app).get('/api/operations/stuck').set('Authorization', demoAuthHeader('urban-management'));
    expect(unit.status).toBe(403);
    expect((await request(app).get('/api/operations/stuck')).status).toBe(401);

    // Two rounds of the watch (e.g. two worker replicas): one notice per finding to the centre.
    await checkStuck({ ...deps, logger: silentLogger }, new Date());
    await checkStuck({ ...deps, logger: silentLogger }, new Date());
    const notices = await db.getRepository(NoticeEntity).findBy({ eventNumber: event.number, template: 'operations-stuck' });
    expect(notices.map((n) => n.causeKey.split(':')[1]).sort()).toEqual(['event-idle', 'incident']);
    expect(notices.every((n) => n.recipient === 'unit:linkage-centre' && n.channel === 'email')).toBe(true);
  });
});
