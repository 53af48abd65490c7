import type { EventRecord, EventStatus } from '../db/entities/index.js';

/**
 * Where an event stands against its time limit (S2-5.1): `overdue` once past `dueAt` (or marked
 * overdue by the deadline worker), `warning` once past `warnAt`, else `on_time`. A closed event is
 * judged at its closing time, so finishing late stays "overdue" and finishing in time stays
 * "on_time" however long ago that was.
 */
export type Sla = 'on_time' | 'warning' | 'overdue';

export function slaOf(row: Pick<EventRecord, 'dueAt' | 'warnAt' | 'overdue' | 'closedAt'>, now: Date): Sla {
  if (row.overdue) return 'overdue';
  if (!row.dueAt) return 'on_time';
  const at = row.closedAt ?? now;
  if (at.getTime() > row.dueAt.getTime()) return 'overdue';
  if (!row.closedAt && row.warnAt && now.getTime() > row.warnAt.getTime()) return 'warning';
  return 'on_time';
}

/** A Chinese stage label when the workers have not set one and the engine cannot say. */
export const STATUS_LABELS: Record<EventStatus, string> = {
  received: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  merged: '已合并',
  handling: '处置中',
  verifying: '核查中',
  escalated: '已上报',
  closed: '已办结',
};

export const EVENT_STATUSES = Object.keys(STATUS_LABELS) as EventStatus[];
