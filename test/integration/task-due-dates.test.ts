import chineseDays from 'chinese-days';
import type { DataSource } from 'typeorm';
import { filterName } from '../../src/identity/sync-identity.js';
import type { Worker } from '../../workers/runner.js';
import { complete, fireTimer, reportEvent, taskFor, type Task } from './support/events.js';
import { adminEngine, demoAuthHeader, openTestDatabase, startWorkers, testConfig, testContext, waitFor } from './support/platform.js';

/**
 * Issue 10 on the real engine with the real workers: the centre's and the street's decision tasks
 * are due after working days of the calendar (so every unit's Tasklist filter sorts and flags them),
 * and a unit's filter lists each task with its event number, title, street and due date.
 */
let db: DataSource;
let worker: Worker;

beforeAll(async () => {
  db = await openTestDatabase();
  worker = startWorkers(db);
});
afterAll(async () => {
  await worker.stop();
  await db.destroy();
});

const CENTRE = 'linkage-centre';
const accept = (unit: string, number: string, grade = 'general') => complete(unit, number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade });

const beijingDay = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Worked out by hand, without the platform's calendar module: the end (23:59:59 Beijing time) of
 * the n-th working day after the Beijing day of `from`, stepping day by day through the State
 * Council's arrangement as `chinese-days` publishes it (holidays off, swapped weekends worked).
 */
function nthWorkingDayAfter(from: Date, n: number): string {
  const day = new Date(`${beijingDay(from)}T00:00:00Z`);
  for (let left = n; left > 0; ) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (chineseDays.isWorkday(day.toISOString().slice(0, 10))) left -= 1;
  }
  return `${day.toISOString().slice(0, 10)}T23:59:59+08:00`;
}

/**
 * The task's due date is the n-th working day after the moment its deadline service task ran
 * (between the activity's start and end: both days are accepted when it ran across midnight).
 */
async function expectDueAfterWorkingDays(task: Task, deadlineActivity: string, n: number): Promise<void> {
  const [run] = await adminEngine().history.activityInstances({ processInstanceId: task.processInstanceId, activityId: deadlineActivity, sortBy: 'startTime', sortOrder: 'desc' });
  expect(run?.endTime).toBeTruthy();
  const expected = [nthWorkingDayAfter(new Date(run.startTime), n), nthWorkingDayAfter(new Date(run.endTime!), n)].map((d) => new Date(d).getTime());
  expect(task.due).toBeTruthy();
  expect(expected).toContain(new Date(task.due!).getTime());
}

describe('issue 10: every task of the event is due by the working-day calendar', () => {
  test('S2-3 S2-4 the street’s coordination of a larger event is due within 1 working day', async () => {
    const { number } = await reportEvent(db, 'fire-hazard');
    await accept('changhe-sub-centre', number, 'larger');
    const task = await taskFor('changhe-safety-office', number, 'UserTask_StreetCoordination');
    await expectDueAfterWorkingDays(task, 'ServiceTask_CoordinationDeadline', 1);
  });

  test('S2-5.1 the centre decides on an event escalated at 15 working days within 1 working day', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'road-damage');
    await accept(CENTRE, number);
    await taskFor('urban-management', number, 'UserTask_HandleEvent');
    await fireTimer(processInstanceId, 'Timer_HandlingEscalation');
    const task = await taskFor(CENTRE, number, 'UserTask_EscalationDecision');
    await expectDueAfterWorkingDays(task, 'ServiceTask_EscalationDeadline', 1);
  });

  test('S4-4.7 a completed event is verified with the reporter within 3 working days', async () => {
    const { number } = await reportEvent(db, 'road-damage');
    await accept(CENTRE, number);
    await complete('housing-bureau', number, 'UserTask_AssistHandling', { assistFeedback: '已配合封闭施工区域' });
    await complete('urban-management', number, 'UserTask_HandleEvent', { handlingOutcome: 'completed', feedback: '已修复路面坑洼', feedbackAttachments: 'photo-1' });
    const task = await taskFor(CENTRE, number, 'UserTask_VerifyEvent');
    await expectDueAfterWorkingDays(task, 'ServiceTask_VerifyDeadline', 3);
  });

  test('S2-5.1 a returned event is re-dispatched by the centre within 1 working day', async () => {
    const { number } = await reportEvent(db, 'neighbour-dispute');
    await accept(CENTRE, number);
    await complete('changhe-platform-governance', number, 'UserTask_HandleEvent', { handlingOutcome: 'returned', returnReason: '属物业服务纠纷，非本平台职责' });
    const task = await taskFor(CENTRE, number, 'UserTask_Redispatch');
    await expectDueAfterWorkingDays(task, 'ServiceTask_RedispatchDeadline', 1);
  });

  test('S2-5.1 S4-4.1 an event reported up is dispatched by the district platform within 1 working day', async () => {
    const { number } = await reportEvent(db, 'sewage-discharge');
    await accept(CENTRE, number);
    await complete('environment-bureau', number, 'UserTask_HandleEvent', { handlingOutcome: 'cannot-handle', scopeReason: '排污单位在区外，需区级协调' });
    await complete('environment-bureau', number, 'UserTask_ReportUp', { reportUpNote: '排污单位在区外，已现场取证，需区级协调跨区执法' });
    const task = await taskFor(CENTRE, number, 'UserTask_DistrictDispatch');
    await expectDueAfterWorkingDays(task, 'ServiceTask_DistrictDispatchDeadline', 1);
  });
});

