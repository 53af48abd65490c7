import { EntitySchema } from 'typeorm';

/**
 * The duty roster of the units stationed at a street's command room (S2-1): one row per unit,
 * working day and person on duty, in the order the sub-centre gave (the first present person takes
 * the dispatches). `enforcement` is copied from the org chart when the roster is set. A person who
 * falls ill is marked `absentAt` (the row stays; the roster is then flagged if below the minimum).
 */
export interface DutyRosterEntry {
  id: number;
  unitId: string;
  dutyDate: string;
  userId: string;
  personName: string;
  enforcement: boolean;
  position: number;
  absentAt: Date | null;
  absenceReason: string | null;
  updatedBy: string | null;
  updatedAt: Date;
}

export const DutyRosterEntryEntity = new EntitySchema<DutyRosterEntry>({
  name: 'DutyRosterEntry',
  tableName: 'duty_roster_entry',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    unitId: { name: 'unit_id', type: String, length: 64 },
    dutyDate: { name: 'duty_date', type: String, length: 10 },
    userId: { name: 'user_id', type: String, length: 64 },
    personName: { name: 'person_name', type: String, length: 64 },
    enforcement: { type: Boolean },
    position: { type: Number },
    absentAt: { name: 'absent_at', type: Date, nullable: true },
    absenceReason: { name: 'absence_reason', type: String, length: 200, nullable: true },
    updatedBy: { name: 'updated_by', type: String, length: 64, nullable: true },
    updatedAt: { name: 'updated_at', type: Date },
  },
  uniques: [{ name: 'uq_duty_roster_unit_date_user', columns: ['unitId', 'dutyDate', 'userId'] }],
});
