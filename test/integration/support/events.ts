import type { DataSource } from 'typeorm';
import { loadCatalogue } from '../../../src/catalogue/categories.js';
import { processVariables } from '../../../src/events/intake.js';
import { EventEntity } from '../../../src/db/entities/index.js';
import { EngineError, type EngineClient } from '../../../src/engine/engine-client.js';
import type { Task } from '../../../src/engine/facade.js';
import { variables } from '../../../src/engine/variables.js';
import { adminEngine, unitEngine, waitFor } from './platform.js';

/** Drives the event process through the real engine as the units' staff would. */
const catalogue = loadCatalogue();
let serial = 0;

export interface ReportedEvent {
  number: string;
  processInstanceId: string;
}

/** Reports an event the way the intake API does: stored in the app database, then its process started. */
export async function reportEvent(db: DataSource, category: string, street = '长河街道', extra: { reporterPhone?: string } = {}): Promise<ReportedEvent> {
  serial += 1;
  const number = `SJ-T${String(Date.now()).slice(-7)}-${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(3, '0')}`;
  const entry = catalogue.categories.find((c) => c.code === category);
  if (!entry) throw new Error(`unknown category ${category}`);
  const now = new Date();
  const repo = db.getRepository(EventEntity);
  await repo.insert({
    number,
    channel: 'hotline',
    externalId: number,
    requestHash: '-',
    category,
    title: `${entry.name}（测试）`,
    description: '测试事件描述',
    address: `${street}某路1号`,
    street,
    reporterName: '张三',
    reporterPhone: extra.reporterPhone ?? '13800000000',
    attachments: '[]',
    reportedAt: now,
    receivedAt: now,
    status: 'received',
  });
  // The same variables the intake API starts the process with.
  const input = {
    externalId: number,
    category,
    title: `${entry.name}（测试）`,
    description: '测试事件描述',
    location: { address: `${street}某路1号`, street, community: undefined, grid: undefined },
    reporter: { name: '张三', phone: extra.reporterPhone ?? '13800000000' },
    attachments: [] as string[],
    reportedAt: now.toISOString(),
  };
  const started = await adminEngine().processes.start('event-handling', {
    businessKey: number,
    variables: processVariables(input, catalogue, 'hotline', number, now),
  });
  await repo.update({ number }, { processInstanceId: started.id });
  return { number, processInstanceId: started.id };
}

export type { Task };

/** Waits until `unitId` sees the task `key` of the event, as that unit's demo user. */
export async function taskFor(unitId: string, number: string, key: string): Promise<Task> {
  const engine = unitEngine(unitId);
  return waitFor(async () => (await engine.tasks.list({ processInstanceBusinessKey: number, taskDefinitionKey: key })).at(0), `${key} for ${unitId}`);
}

/** Completes the unit's task `key` with the form's values, as the unit's demo user. */
export async function complete(unitId: string, number: string, key: string, values: Record<string, string | number | boolean>): Promise<void> {
  const task = await taskFor(unitId, number, key);
  // A worker may be completing a service task of the same process right now (e.g. the booking of
  // an assist): the engine then refuses the completion (optimistic locking, nothing written) and,
  // like a user pressing 提交 again, we submit it again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await unitEngine(unitId).tasks.complete(task.id, variables(values));
      return;
    } catch (err) {
      const concurrent = err instanceof EngineError && /updated by another transaction concurrently|OptimisticLocking/i.test(err.message);
      if (!concurrent || attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/** Fires a timer now by executing its job through the REST API, instead of waiting for it. */
export async function fireTimer(processInstanceId: string, activityId: string, engine: EngineClient = adminEngine()): Promise<void> {
  const job = await waitFor(async () => (await engine.jobs.ofActivity(processInstanceId, activityId)).at(0), `timer ${activityId}`);
  // A worker may be completing a task of the same execution right now: the engine then rolls the
  // job back (optimistic locking) and, like its job executor, we run it again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await engine.jobs.execute(job.id);
      return;
    } catch (err) {
      const concurrent = err instanceof EngineError && /updated by another transaction concurrently|OptimisticLocking/i.test(err.message);
      if (!concurrent || attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

export async function variable<T>(processInstanceId: string, name: string): Promise<T> {
  const dto = await adminEngine().processes.variable(processInstanceId, name);
  if (!dto) throw new Error(`process ${processInstanceId} has no variable ${name}`);
  return dto.value as T;
}

export async function endedAt(processInstanceId: string): Promise<string> {
  const engine = adminEngine();
  await waitFor(async () => {
    const pi = await engine.history.processInstance(processInstanceId);
    return pi?.state === 'COMPLETED' ? pi : undefined;
  }, 'the process to end');
  // Only the process's own end events, not those of its sub-process.
  const ends = await engine.history.activityInstances({ processInstanceId, activityType: 'noneEndEvent' });
  return ends.filter((e) => e.parentActivityInstanceId === processInstanceId).map((e) => e.activityId).join(',');
}

export async function activeActivities(processInstanceId: string): Promise<string[]> {
  const acts = await adminEngine().history.activityInstances({ processInstanceId, unfinished: true });
  return acts.map((a) => a.activityId).sort();
}
