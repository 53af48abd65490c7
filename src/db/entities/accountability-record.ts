import { EntitySchema } from 'typeorm';

/**
 * What a unit is held to account for outside the handling rounds (S3-4, S1-8, S2-5.3): a late or
 * missing written report, a decision not implemented, material not submitted before a meeting.
 * One row per unit, item, month and kind (the cause key), so a redelivered task writes nothing new.
 * The monthly assessment (seed 004 S4-4.9) reads these rows; processes write them.
 */
export type AccountabilityKind = 'late-report' | 'missing-report' | 'not-implemented' | 'late-material' | 'missing-material';
export type AccountabilitySource = 'responsibility-consultation' | 'analysis-meeting' | 'supervision';

export interface AccountabilityRecord {
  id: number;
  causeKey: string;
  source: AccountabilitySource;
  unitId: string;
  /** The assessment month the record counts in, `YYYY-MM` (Beijing time). */
  month: string;
  /** The item the record is about (consultation item id, meeting id, event number). */
  itemRef: string;
  kind: AccountabilityKind;
  note: string | null;
  recordedAt: Date;
}

export const AccountabilityRecordEntity = new EntitySchema<AccountabilityRecord>({
  name: 'AccountabilityRecord',
  tableName: 'accountability_record',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    causeKey: { name: 'cause_key', type: String, length: 191, unique: true },
    source: { type: String, length: 32 },
    unitId: { name: 'unit_id', type: String, length: 64 },
    month: { type: String, length: 7 },
    itemRef: { name: 'item_ref', type: String, length: 64 },
    kind: { type: String, length: 24 },
    note: { type: String, length: 1000, nullable: true },
    recordedAt: { name: 'recorded_at', type: Date },
  },
  indices: [{ name: 'idx_accountability_month_unit', columns: ['month', 'unitId'] }],
});
