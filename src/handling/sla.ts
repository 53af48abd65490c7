import type { DataSource } from 'typeorm';
import { SlaRecordEntity } from '../db/entities/index.js';
import { CENTRE_UNIT_ID } from '../notifications/recipients.js';
import { markRoundLate } from './ledger.js';
import { markEventOverdue } from './transitions.js';

/**
 * Timeout records fired by the process timers: a warning before the due date, overdue at it, a
 * late acceptance, and a late report up to the district (S2-5.1: each within 1 working day).
 * One record per round and kind; an overdue round stays late in the ledger.
 */
export const SLA_KINDS = ['accept-overdue', 'report-overdue', 'warning', 'overdue'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

/** Which process variable holds the due date each kind of record was measured against. */
export const SLA_DUE_VARIABLE: Record<SlaKind, string> = { 'accept-overdue': 'acceptDueAt', 'report-overdue': 'reportUpDueAt', warning: 'dueAt', overdue: 'dueAt' };

/**
 * By default accepting and reporting up are the centre's (or sub-centre's) duties, the rest the
 * lead unit's; `slaUnit` names the unit that owed the step when the model says so (S2-5.1: the
 * unit that cannot handle an item reports up within 1 working day).
 */
export function isCentreDuty(kind: SlaKind): boolean {
  return kind === 'accept-overdue' || kind === 'report-overdue';
}

export async function recordSla(
  db: DataSource,
  input: { eventNumber: string; kind: SlaKind; round: number; leadUnit?: string; slaUnit?: string; dueAt: Date | null },
): Promise<void> {
  if (!SLA_KINDS.includes(input.kind)) throw new Error(`unknown slaKind ${String(input.kind)}`);
  // Acceptance happens before any round.
  const round = input.kind === 'accept-overdue' ? 0 : input.round;
  const unitId = input.slaUnit ?? (isCentreDuty(input.kind) ? CENTRE_UNIT_ID : input.leadUnit);
  if (!unitId) throw new Error('process variable leadUnit is missing');
  await db
    .getRepository(SlaRecordEntity)
    .createQueryBuilder()
    .insert()
    .values({ causeKey: `${input.eventNumber}:${round}:${input.kind}`, eventNumber: input.eventNumber, round, unitId, kind: input.kind, dueAt: input.dueAt })
    .orIgnore()
    .updateEntity(false)
    .execute();
  if (input.kind === 'overdue') {
    await markEventOverdue(db, input.eventNumber);
    await markRoundLate(db, input.eventNumber, round);
  }
}
