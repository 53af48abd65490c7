import type { DataSource } from 'typeorm';
import { EventEntity, type EventRecord, type EventStatus, type LedgerOutcome } from '../db/entities/index.js';
import { assignEventUnits } from '../events/event-units.js';

/**
 * An event's status and stage in the app database (`event`), so that lists and reports read one
 * table. Every change here sets known values: applying it twice changes nothing.
 */
export const EVENT_STATUSES: EventStatus[] = ['received', 'accepted', 'rejected', 'merged', 'handling', 'verifying', 'escalated', 'closed'];

/** Where an event stands after a handling round closed with each outcome. */
export const STATUS_AFTER_ROUND: Record<string, Pick<EventRecord, 'status' | 'stage'>> = {
  completed: { status: 'verifying', stage: '待核查回访' },
  returned: { status: 'accepted', stage: '退回待重新派单' },
  'cannot-handle': { status: 'accepted', stage: '上报区级平台' },
  escalated: { status: 'escalated', stage: '超期升级' },
  reopened: { status: 'accepted', stage: '核查未解决，重新处置' },
  supervision: { status: 'escalated', stage: '提请督办联席会议' },
};

export interface StatusChange {
  number: string;
  status: EventStatus;
  stage?: string | null;
  grade?: string;
  rejectReason?: string;
  mergeInto?: string;
  satisfaction?: number;
  /** The closing note (verification note or supervision summary). */
  closingNote?: string;
}

export type StatusChangeResult = { ok: true } | { ok: false; code: 'MERGE_TARGET_UNKNOWN'; message: string };

/**
 * Records a status milestone of the process (accepted, rejected, merged, closed, …). A merge into
 * an event number that does not exist is a business outcome (`MERGE_TARGET_UNKNOWN`: the process
 * sends the task back), not a failure; nothing is written then.
 */
export async function recordEventStatus(db: DataSource, change: StatusChange, now: Date): Promise<StatusChangeResult> {
  if (!EVENT_STATUSES.includes(change.status)) throw new Error(`unknown eventStatus ${change.status}`);
  const repo = db.getRepository(EventEntity);
  const event = await repo.findOneBy({ number: change.number });
  if (!event) throw new Error(`event ${change.number} is not in the app database`);

  const changes: Partial<EventRecord> = { status: change.status, stage: change.stage ?? null };
  if (change.status === 'accepted') changes.grade = change.grade ?? event.grade;
  if (change.status === 'rejected') {
    changes.outcomeNote = change.rejectReason ?? null;
    changes.closedAt = event.closedAt ?? now;
  }
  if (change.status === 'merged') {
    const target = change.mergeInto?.trim();
    const exists = target && target !== change.number && (await repo.existsBy({ number: target }));
    if (!exists) return { ok: false, code: 'MERGE_TARGET_UNKNOWN', message: `合并目标事件编号 ${target ?? '(空)'} 不存在` };
    changes.mergedInto = target;
    changes.closedAt = event.closedAt ?? now;
  }
  if (change.status === 'closed') {
    changes.satisfaction = change.satisfaction ?? event.satisfaction;
    changes.outcomeNote = change.closingNote ?? event.outcomeNote;
    changes.closedAt = event.closedAt ?? now;
  }
  await repo.update({ id: event.id }, changes);
  return { ok: true };
}

/** A round was dispatched: the event is being handled by these units until `dueAt`. */
export async function markHandling(
  db: DataSource,
  number: string,
  round: { round: number; leadUnit: string; cooperatingUnits: string[]; dueAt: Date; warnAt: Date },
): Promise<void> {
  // The units go through their one writer, which keeps `event_unit` (a unit's list) in step.
  await assignEventUnits(
    db,
    number,
    { leadUnit: round.leadUnit, cooperatingUnits: round.cooperatingUnits },
    { status: 'handling', stage: '处置中', handlingRound: round.round, dueAt: round.dueAt, warnAt: round.warnAt, overdue: false },
  );
}

/** A round closed: status and stage follow the outcome; the return count and the S3 flag are kept on the event. */
export async function markRoundClosed(db: DataSource, number: string, outcome: LedgerOutcome, returnCount: number, unclearResponsibility: boolean): Promise<void> {
  const after = STATUS_AFTER_ROUND[outcome];
  if (!after) throw new Error(`no event status follows a round closed as ${outcome}`);
  await db.getRepository(EventEntity).update({ number }, { ...after, returnCount, ...(unclearResponsibility ? { unclearResponsibility: true } : {}) });
}

/** The overdue timer fired for the event's current round. */
export async function markEventOverdue(db: DataSource, number: string): Promise<void> {
  await db.getRepository(EventEntity).update({ number }, { overdue: true });
}

/** The event as the app database holds it (reporter data included: never put it in variables or logs). */
export function findEvent(db: DataSource, number: string): Promise<EventRecord | null> {
  return db.getRepository(EventEntity).findOneBy({ number });
}
