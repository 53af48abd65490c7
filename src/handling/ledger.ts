import type { DataSource } from 'typeorm';
import { LedgerEntryEntity, type LedgerEntry, type LedgerOutcome, type SupervisionItem } from '../db/entities/index.js';

/**
 * The assessment book (考核台账, `ledger_entry`): one row per handling round per unit (S2-5.2,
 * S4-4.9). Every rule that writes it lives here, for the event process and the supervision
 * process alike:
 *  - a round's rows are opened at dispatch (`openRoundRows`), one per unit, keyed by cause so a
 *    redelivered task writes nothing new;
 *  - a round is closed (`closeRoundRows`) with its outcome, completion time and whether it was on
 *    time; a round already recorded overdue by its timer stays late (`onTimeAtClose`); each unit's
 *    row carries its own outcome and words: a cooperating unit books its assist itself
 *    (`bookAssist`), one still working when the lead unit returns is `withdrawn` (`roundCloseChanges`);
 *  - `reopened` (verification found it unresolved): not counted as completed, the same unit gets a
 *    new round;
 *  - the overdue timer marks the lead unit's open row late (`markRoundLate`);
 *  - S0-5 and S0-6 (the supervision joint meeting), see below.
 *
 * S0-5 — "进入决策参考终结归档审批流程的事件，不计入处置单位的考核时间，对确定终结归档的事件计入已办结事件":
 *  - when the decision-reference flow starts (the district leader's decision), every row of the
 *    round (lead and cooperating: all are handling units) gets `excludedFrom`, `counted=false` and
 *    the reason `S0_5_REASON`;
 *  - when the item is archived: `excludedUntil`, outcome `archived`, `completedAt` = the archive
 *    time and `counted=true` again: the event counts as completed. The excluded interval stays on
 *    the row with its reason, so the assessment can subtract it.
 *  - `onTime` (our decision, SPEC leaves it open): the handling unit's clock stopped when the event
 *    left its hands, i.e. when it entered supervision; the row is on time iff that was not after
 *    its due date. So an item escalated automatically after 15 working days stays late, and an
 *    item the unit itself reported in time (S0-2) is not punished for the months the meetings took.
 *
 * S0-6 — "申请决策参考的事件经审核，由联动中心重新派发至原处置单位的，原事件计入未办结，二次办理过程重新计入考核":
 *  when supervision ends in re-dispatch to the ORIGINAL lead unit, that unit's row of the round
 *  becomes outcome `reopened`, `completedAt=null` (not completed), `counted=true`, with a note; the
 *  next round, opened by the event process's dispatch, is an ordinary counted row.
 *
 * Every update is guarded or sets a known value, so a task delivered twice changes nothing.
 */
export const S0_5_REASON = 'S0-5 决策参考事件归档流程中，不计入处置单位';
export const REOPENED_NOTE = '核查未解决，不计为办结，同一单位重新处置';

export function s0_6Note(round: number): string {
  return `S0-6 申请决策参考的事件经审核重新派发至原处置单位：第${round}轮计入未办结，第${round + 1}轮二次办理重新计入考核`;
}

export function onTimeWhenArchived(row: Pick<LedgerEntry, 'dueAt'>, enteredSupervisionAt: Date): boolean {
  return enteredSupervisionAt.getTime() <= new Date(row.dueAt).getTime();
}

/** A round closed at `completedAt` is on time iff it was due by then and its timer had not already recorded it late. */
export function onTimeAtClose(row: Pick<LedgerEntry, 'dueAt' | 'onTime'>, completedAt: Date): boolean {
  return row.onTime !== false && completedAt.getTime() <= new Date(row.dueAt).getTime();
}

export interface RoundUnit {
  unitId: string;
  role: 'lead' | 'cooperating';
}

export function ledgerCauseKey(eventNumber: string, round: number, unit: RoundUnit): string {
  return `${eventNumber}:${round}:${unit.unitId}:${unit.role}`;
}

