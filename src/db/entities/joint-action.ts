import { EntitySchema } from 'typeorm';

/**
 * A joint enforcement action (联合执法, S2-4 "执法联管", S4-4.8): started by the centre or a street
 * sub-centre, naming a lead unit and the units that take part (optionally for an event). Each unit
 * reports its part; each unit's part is one round in the assessment ledger (ledger rows keyed by the
 * action's number, round 1, the lead unit as `lead`, the others as `cooperating`).
 */
export type JointActionStatus = 'open' | 'completed';

export interface JointAction {
  id: number;
  /** `LH-YYYYMMDD-NNNNNN`, the business key of its `joint-enforcement` process. */
  number: string | null;
  title: string;
  description: string;
  eventNumber: string | null;
  leadUnit: string;
  /** Every unit taking part, the lead first, comma-separated. */
  units: string;
  timeLimitDays: number;
  status: JointActionStatus;
  startedBy: string;
  startedAt: Date;
  completedAt: Date | null;
  processInstanceId: string | null;
}

export const JointActionEntity = new EntitySchema<JointAction>({
  name: 'JointAction',
  tableName: 'joint_action',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    number: { type: String, length: 32, nullable: true, unique: true },
    title: { type: String, length: 200 },
    description: { type: 'text' },
    eventNumber: { name: 'event_number', type: String, length: 32, nullable: true },
    leadUnit: { name: 'lead_unit', type: String, length: 64 },
    units: { type: String, length: 600 },
    timeLimitDays: { name: 'time_limit_days', type: Number },
    status: { type: String, length: 16 },
    startedBy: { name: 'started_by', type: String, length: 64 },
    startedAt: { name: 'started_at', type: Date },
    completedAt: { name: 'completed_at', type: Date, nullable: true },
    processInstanceId: { name: 'process_instance_id', type: String, length: 64, nullable: true },
  },
});
