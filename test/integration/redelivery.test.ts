import type { ExternalTask } from 'camunda-external-task-client-js';
import type { DataSource } from 'typeorm';
import { LedgerEntryEntity, NoticeEntity, SlaRecordEntity } from '../../src/db/entities/index.js';
import { silentLogger } from '../../src/logger.js';
import { topics } from '../../workers/index.js';
import type { Worker } from '../../workers/runner.js';
import type { TopicDefinition } from '../../workers/topic.js';
import { complete, fireTimer, reportEvent, taskFor } from './support/events.js';
import { adminEngine, openTestDatabase, startWorkers, testContext, waitFor } from './support/platform.js';

/**
 * The engine delivers a task at least once: a worker may run a handler, fail to report the
 * completion (network, restart) and get the same task again. Here the real handler runs twice for
 * one engine task and the books must look exactly as if it had run once.
 */
let db: DataSource;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

interface LockedTask {
  id: string;
  topicName: string;
  processInstanceId: string;
  activityId: string;
  businessKey: string;
  variables: Record<string, { value: unknown }>;
}

const topic = (name: string) => topics.find((t) => t.topic === name) as TopicDefinition;

/** Fetches the topic's task for this event as a probe worker, like the real client does. */
async function lockTask(name: string, businessKey: string): Promise<LockedTask> {
  const engine = adminEngine();
  return waitFor(async () => {
    const locked = await engine.post<LockedTask[]>('/external-task/fetchAndLock', {
      workerId: 'redelivery-probe',
      maxTasks: 1,
      topics: [{ topicName: name, lockDuration: 60_000, businessKey, variables: topic(name).variables }],
    });
    return locked[0];
  }, `a ${name} task`);
}

function asClientTask(t: LockedTask): ExternalTask {
  return {
    ...t,
    workerId: 'redelivery-probe',
    retries: null,
    activityInstanceId: '',
    executionId: '',
    processDefinitionKey: 'event-handling',
    errorMessage: null,
    variables: { get: (n: string) => t.variables[n]?.value, getAll: () => Object.fromEntries(Object.entries(t.variables).map(([k, v]) => [k, v.value])) },
  };
}

async function runTwiceThenComplete(name: string, businessKey: string): Promise<void> {
  const locked = await lockTask(name, businessKey);
  const deps = { db, engine: adminEngine(), logger: silentLogger, context: testContext() };
  await topic(name).handle(asClientTask(locked), deps);
  const second = (await topic(name).handle(asClientTask(locked), deps)) ?? {};
  const variables = Object.fromEntries(Object.entries(second).map(([k, v]) => [k, { value: v }]));
  await adminEngine().post(`/external-task/${locked.id}/complete`, { workerId: 'redelivery-probe', variables });
}

describe('a duplicated task delivery never counts twice', () => {
  let worker: Worker;
  afterEach(async () => {
    await worker?.stop();
  });

  test('S2-5.2 dispatch, overdue check, notice and round close delivered twice leave one ledger row per unit, one record, one notice', async () => {
    // The real workers run every topic except the ones this test delivers twice by hand.
    const byHand = ['event-dispatch', 'event-sla', 'event-notify', 'event-round-close'];
    worker = startWorkers(db, topics.filter((t) => !byHand.includes(t.topic)));
    const { number, processInstanceId } = await reportEvent(db, 'construction-noise');
    await complete('linkage-centre', number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'general' });

    await runTwiceThenComplete('event-notify', number); // the reporter is told of the acceptance (S2-5.1)
    await runTwiceThenComplete('event-dispatch', number);
    await runTwiceThenComplete('event-notify', number);
    await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
    await fireTimer(processInstanceId, 'Timer_HandlingOverdue');
    await runTwiceThenComplete('event-sla', number);
    await runTwiceThenComplete('event-notify', number);
    await complete('environment-bureau', number, 'UserTask_AssistHandling', { assistFeedback: '已监测噪声' });
    await runTwiceThenComplete('event-round-close', number); // the cooperating unit's assist (S4-4.9: its own row)
    await complete('changhe-platform-enforcement', number, 'UserTask_HandleEvent', { handlingOutcome: 'returned', returnReason: '应由区环保部门处理' });
    await runTwiceThenComplete('event-round-close', number); // the round
    await runTwiceThenComplete('event-notify', number);

    const rows = await db.getRepository(LedgerEntryEntity).findBy({ eventNumber: number });
    expect(rows.map((r) => [r.round, r.unitId, r.role, r.outcome]).sort()).toEqual([
      [1, 'changhe-platform-enforcement', 'lead', 'returned'],
      [1, 'environment-bureau', 'cooperating', 'completed'],
    ]);
    expect(await db.getRepository(SlaRecordEntity).countBy({ eventNumber: number, kind: 'overdue' })).toBe(1);
    const notices = await db.getRepository(NoticeEntity).findBy({ eventNumber: number });
    const perCause = new Map<string, number>();
    for (const n of notices) perCause.set(n.causeKey, (perCause.get(n.causeKey) ?? 0) + 1);
    expect([...perCause.values()].every((c) => c === 1)).toBe(true);
    expect(notices.some((n) => n.template === 'event-accepted')).toBe(true);
    expect(notices.some((n) => n.template === 'event-dispatched')).toBe(true);
    expect(notices.some((n) => n.template === 'event-overdue')).toBe(true);
    // The engine moved on exactly once: one re-dispatch task for the centre, handling round still 1.
    await taskFor('linkage-centre', number, 'UserTask_Redispatch');
    const round = await adminEngine().get<{ value: number }>(`/process-instance/${processInstanceId}/variables/handlingRound`);
    expect(round.value).toBe(1);
    const returnCount = await adminEngine().get<{ value: number }>(`/process-instance/${processInstanceId}/variables/returnCount`);
    expect(returnCount.value).toBe(1);
  });
});
