import request from 'supertest';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { developmentIntakeKeys } from '../../src/events/api-keys.js';
import { silentLogger } from '../../src/logger.js';
import { CONVENING_UNITS } from '../../src/supervision/org.js';
import type { Worker } from '../../workers/runner.js';
import { complete, reportEvent, taskFor } from './support/events.js';
import { adminEngine, demoAuthHeader, openTestDatabase, startWorkers, testConfig, testContext, unitEngine, waitFor } from './support/platform.js';

/**
 * What people see of an event, on the real engine with the real workers: tasks that name their
 * event and are due by the working calendar, a timeline that says who decided, when (+08:00) and
 * why, and a reporting channel that reads only what the reporter may know.
 */
let db: DataSource;
let worker: Worker;
let app: Express;
const CENTRE = 'linkage-centre';

beforeAll(async () => {
  db = await openTestDatabase();
  worker = startWorkers(db);
  app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
});
afterAll(async () => {
  await worker.stop();
  await db.destroy();
});

type Entry = { at: string; source: string; label: string; activityId?: string; decision?: string; reason?: string | null; by?: { user?: string; signer?: string; unit?: { id: string } } };

/** Every string in the body that looks like an instant. */
function instants(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) found.push(value);
  else if (Array.isArray(value)) value.forEach((v) => instants(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => instants(v, found));
  return found;
}

describe('an event taken through a supervision round, as the centre and as the reporting channel see it', () => {
  let number: string;
  const reasons: Record<string, string> = {};

  beforeAll(async () => {
    ({ number } = await reportEvent(db, 'illegal-construction'));
    await complete('changhe-sub-centre', number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'general' });
    await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
    // S0-2: the centre declares the event for supervision while it is being handled.
    const declared = await request(app).post('/api/supervision').set('authorization', demoAuthHeader(CENTRE)).send({ eventNumber: number, scopeType: 'historical-legacy', scopeReason: '属历史遗留问题，现行政策下无法拆除' });
    expect(declared.status).toBe(202);
    await complete(CENTRE, number, 'UserTask_Declare', { dispatchDate: '2026-11-02', scopeType: 'historical-legacy', scopeReason: '属历史遗留问题，现行政策下无法拆除' });
  });

  test('each review task names its event (number and title) and is due by the working calendar', async () => {
    for (const unit of CONVENING_UNITS) {
      const task = await taskFor(unit.id, number, `UserTask_PreliminaryReview${unit.key}`);
      expect(task.name).toBe(`${unit.label}初审：${number} 违法建筑（测试）`);
      expect(task.due).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59/);
      expect(new Date(task.due as string).getTime()).toBeGreaterThan(Date.now());
    }
  });

  test('S0-4.2 all three decline; the centre’s timeline shows each decision with who signed it, when (+08:00) and why, and the join once', async () => {
    for (const unit of CONVENING_UNITS) {
      reasons[unit.id] = `${unit.label}意见：现行政策下无需会商（${number}）`;
      await complete(unit.id, number, `UserTask_PreliminaryReview${unit.key}`, {
        [`review${unit.key}Listed`]: 'no',
        [`review${unit.key}Reason`]: reasons[unit.id],
        [`review${unit.key}Sealed`]: true,
        [`review${unit.key}Signer`]: `${unit.label}负责人`,
        [`review${unit.key}Date`]: '2026-11-05',
      });
    }
    // Returned: the event is back with its handling unit.
    await waitFor(async () => (await unitEngine('changhe-platform-enforcement').tasks.list({ processInstanceBusinessKey: number, taskDefinitionKey: 'UserTask_HandleEvent' })).at(0), 'the event back in handling');

    const res = await request(app).get(`/api/events/${number}`).set('authorization', demoAuthHeader(CENTRE));
    expect(res.status).toBe(200);
    const timeline = res.body.timeline as Entry[];
    for (const unit of CONVENING_UNITS) {
      const review = timeline.find((e) => e.activityId === `UserTask_PreliminaryReview${unit.key}`);
      expect(review).toMatchObject({
        label: `${unit.label}初审`,
        decision: '不同意列为会商',
        reason: reasons[unit.id],
        by: { user: `demo-${unit.id}`, signer: `${unit.label}负责人`, unit: { id: unit.id } },
      });
      expect(review?.at).toMatch(/\+08:00$/);
    }
    expect(timeline.filter((e) => e.label === '三家意见齐备')).toHaveLength(1);
    expect(timeline.find((e) => e.source === 'supervision')).toMatchObject({ label: expect.stringContaining('退回') });
    // Every instant of the answer in Beijing time.
    const times = instants(res.body);
    expect(times.length).toBeGreaterThan(10);
    for (const t of times) expect(t).toMatch(/\+08:00$/);
  });

  test('the reporting channel’s view of its event after the supervision round contains no internal step', async () => {
    const key = developmentIntakeKeys(testConfig()).get('hotline') as string;
    const res = await request(app).get(`/api/events/${number}`).set('X-Api-Key', key);
    expect(res.status).toBe(200);
    const timeline = res.body.timeline as Entry[];
    expect(timeline.map((e) => e.label)).toEqual(['事件上报', '已受理', '处置中']);
    expect(res.body.stage).toBe('处置中');
    const text = JSON.stringify(res.body.timeline) + res.body.stage;
    for (const internal of ['初审', '三家意见', '督办', '会商', '负责人', 'demo-', '区纪委', '区委办', '区府办', ...Object.values(reasons)]) expect(text).not.toContain(internal);
    for (const t of instants(res.body)) expect(t).toMatch(/\+08:00$/);
  });
});
