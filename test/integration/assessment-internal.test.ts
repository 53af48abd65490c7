import crypto from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { SYSTEM_OPERATOR } from '../../src/assessment/internal.js';
import { shiftMonth } from '../../src/assessment/month.js';
import { computeMonth } from '../../src/assessment/service.js';
import { createApp } from '../../src/app.js';
import { EventEntity } from '../../src/db/entities/index.js';
import type { EngineClient } from '../../src/engine/engine-client.js';
import { engineDate } from '../../src/engine/facade.js';
import { variables } from '../../src/engine/variables.js';
import { silentLogger } from '../../src/logger.js';
import type { Worker } from '../../workers/runner.js';
import { reportEvent } from './support/events.js';
import { adminEngine, demoAuthHeader, openTestDatabase, startWorkers, testConfig, testContext, waitFor } from './support/platform.js';

/**
 * S4-4.9 internal assessment of the seat operators (坐席员), on the real engine: two operators of the
 * centre decide the acceptance tasks of four events in Tasklist's way (the engine REST API with their
 * own credentials); the month's figures name each operator from the engine's history (the user
 * operation log) with accepted / rejected / merged counts and acceptance within the task's due date.
 * The events are moved into a month of their own (by their received time in the app's book), far
 * from any other test's month.
 */
const CENTRE = 'linkage-centre';
// A past month of its own (event-growth.test.ts lists 1993's first half: keep clear of it).
const MONTH = shiftMonth('1970-01', Math.floor(Date.now() / 60_000) % 240);
let db: DataSource;
let worker: Worker;
const run = `${process.pid}-${Date.now() % 100000}`;
const OPERATOR_A = `seat-a-${run}`;
const OPERATOR_B = `seat-b-${run}`;
const operators = new Map<string, EngineClient>();
const numbers: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  worker = startWorkers(db);
  const admin = adminEngine();
  for (const [id, name] of [
    [OPERATOR_A, '甲'],
    [OPERATOR_B, '乙'],
  ]) {
    const password = crypto.randomBytes(12).toString('base64url');
    await admin.identity.createUser({ id, firstName: name, lastName: '坐席员', email: `${id}@example.invalid` }, password);
    await admin.identity.addMember(CENTRE, id);
    operators.set(id, admin.as({ user: id, password }));
  }
});
afterAll(async () => {
  await worker.stop();
  await db.destroy();
});

async function acceptTask(number: string) {
  return waitFor(async () => (await adminEngine().tasks.list({ processInstanceBusinessKey: number, taskDefinitionKey: 'UserTask_AcceptEvent' })).at(0), `accept task of ${number}`);
}

/** The operator decides the event's acceptance task as Tasklist does: with their own credentials. */
async function decide(operator: string, number: string, values: Record<string, string>) {
  const task = await acceptTask(number);
  await (operators.get(operator) as EngineClient).tasks.complete(task.id, variables(values));
}

describe('S4-4.9 internal assessment: the seat operators, from the engine history', () => {
  test('each operator who completed an acceptance task is counted with their accepted, rejected and merged events and acceptance on time', async () => {
    const events = [];
    for (let i = 0; i < 4; i += 1) events.push(await reportEvent(db, 'road-damage'));
    numbers.push(...events.map((e) => e.number));
    const [e1, e2, e3, e4] = events.map((e) => e.number);

    // E1: A accepts in time. E2: A accepts after the task's due date (moved an hour into the past,
    // as if the one working day had run out). E3: B rejects in time. E4: the admin (not a seat
    // operator of the centre, but an engine user) merges it into E1.
    await decide(OPERATOR_A, e1, { acceptDecision: 'accept', grade: 'general' });
    const late = await acceptTask(e2);
    const admin = adminEngine();
    const dto = await admin.get<Record<string, unknown>>(`/task/${late.id}`);
    const updatable = ['name', 'description', 'priority', 'assignee', 'owner', 'delegationState', 'followUp', 'parentTaskId', 'caseInstanceId', 'tenantId'];
    const update = Object.fromEntries(updatable.filter((k) => k in dto).map((k) => [k, dto[k]]));
    await admin.put(`/task/${late.id}`, { ...update, due: engineDate(new Date(Date.now() - 3_600_000)) });
    await decide(OPERATOR_A, e2, { acceptDecision: 'accept', grade: 'general' });
    await decide(OPERATOR_B, e3, { acceptDecision: 'reject', rejectReason: '不属于受理范围' });
    const mergeTask = await acceptTask(e4);
    await admin.tasks.complete(mergeTask.id, variables({ acceptDecision: 'merge', mergeInto: e1 }));
    await waitFor(async () => (await db.getRepository(EventEntity).findOneByOrFail({ number: e3 })).status === 'rejected', 'E3 rejected');
    await waitFor(async () => (await db.getRepository(EventEntity).findOneByOrFail({ number: e4 })).status === 'merged', 'E4 merged');

    // The four events were received on the 10th of MONTH (the app's book; the engine keeps its own times).
    await db.getRepository(EventEntity).createQueryBuilder().update().set({ receivedAt: new Date(`${MONTH}-10T02:00:00Z`) }).where('number IN (:...numbers)', { numbers }).execute();

    const useCase = { db, orgChart: testContext().orgChart, engine: adminEngine() };
    const view = await computeMonth(useCase, { month: MONTH, cause: `test:seat:${run}` }, new Date());
    // Worked out by hand: A decided E1 (on time) and E2 (late), both accepted; B rejected E3 on time;
    // the admin merged E4 on time.
    expect(view.figures.overall.internal.seatOperators).toEqual([
      { operator: OPERATOR_A, decided: 2, accepted: 2, rejected: 0, merged: 0, onTime: 1, noDueDate: 0 },
      { operator: testConfig().engine.adminUser, decided: 1, accepted: 0, rejected: 0, merged: 1, onTime: 1, noDueDate: 0 },
      { operator: OPERATOR_B, decided: 1, accepted: 0, rejected: 1, merged: 0, onTime: 1, noDueDate: 0 },
    ]);
    expect(view.figures.overall.internal.seatOperators.map((s) => s.operator)).not.toContain(SYSTEM_OPERATOR);
    // The patrol inspectors' graded part is a hook for the patrol work (issue 11): empty here.
    expect(view.figures.overall.internal.patrolInspectors).toEqual([]);

    // The same figures through the API, stored with the month, and in the bulletin page.
    const app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
    const read = await request(app).get(`/api/assessment/months/${MONTH}`).set('Authorization', demoAuthHeader(CENTRE));
    expect(read.status).toBe(200);
    expect(read.body.figures.overall.internal.seatOperators).toEqual(view.figures.overall.internal.seatOperators);
    const page = await request(app).get(`/api/assessment/months/${MONTH}/bulletin`).set('Authorization', demoAuthHeader(CENTRE));
    expect(page.status).toBe(200);
    expect(page.text).toContain('坐席员');
    expect(page.text).toMatch(new RegExp(`<td>${OPERATOR_A}</td><td>2</td><td>2</td><td>0</td><td>0</td><td>1</td><td>50.00%</td>`));
    expect(page.text).toMatch(new RegExp(`<td>${OPERATOR_B}</td><td>1</td><td>0</td><td>1</td><td>0</td><td>1</td><td>100.00%</td>`));

    // Without the engine (e.g. the benchmark) the figure is empty, not guessed.
    const without = await computeMonth({ db, orgChart: testContext().orgChart }, { month: MONTH, cause: `test:seat-noengine:${run}`, reason: '无引擎重新计算' }, new Date());
    expect(without.figures.overall.internal.seatOperators).toEqual([]);
  });
});
