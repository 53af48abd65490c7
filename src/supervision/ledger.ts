import type { DataSource } from 'typeorm';
import { LedgerEntryEntity, type LedgerEntry, type SupervisionItem } from '../db/entities/index.js';

/**
 * The supervision process's effects on the assessment book (`ledger_entry`, one row per handling
 * round per unit). Rows are written by the event process's dispatch; supervision only updates the
 * rows of the round the event was in when it entered supervision (`item.handlingRound`).
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
 *  next round, written by the event process's dispatch, is an ordinary counted row.
 *
 * Every update is guarded (only rows not yet excluded / not yet archived / not yet reopened), so a
 * task delivered twice changes nothing.
 */
export const S0_5_REASON = 'S0-5 决策参考事件归档流程中，不计入处置单位';

export function s0_6Note(round: number): string {
  return `S0-6 申请决策参考的事件经审核重新派发至原处置单位：第${round}轮计入未办结，第${round + 1}轮二次办理重新计入考核`;
}

export function onTimeWhenArchived(row: Pick<LedgerEntry, 'dueAt'>, enteredSupervisionAt: Date): boolean {
  return enteredSupervisionAt.getTime() <= new Date(row.dueAt).getTime();
}

function roundRows(db: DataSource, item: Pick<SupervisionItem, 'eventNumber' | 'handlingRound'>): Promise<LedgerEntry[]> {
  return db.getRepository(LedgerEntryEntity).findBy({ eventNumber: item.eventNumber, round: item.handlingRound });
}

const appendNote = (note: string | null, add: string) => (note && note.includes(add) ? note : note ? `${note}；${add}` : add);

/** S0-5 start. Returns the number of rows now excluded. */
export async function excludeForDecisionReference(db: DataSource, item: SupervisionItem, from: Date): Promise<number> {
  const ledger = db.getRepository(LedgerEntryEntity);
  let changed = 0;
  for (const row of await roundRows(db, item)) {
    if (row.excludedFrom) continue;
    await ledger.update({ id: row.id }, { excludedFrom: from, counted: false, excludedReason: S0_5_REASON, note: appendNote(row.note, '列为决策参考事件，进入终结归档流程') });
    changed += 1;
  }
  return changed;
}

/** S0-5 end: archived, counted as completed. Returns the number of rows archived. */
export async function archiveDecisionReference(db: DataSource, item: SupervisionItem, at: Date): Promise<number> {
  const ledger = db.getRepository(LedgerEntryEntity);
  let changed = 0;
  for (const row of await roundRows(db, item)) {
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
export async function reopenForOriginalUnit(db: DataSource, item: SupervisionItem): Promise<number> {
  if (!item.leadUnit) return 0;
  const ledger = db.getRepository(LedgerEntryEntity);
  const rows = (await roundRows(db, item)).filter((r) => r.role === 'lead' && r.unitId === item.leadUnit);
  const note = s0_6Note(item.handlingRound);
  let changed = 0;
  for (const row of rows) {
    if (row.outcome === 'reopened' && row.note?.includes('S0-6')) continue;
    await ledger.update({ id: row.id }, { outcome: 'reopened', completedAt: null, counted: true, note: appendNote(row.note, note) });
    changed += 1;
  }
  return changed;
}
