import { EntitySchema } from 'typeorm';

/** Warning and overdue records of a handling round (timeout checks); one per cause, idempotent. */
export interface SlaRecord {
  id: number;
  causeKey: string;
  eventNumber: string;
  round: number;
  unitId: string;
  kind: 'accept-overdue' | 'report-overdue' | 'warning' | 'overdue';
  dueAt: Date | null;
  recordedAt: Date;
}

export const SlaRecordEntity = new EntitySchema<SlaRecord>({
  name: 'SlaRecord',
  tableName: 'sla_record',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    causeKey: { name: 'cause_key', type: String, length: 191, unique: true },
    eventNumber: { name: 'event_number', type: String, length: 32 },
    round: { type: Number },
    unitId: { name: 'unit_id', type: String, length: 64 },
    kind: { type: String, length: 16 },
    dueAt: { name: 'due_at', type: Date, nullable: true },
    recordedAt: { name: 'recorded_at', type: Date, createDate: true },
  },
  indices: [{ name: 'idx_sla_event', columns: ['eventNumber'] }],
});
