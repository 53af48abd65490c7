import type { DataSource } from 'typeorm';
import { LedgerEntryEntity, type LedgerEntry } from '../db/entities/index.js';

/**
 * Each unit's own outcome of a handling round in the assessment book (S2-5.2, S4-4.9): the
 * ranking reads these rows, so a row carries what THAT unit did and in its own words.
 *
 * - A cooperating unit's row is closed when it completes its assist task (`recordAssist`): outcome
 *   `completed`, its completion time, on time or not, and its own feedback as the note.
 * - When the round closes (`closeRound`), the lead unit's row gets the round's outcome and the lead
 *   unit's words (feedback, return reason, …). A cooperating row already closed by its own assist
 *   keeps its outcome and words: a lead unit returning the event does not make the cooperating
 *   unit that took part (e.g. 长河司法所, "已参与调解") a returning unit.
 * - A cooperating row still open when the round closes:
 *     returned / cannot-handle → `withdrawn` (协办终止): the lead unit ended the round before the
 *       cooperating unit reported; not counted for or against it (`counted=false`, with the reason);
 *     escalated (15 working days) / supervision → the round's outcome, like the lead's;
 *     completed → `completed` (the join waits for every assist, so this only repairs old rows).
 * - `reopened` (verification found it unresolved) marks every row of the round: the round as a whole
 *   is not completed, the same units handle it again (S4-4.7); each row keeps its own note.
 * - An `escalated` round is never on time: it reached the event's 15th working day (S2-5.1).
 * Every change is computed from the row's present state, so a redelivered task changes nothing.
 */
export const ROUND_OUTCOMES = ['completed', 'returned', 'cannot-handle', 'escalated', 'reopened', 'supervision'] as const;
export type RoundOutcome = (typeof ROUND_OUTCOMES)[number];

export const REOPENED_NOTE = '核查未解决，不计为办结，同一单位重新处置';
export const WITHDRAWN_REASON: Record<'returned' | 'cannot-handle', string> = {
  returned: '主办单位退回，本轮协办随之终止，不计入协办单位考核',
  'cannot-handle': '主办单位报告本级无法处置，本轮协办随之终止，不计入协办单位考核',
};

export function isRoundOutcome(value: string): value is RoundOutcome {
  return (ROUND_OUTCOMES as readonly string[]).includes(value);
}

type Row = Pick<LedgerEntry, 'id' | 'role' | 'outcome' | 'dueAt' | 'completedAt' | 'onTime' | 'note' | 'counted' | 'excludedReason'>;

export interface RowChange {
  id: number;
  changes: Partial<LedgerEntry>;
}

const onTimeAt = (row: Row, at: Date) => row.onTime !== false && at.getTime() <= new Date(row.dueAt).getTime();

/** A cooperating unit completed its assist task: its own outcome and words. Null when already booked. */
export function assistChange(row: Row, feedback: string | null, at: Date): Partial<LedgerEntry> | null {
  if (row.role !== 'cooperating' || row.outcome !== 'open') return null;
  return { outcome: 'completed', completedAt: at, onTime: onTimeAt(row, at), note: feedback ?? row.note };
}

/** The changes that close a round with `outcome`; `leadNote` is the lead unit's own words. */
export function roundCloseChanges(rows: readonly Row[], outcome: RoundOutcome, leadNote: string | null, at: Date): RowChange[] {
  const changes: RowChange[] = [];
  for (const row of rows) {
    if (outcome === 'reopened') {
      if (row.outcome !== 'reopened') changes.push({ id: row.id, changes: { outcome: 'reopened', note: row.note ?? REOPENED_NOTE } });
      continue;
    }
    if (row.role === 'lead') {
      const completedAt = row.completedAt ?? at;
      const onTime = outcome === 'escalated' ? false : onTimeAt(row, completedAt);
      changes.push({ id: row.id, changes: { outcome, completedAt, onTime, note: row.note ?? leadNote } });
      continue;
    }
    // A cooperating unit: its own outcome stands once booked.
    if (row.outcome !== 'open') continue;
    if (outcome === 'returned' || outcome === 'cannot-handle') {
      changes.push({ id: row.id, changes: { outcome: 'withdrawn', completedAt: at, onTime: null, counted: false, excludedReason: WITHDRAWN_REASON[outcome] } });
    } else {
      changes.push({ id: row.id, changes: { outcome, completedAt: at, onTime: outcome === 'escalated' ? false : onTimeAt(row, at) } });
    }
  }
  return changes;
}

/** Books a cooperating unit's completed assist. Returns false when the row was already booked. */
export async function recordAssist(db: DataSource, eventNumber: string, round: number, unitId: string, feedback: string | null, at = new Date()): Promise<boolean> {
  const ledger = db.getRepository(LedgerEntryEntity);
  const row = await ledger.findOneBy({ causeKey: `${eventNumber}:${round}:${unitId}:cooperating` });
  if (!row) throw new Error(`no ledger row for cooperating unit ${unitId} of ${eventNumber} round ${round}`);
  const change = assistChange(row, feedback, at);
  if (!change) return false;
  // Guarded on `open`: a concurrent round close or a redelivery never overwrites a booked outcome.
  const result = await ledger.update({ id: row.id, outcome: 'open' }, change);
  return (result.affected ?? 1) > 0;
}

/** Closes the round's rows in the book. Throws when the round has no rows (a modelling error). */
export async function closeRound(db: DataSource, eventNumber: string, round: number, outcome: RoundOutcome, leadNote: string | null, at = new Date()): Promise<void> {
  const ledger = db.getRepository(LedgerEntryEntity);
  const rows = await ledger.findBy({ eventNumber, round });
  if (rows.length === 0) throw new Error(`no ledger rows for ${eventNumber} round ${round}`);
  for (const { id, changes } of roundCloseChanges(rows, outcome, leadNote, at)) await ledger.update({ id }, changes);
}