export function roundRows(db: DataSource, eventNumber: string, round: number): Promise<LedgerEntry[]> {
  return db.getRepository(LedgerEntryEntity).findBy({ eventNumber, round });
}

/** The lead unit's row of a round, when written. */
export function leadRow(db: DataSource, eventNumber: string, round: number, leadUnit: string): Promise<LedgerEntry | null> {
  return db.getRepository(LedgerEntryEntity).findOneBy({ causeKey: ledgerCauseKey(eventNumber, round, { unitId: leadUnit, role: 'lead' }) });
}

/** Opens a round: one counted `open` row per unit. Rows already there (a redelivered task) are kept as they are. */
export async function openRoundRows(
  db: DataSource,
  round: { eventNumber: string; round: number; units: RoundUnit[]; dispatchedAt: Date; dueAt: Date },
): Promise<void> {
  const rows = round.units.map((u) => ({
    causeKey: ledgerCauseKey(round.eventNumber, round.round, u),
    eventNumber: round.eventNumber,
    round: round.round,
    unitId: u.unitId,
    role: u.role,
    dispatchedAt: round.dispatchedAt,
    dueAt: round.dueAt,
    outcome: 'open' as const,
    counted: true,
  }));
  // MySQL reports no insert id for ignored rows, so do not read ids back.
  await db.getRepository(LedgerEntryEntity).createQueryBuilder().insert().values(rows).orIgnore().updateEntity(false).execute();
}

/** The lead unit's return ended the round before a cooperating unit reported: its assist is withdrawn (协办终止), not counted. */
export const WITHDRAWN_REASON: Record<'returned' | 'cannot-handle', string> = {
  returned: '主办单位退回，本轮协办随之终止，不计入协办单位考核',
  'cannot-handle': '主办单位报告本级无法处置，本轮协办随之终止，不计入协办单位考核',
};

type Row = Pick<LedgerEntry, 'id' | 'role' | 'outcome' | 'dueAt' | 'completedAt' | 'onTime' | 'note' | 'counted' | 'excludedReason'>;

export interface RowChange {
  id: number;
  changes: Partial<LedgerEntry>;
}

/**
 * A cooperating unit completed its assist task (S2-5.2, S4-4.9): its own outcome `completed`, its
 * completion time, on time or not, and its own feedback as the note. Null when already booked.
 */
export function assistChange(row: Row, feedback: string | null, at: Date): Partial<LedgerEntry> | null {
  if (row.role !== 'cooperating' || row.outcome !== 'open') return null;
  return { outcome: 'completed', completedAt: at, onTime: onTimeAtClose(row, at), note: feedback ?? row.note };
}

/**
 * The changes that close a round with `outcome`; `leadNote` is the lead unit's own words. Each
 * unit's row carries what THAT unit did:
 *  - the lead row gets the round's outcome and the lead unit's words (feedback, return reason, …);
 *  - a cooperating row already closed by its own assist keeps its outcome and words: a lead unit
 *    returning the event does not make the cooperating unit that took part a returning unit;
 *  - a cooperating row still open: on returned / cannot-handle → `withdrawn` (协办终止, not counted,
 *    with the reason); on escalated / supervision / completed → the round's outcome, like the lead's;
 *  - `reopened` (verification found it unresolved) marks every row of the round, each keeping its note;
 *  - an `escalated` round is never on time: it reached the event's 15th working day (S2-5.1).
 */
