import type { DataSource } from 'typeorm';
import { EventEntity } from '../db/entities/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineDate, type HistoricTaskInstance } from '../engine/facade.js';
import type { MonthRange } from './month.js';

/**
 * Internal assessment (S4-4.9 内部考核) of the centre's seat operators (坐席员): for the events
 * received in the month, who decided each acceptance task (受理), how (accepted, rejected, merged)
 * and whether within the task's due date (the one working day of S2-5.1, set on the task by the
 * model from the working-day calendar).
 *
 * Source: the engine's history, read when the month is computed and then stored with the month's
 * result (the engine's history is cleaned after its time to live; the stored month is not):
 *  - the historic acceptance tasks of the month's events (completed ones only: a task cancelled
 *    with its instance was decided by nobody);
 *  - the operator is the engine user who completed the task, from the user operation log (a task
 *    completed through the REST API or Tasklist is logged with the authenticated user), else the
 *    task's assignee; a task completed with no authenticated user is counted under `（系统）`;
 *  - the decision is the event's outcome in the app's book (rejected, merged, else accepted); an
 *    event accepted twice (re-acceptance) counts once per task, the earlier ones as accepted.
 * Patrol inspectors' internal assessment comes from their graded reports
 * (`patrolInspectorFigures` in src/patrol/reports.ts, S4-4.6).
 */
export interface SeatOperatorFigures {
  operator: string;
  decided: number;
  accepted: number;
  rejected: number;
  merged: number;
  /** Decided no later than the task's due date. */
  onTime: number;
  /** Tasks with no due date (not counted as on time or late). */
  noDueDate: number;
}

export const ACCEPT_TASK = 'UserTask_AcceptEvent';
export const EVENT_PROCESS = 'event-handling';
export const SYSTEM_OPERATOR = '（系统）';

// Business keys per history query: a month of 40,000 events is 40 POST queries, not 200 (the
// engine's SQL takes a 1,000-value IN list on H2 and MariaDB alike).
const CHUNK = 1000;
const LOG_PAGE = 1000;

/** The seat operators' figures of the month, sorted by tasks decided (most first), then by operator. */
export async function seatOperatorFigures(db: DataSource, engine: EngineClient, range: MonthRange): Promise<SeatOperatorFigures[]> {
  const events = await db
    .getRepository(EventEntity)
    .createQueryBuilder('e')
    .select('e.number', 'number')
    .addSelect('e.status', 'status')
    .addSelect('e.processInstanceId', 'processInstanceId')
    .where('e.receivedAt >= :ms AND e.receivedAt < :me', { ms: range.start, me: range.end })
    .getRawMany<{ number: string; status: string; processInstanceId: string | null }>();
  if (events.length === 0) return [];
  const statusOf = new Map(events.map((e) => [e.number, e.status]));
  const numberOf = new Map(events.filter((e) => e.processInstanceId).map((e) => [e.processInstanceId as string, e.number]));

  // Acceptance tasks of these events, completed (chunked: one POST query per CHUNK business keys).
  const tasks: HistoricTaskInstance[] = [];
  const numbers = [...statusOf.keys()];
  for (let i = 0; i < numbers.length; i += CHUNK) {
    const found = await engine.history.taskInstancesOfBusinessKeys({
      taskDefinitionKey: ACCEPT_TASK,
      processDefinitionKey: EVENT_PROCESS,
      businessKeys: numbers.slice(i, i + CHUNK),
      finished: true,
    });
    tasks.push(...found.filter((t) => t.endTime !== null && t.deleteReason === 'completed' && numberOf.has(t.processInstanceId)));
  }
  if (tasks.length === 0) return [];

  // Who completed them: the user operation log over the tasks' time span, paged (one ranged query, not one per task).
  const ends = tasks.map((t) => new Date(t.endTime as string).getTime());
  const completedBy = new Map<string, string>();
  const wanted = new Set(tasks.map((t) => t.id));
  for (let first = 0; ; first += LOG_PAGE) {
    const page = await engine.history.userOperations({
      processDefinitionKey: EVENT_PROCESS,
      entityType: 'Task',
      operationType: 'Complete',
      afterTimestamp: engineDate(new Date(Math.min(...ends) - 60_000)),
      beforeTimestamp: engineDate(new Date(Math.max(...ends) + 60_000)),
      sortBy: 'timestamp',
      sortOrder: 'asc',
      firstResult: first,
      maxResults: LOG_PAGE,
    });
    for (const entry of page) if (entry.taskId && entry.userId && wanted.has(entry.taskId)) completedBy.set(entry.taskId, entry.userId);
    if (page.length < LOG_PAGE) break;
  }

  // The newest acceptance task of an event carries the event's outcome; earlier ones were acceptances.
  const newest = new Map<string, { id: string; end: number }>();
  const businessKeyOf = new Map<string, string>();
  for (const t of tasks) {
    const key = numberOf.get(t.processInstanceId) as string;
    businessKeyOf.set(t.id, key);
    const end = new Date(t.endTime as string).getTime();
    if ((newest.get(key)?.end ?? -1) < end) newest.set(key, { id: t.id, end });
  }

  const byOperator = new Map<string, SeatOperatorFigures>();
  for (const t of tasks) {
    const operator = completedBy.get(t.id) ?? t.assignee ?? SYSTEM_OPERATOR;
    const f = byOperator.get(operator) ?? { operator, decided: 0, accepted: 0, rejected: 0, merged: 0, onTime: 0, noDueDate: 0 };
    byOperator.set(operator, f);
    f.decided += 1;
    const key = businessKeyOf.get(t.id) as string;
    const status = newest.get(key)?.id === t.id ? statusOf.get(key) : 'accepted';
    if (status === 'rejected') f.rejected += 1;
    else if (status === 'merged') f.merged += 1;
    else f.accepted += 1;
    if (!t.due) f.noDueDate += 1;
    else if (new Date(t.endTime as string).getTime() <= new Date(t.due).getTime()) f.onTime += 1;
  }
  return [...byOperator.values()].sort((a, b) => b.decided - a.decided || a.operator.localeCompare(b.operator));
}