type HalVariable = { name: string; value: unknown; type: string };
type HalTask = { id: string; due: string | null; _embedded?: { variable?: HalVariable[] } };

/** What Tasklist asks for a filter's list (HAL, as the signed-in clerk): the tasks with the filter's list variables. */
async function filterList(unitId: string): Promise<HalTask[]> {
  const unit = testContext().orgChart.units.find((u) => u.id === unitId)!;
  const base = testConfig().engine.restUrl;
  const authorization = demoAuthHeader(unitId);
  const filters = (await (await fetch(`${base}/filter?resourceType=Task&name=${encodeURIComponent(filterName(unit))}`, { headers: { authorization, accept: 'application/json' } })).json()) as Array<{ id: string }>;
  expect(filters).toHaveLength(1);
  const headers = { authorization, accept: 'application/hal+json', 'content-type': 'application/json' };
  const res = await fetch(`${base}/filter/${filters[0].id}/list?firstResult=0&maxResults=200`, { method: 'POST', headers, body: '{}' });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { _embedded?: { task?: HalTask[] } };
  return body._embedded?.task ?? [];
}

describe('issue 10: each unit’s Tasklist filter shows the event number, title, street and due date', () => {
  test('S2-3 the street coordination task in 长河街道平安建设办’s list carries its event number, title, street and due date', async () => {
    const { number } = await reportEvent(db, 'fire-hazard');
    await accept('changhe-sub-centre', number, 'larger');
    const task = await taskFor('changhe-safety-office', number, 'UserTask_StreetCoordination');
    const listed = await waitFor(async () => (await filterList('changhe-safety-office')).find((t) => t.id === task.id), 'the task in the unit’s filter');
    const vars = Object.fromEntries((listed._embedded?.variable ?? []).map((v) => [v.name, v]));
    expect(vars.listEventNumber?.value).toBe(number);
    expect(vars.listTitle?.value).toBe('消防安全隐患（群租房）（测试）');
    expect(vars.listStreet?.value).toBe('长河街道');
    expect(vars.listDue?.type).toBe('Date');
    expect(new Date(String(vars.listDue?.value)).getTime()).toBe(new Date(task.due!).getTime());
  });

  test('a due date changed in Tasklist is listed as changed', async () => {
    const { number } = await reportEvent(db, 'fire-hazard');
    await accept('changhe-sub-centre', number, 'larger');
    const task = await taskFor('changhe-safety-office', number, 'UserTask_StreetCoordination');
    const earlier = new Date(new Date(task.due!).getTime() - 86_400_000);
    await adminEngine().put(`/task/${task.id}`, { name: task.name, priority: 50, due: earlier.toISOString().replace('Z', '+0000') });
    const listed = await waitFor(async () => (await filterList('changhe-safety-office')).find((t) => t.id === task.id), 'the task in the unit’s filter');
    const due = listed._embedded?.variable?.find((v) => v.name === 'listDue');
    expect(new Date(String(due?.value)).getTime()).toBe(earlier.getTime());
  });
});
