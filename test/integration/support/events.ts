import type { DataSource } from 'typeorm';
import { loadCatalogue } from '../../../src/catalogue/categories.js';
import { processVariables } from '../../../src/events/intake.js';
import { EventEntity } from '../../../src/db/entities/index.js';
import type { EngineClient } from '../../../src/engine/engine-client.js';
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
  const started = await adminEngine().post<{ id: string }>('/process-definition/key/event-handling/start', {
    businessKey: number,
    variables: processVariables(input, catalogue, 'hotline', number, now),
  });
  await repo.update({ number }, { processInstanceId: started.id });
  return { number, processInstanceId: started.id };
}

export interface Task {
  id: string;
  name: string;
  taskDefinitionKey: string;
  due: string | null;
}

/** Waits until `unitId` sees the task `key` of the event, as that unit's demo user. */
export async function taskFor(unitId: string, number: string, key: string): Promise<Task> {
  const engine = unitEngine(unitId);
  return waitFor(async () => (await engine.get<Task[]>('/task', { processInstanceBusinessKey: number, taskDefinitionKey: key })).at(0), `${key} for ${unitId}`);
}

export function restVariables(values: Record<string, string | number | boolean>): Record<string, { value: unknown }> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }]));
}

/** Completes the unit's task `key` with the form's values, as the unit's demo user. */
export async function complete(unitId: string, number: string, key: string, values: Record<string, string | number | boolean>): Promise<void> {
  const task = await taskFor(unitId, number, key);
  await unitEngine(unitId).post(`/task/${task.id}/complete`, { variables: restVariables(values) });
}

/** Fires a timer now by executing its job through the REST API, instead of waiting for it. */
export async function fireTimer(processInstanceId: string, activityId: string, engine: EngineClient = adminEngine()): Promise<void> {
  const job = await waitFor(async () => {
    const defs = await engine.get<Array<{ id: string }>>('/job-definition', { activityIdIn: activityId });
    for (const def of defs) {
      const jobs = await engine.get<Array<{ id: string }>>('/job', { processInstanceId, jobDefinitionId: def.id });
      if (jobs[0]) return jobs[0];
    }
    return undefined;
  }, `timer ${activityId}`);
  await engine.post(`/job/${job.id}/execute`);
}

export async function variable<T>(processInstanceId: string, name: string): Promise<T> {
  const v = await adminEngine().get<{ value: T }>(`/process-instance/${processInstanceId}/variables/${name}`);
  return v.value;
}

export async function endedAt(processInstanceId: string): Promise<string> {
  const engine = adminEngine();
  await waitFor(async () => {
    const pi = await engine.get<{ state: string }>(`/history/process-instance/${processInstanceId}`);
    return pi.state === 'COMPLETED' ? pi : undefined;
  }, 'the process to end');
  // Only the process's own end events, not those of its sub-process.
  const ends = await engine.get<Array<{ activityId: string; parentActivityInstanceId: string }>>('/history/activity-instance', { processInstanceId, activityType: 'noneEndEvent' });
  return ends.filter((e) => e.parentActivityInstanceId === processInstanceId).map((e) => e.activityId).join(',');
}

export async function activeActivities(processInstanceId: string): Promise<string[]> {
  const acts = await adminEngine().get<Array<{ activityId: string }>>('/history/activity-instance', { processInstanceId, unfinished: true });
  return acts.map((a) => a.activityId).sort();
}