export function roundCloseChanges(rows: readonly Row[], outcome: LedgerOutcome, leadNote: string | null, at: Date): RowChange[] {
  const changes: RowChange[] = [];
  for (const row of rows) {
    if (outcome === 'reopened') {
      if (row.outcome !== 'reopened') changes.push({ id: row.id, changes: { outcome: 'reopened', note: row.note ?? REOPENED_NOTE } });
      continue;
    }
    if (row.role === 'lead') {
      const completedAt = row.completedAt ?? at;
      const onTime = outcome === 'escalated' ? false : onTimeAtClose(row, completedAt);
      changes.push({ id: row.id, changes: { outcome, completedAt, onTime, note: row.note ?? leadNote } });
      continue;
    }
    // A cooperating unit: its own outcome stands once booked.
    if (row.outcome !== 'open') continue;
    if (outcome === 'returned' || outcome === 'cannot-handle') {
      changes.push({ id: row.id, changes: { outcome: 'withdrawn', completedAt: at, onTime: null, counted: false, excludedReason: WITHDRAWN_REASON[outcome] } });
    } else {
      changes.push({ id: row.id, changes: { outcome, completedAt: at, onTime: outcome === 'escalated' ? false : onTimeAtClose(row, at) } });
    }
  }
  return changes;
}

/** An assist a cooperating unit completed (from the engine's history when the round closes). */
export interface CompletedAssist {
  unitId: string;
  feedback: string | null;
  completedAt: Date;
}

/**
 * Closes the rows of a round with the outcome (`roundCloseChanges`). `assists` are the assist
 * tasks of the round the engine already completed: each is booked as that unit's own completion
 * first, so an assist booking still on its way when the lead unit returns is not turned into
 * `withdrawn`. Returns the number of rows changed.
 */
export async function closeRoundRows(
  db: DataSource,
  close: { eventNumber: string; round: number; outcome: LedgerOutcome; note: string | null; assists?: readonly CompletedAssist[] },
  now: Date,
): Promise<number> {
  const ledger = db.getRepository(LedgerEntryEntity);
  if ((await roundRows(db, close.eventNumber, close.round)).length === 0) throw new Error(`no ledger rows for ${close.eventNumber} round ${close.round}`);
  for (const assist of close.assists ?? []) await bookAssist(db, { eventNumber: close.eventNumber, round: close.round, ...assist });
  const changes = roundCloseChanges(await roundRows(db, close.eventNumber, close.round), close.outcome, close.note, now);
  for (const { id, changes: update } of changes) await ledger.update({ id }, update);
  return changes.length;
}

/**
 * Books a cooperating unit's completed assist in its own row. Returns false when the row was
 * already booked (a redelivered task, or the round's close booked it first).
 */
export async function bookAssist(db: DataSource, assist: { eventNumber: string; round: number } & CompletedAssist): Promise<boolean> {
  const ledger = db.getRepository(LedgerEntryEntity);
  const row = await ledger.findOneBy({ causeKey: ledgerCauseKey(assist.eventNumber, assist.round, { unitId: assist.unitId, role: 'cooperating' }) });
  if (!row) throw new Error(`no ledger row for cooperating unit ${assist.unitId} of ${assist.eventNumber} round ${assist.round}`);
  const change = assistChange(row, assist.feedback, assist.completedAt);
  if (!change) return false;
  // Guarded on `open`: a concurrent round close or a redelivery never overwrites a booked outcome.
  const result = await ledger.update({ id: row.id, outcome: 'open' }, change);
  return (result.affected ?? 1) > 0;
}

/**
 * When the event was first dispatched (S2-5.1: its 15 working days count from then): the earliest
 * row of the event in the book, which every round's dispatch writes. Null before the first dispatch.
 */
/**
 * What a dispatch needs to know of the event's earlier rows, in one query: the lead row of this
 * round if a delivery before wrote it (its dispatch time is reused) and the first dispatch of the
 * event (the 15 working days run from it).
 */
export async function dispatchHistory(db: DataSource, eventNumber: string, round: number, leadUnit: string): Promise<{ lead: LedgerEntry | null; firstDispatchedAt: Date | null }> {
  const rows = await db.getRepository(LedgerEntryEntity).find({ where: { eventNumber }, order: { dispatchedAt: 'ASC', id: 'ASC' } });
  const key = ledgerCauseKey(eventNumber, round, { unitId: leadUnit, role: 'lead' });
  return { lead: rows.find((r) => r.causeKey === key) ?? null, firstDispatchedAt: rows[0]?.dispatchedAt ?? null };
}

