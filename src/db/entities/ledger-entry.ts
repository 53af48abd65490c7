import { EntitySchema } from 'typeorm';

/**
 * The assessment book (考核台账): one row per handling round per unit (S2-5.2, S4-4.9).
 * `causeKey` = `<number>:<round>:<unit>` makes writing idempotent: a task delivered twice never
 * counts twice. `counted=false` rows are excluded from assessment, with the reason (e.g. S0-5).
 * `withdrawn`: a cooperating unit's assist ended by the lead unit's return (src/handling/ledger.ts).
 */
export type LedgerOutcome = 'open' | 'completed' | 'returned' | 'escalated' | 'reopened' | 'cannot-handle' | 'supervision' | 'archived' | 'withdrawn';

export interface LedgerEntry {
  id: number;
  causeKey: string;
  eventNumber: string;
  round: number;
  unitId: string;
  role: 'lead' | 'cooperating';
  dispatchedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  outcome: LedgerOutcome;
  onTime: boolean | null;
  counted: boolean;
  excludedReason: string | null;
  excludedFrom: Date | null;
  excludedUntil: Date | null;
  note: string | null;
}

export const LedgerEntryEntity = new EntitySchema<LedgerEntry>({
  name: 'LedgerEntry',
  tableName: 'ledger_entry',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    causeKey: { name: 'cause_key', type: String, length: 191, unique: true },
    eventNumber: { name: 'event_number', type: String, length: 32 },
    round: { type: Number },
    unitId: { name: 'unit_id', type: String, length: 64 },
    role: { type: String, length: 16 },
    dispatchedAt: { name: 'dispatched_at', type: Date },
    dueAt: { name: 'due_at', type: Date },
    completedAt: { name: 'completed_at', type: Date, nullable: true },
    outcome: { type: String, length: 16 },
    onTime: { name: 'on_time', type: Boolean, nullable: true },
    counted: { type: Boolean, default: true },
    excludedReason: { name: 'excluded_reason', type: String, length: 200, nullable: true },
    excludedFrom: { name: 'excluded_from', type: Date, nullable: true },
    excludedUntil: { name: 'excluded_until', type: Date, nullable: true },
    note: { type: 'text', nullable: true },
  },
  indices: [
    { name: 'idx_ledger_event', columns: ['eventNumber'] },
    { name: 'idx_ledger_unit', columns: ['unitId'] },
  ],
});
