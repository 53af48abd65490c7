import type { DataSource } from 'typeorm';
import { CalendarDayEntity } from '../../../src/db/entities/index.js';
import { TaskProfiler, type TaskCost } from '../../../workers/profile.js';
import type { TopicDefinition } from '../../../workers/topic.js';
import { eventDeadline } from '../../../workers/topics/event-deadline.js';
import { eventDispatch } from '../../../workers/topics/event-dispatch.js';
import { eventNotify } from '../../../workers/topics/event-notify.js';
import { eventStatus } from '../../../workers/topics/event-status.js';
import { memoryDatabase, seedEvent } from '../handling/support.js';
import { deps, fakeEngine, fakeTask } from './support.js';

/**
 * Regression guard for issue 9 (throughput): the engine and database round trips each handler on
 * the path from intake to dispatch makes per task, counted on the real app database (SQLite with
 * the project's migrations) and the engine facade, through the same instrumentation the bench
 * profile uses (workers/profile.ts). Not timed. A handler that starts reloading the calendar's
 * rows, the org chart or the templates per task, or asks the engine for variables it could have
 * fetched with the task, exceeds its budget here.
 *
 * Budgets (per task): event-deadline 0 engine / 1 database (has the calendar changed?);
 * event-status 0 / 2 (read the event, update it); event-notify 0 / 2 (read the event, write
 * the outbox); event-dispatch 1 / 12 (the routing DMN; see its entry below). Rows read are bounded too: one (the calendar check, the
 * event), so that reading a whole table (the calendar's rows) per task is caught.
 */
const BUDGET: Record<string, { engine: number; db: number; rows: number }> = {
  'event-deadline': { engine: 0, db: 1, rows: 1 },
  'event-status': { engine: 0, db: 2, rows: 1 },
  'event-notify': { engine: 0, db: 2, rows: 1 },
  // The calendar check, the event's ledger rows (none before its first round) and the new round;
  // the event's units in one transaction (BEGIN, event row, its id, old units out, new units in,
  // COMMIT: the lists read `event_unit`, issue 16; old units are read and only changes written); the duty roster of a stationed unit in duty
  // hours (S2-1) or, after hours as here, the liaison's notice (the event read, the notice written).
  'event-dispatch': { engine: 1, db: 12, rows: 3 },
};

const ROUTE = '/decision-definition/key/responsibility-routing/evaluate';
const route = [{ platform: { value: '综合执法' }, leadUnit: { value: 'urban-management' }, cooperatingUnits: { value: 'housing-bureau' }, timeLimitDays: { value: 5 }, districtUnit: { value: 'housing-bureau' } }];

let db: DataSource;
const profiler = new TaskProfiler();
beforeAll(async () => {
  db = profiler.database(await memoryDatabase());
  // A calendar table with rows in it: a handler that read them per task would cost more than the budget's one query.
  await db.getRepository(CalendarDayEntity).insert([
    { date: '2026-12-31', working: false, name: '区级停工日', officialYear: null, updatedBy: 'test' },
    { date: '2027-01-04', working: true, name: null, officialYear: null, updatedBy: 'test' },
  ]);
});
afterAll(async () => {
  await db.destroy();
});

async function cost(def: TopicDefinition, variables: Record<string, unknown>): Promise<TaskCost> {
  const engine = profiler.engine(fakeEngine({ [ROUTE]: route }));
  const { cost } = await profiler.measure(() => def.handle(fakeTask(variables), deps(db, engine)));
  return cost;
}

function expectWithinBudget(topic: string, c: TaskCost) {
  const b = BUDGET[topic];
  const within = c.engineCalls <= b.engine && c.dbQueries <= b.db && c.dbRows <= b.rows;
  // On failure the diff shows the counts beside the budget.
  expect({ topic, engineCalls: c.engineCalls, dbQueries: c.dbQueries, dbRows: c.dbRows, budget: b, within }).toMatchObject({ topic, within: true });
}

describe('issue 9: round trips per task on the way from intake to dispatch (regression guard, not timed)', () => {
  test('each handler stays within its engine and database budget, task after task (nothing reloaded per task)', async () => {
    // The first use of the calendar reads its rows once (as at start); from then on only the check.
    await cost(eventDeadline, { deadlineWorkingDays: 1, deadlineVariable: 'acceptDueAt' });
    for (let i = 0; i < 3; i += 1) {
      const event = await seedEvent(db, { status: 'received' });
      const number = event.number as string;
      expectWithinBudget('event-deadline', await cost(eventDeadline, { deadlineWorkingDays: 1, deadlineVariable: 'acceptDueAt' }));
      expectWithinBudget('event-status', await cost(eventStatus, { eventNumber: number, eventStatus: 'accepted', eventStage: '已受理', grade: 'general', street: '长河街道' }));
      expectWithinBudget('event-notify', await cost(eventNotify, { eventNumber: number, noticeTemplate: 'event-accepted', noticeRecipient: 'reporter', title: '井盖缺失', category: 'manhole-cover' }));
      expectWithinBudget('event-dispatch', await cost(eventDispatch, { eventNumber: number, category: 'manhole-cover', street: '长河街道', handlingRound: 0 }));
      expectWithinBudget(
        'event-notify',
        await cost(eventNotify, { eventNumber: number, noticeTemplate: 'event-dispatched', noticeRecipient: 'lead-unit,cooperating-units', handlingRound: 1, leadUnit: 'urban-management', cooperatingUnits: 'housing-bureau' }),
      );
    }
  });

  test('the counting itself works: a handler that reads the calendar rows per task is caught', async () => {
    const reloading = { ...eventDeadline, handle: async () => ({ rows: (await db.getRepository(CalendarDayEntity).find()).length, again: await db.getRepository(CalendarDayEntity).count() }) };
    const c = await cost(reloading, {});
    expect(c.dbQueries).toBe(2);
    expect(c.dbRows).toBeGreaterThanOrEqual(3);
    expect(c.dbQueries).toBeGreaterThan(BUDGET['event-deadline'].db);
    const asking = { ...eventDeadline, handle: async (_task: unknown, d: { engine: { get: (p: string) => Promise<unknown> } }) => ({ v: await d.engine.get(ROUTE) }) } as unknown as TopicDefinition;
    expect((await cost(asking, {})).engineCalls).toBe(1);
  });
});