export async function firstDispatchOf(db: DataSource, eventNumber: string): Promise<Date | null> {
  const first = await db.getRepository(LedgerEntryEntity).findOne({ where: { eventNumber }, order: { dispatchedAt: 'ASC', id: 'ASC' } });
  return first?.dispatchedAt ?? null;
}

/** The overdue timer fired: the lead unit's open row of the round is late, and stays late. */
export async function markRoundLate(db: DataSource, eventNumber: string, round: number): Promise<void> {
  await db.getRepository(LedgerEntryEntity).update({ eventNumber, round, role: 'lead', outcome: 'open' }, { onTime: false });
}

/** How many rounds of the event its lead unit returned (S3: the second flags unclear responsibility). */
export function leadReturnCount(db: DataSource, eventNumber: string): Promise<number> {
  return db.getRepository(LedgerEntryEntity).countBy({ eventNumber, role: 'lead', outcome: 'returned' });
}

const appendNote = (note: string | null, add: string) => (note && note.includes(add) ? note : note ? `${note}；${add}` : add);

type ItemRound = Pick<SupervisionItem, 'eventNumber' | 'handlingRound'>;

/** S0-5 start. Returns the number of rows now excluded. */
export async function excludeForDecisionReference(db: DataSource, item: ItemRound, from: Date): Promise<number> {
  const ledger = db.getRepository(LedgerEntryEntity);
  let changed = 0;
  for (const row of await roundRows(db, item.eventNumber, item.handlingRound)) {
    if (row.excludedFrom) continue;
    await ledger.update({ id: row.id }, { excludedFrom: from, counted: false, excludedReason: S0_5_REASON, note: appendNote(row.note, '列为决策参考事件，进入终结归档流程') });
    changed += 1;
  }
  return changed;
}

/** S0-5 end: archived, counted as completed. Returns the number of rows archived. */
export async function archiveDecisionReference(db: DataSource, item: ItemRound & Pick<SupervisionItem, 'enteredAt'>, at: Date): Promise<number> {
  const ledger = db.getRepository(LedgerEntryEntity);
  let changed = 0;
  for (const row of await roundRows(db, item.eventNumber, item.handlingRound)) {
    if (row.outcome === 'archived' && row.excludedUntil) continue;
    await ledger.update(
      { id: row.id },
      {
        excludedFrom: row.excludedFrom ?? at,
        excludedUntil: at,
        excludedReason: row.excludedReason ?? S0_5_REASON,
        outcome: 'archived',
        completedAt: at,
        onTime: onTimeWhenArchived(row, item.enteredAt),
        counted: true,
        note: appendNote(row.note, '决策参考事件终结归档，计入已办结'),
      },
    );
    changed += 1;
  }
  return changed;
}

/** S0-6: re-dispatched to the original unit. Returns the number of rows reopened (0 or 1). */
export async function reopenForOriginalUnit(db: DataSource, item: ItemRound & Pick<SupervisionItem, 'leadUnit'>): Promise<number> {
  if (!item.leadUnit) return 0;
  const ledger = db.getRepository(LedgerEntryEntity);
  const rows = (await roundRows(db, item.eventNumber, item.handlingRound)).filter((r) => r.role === 'lead' && r.unitId === item.leadUnit);
  const note = s0_6Note(item.handlingRound);
  let changed = 0;
  for (const row of rows) {
    if (row.outcome === 'reopened' && row.note?.includes('S0-6')) continue;
    await ledger.update({ id: row.id }, { outcome: 'reopened', completedAt: null, counted: true, note: appendNote(row.note, note) });
    changed += 1;
  }
  return changed;
}
