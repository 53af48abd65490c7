import { EntitySchema } from 'typeorm';

/**
 * One report of a patrol inspector (巡查员, S4-4.6): the event it became, the inspector, and how the
 * sub-centre judged it. `pending` until acceptance; then `valid` (graded, earns the grade's points),
 * `invalid` (not accepted) or `duplicate` (merged into another event): the last two earn nothing.
 * One row per event number, so a redelivered task or a retried intake writes nothing new.
 */
export type PatrolOutcome = 'pending' | 'valid' | 'invalid' | 'duplicate';

export interface PatrolReport {
  id: number;
  eventNumber: string;
  inspectorId: string;
  /** The month the report counts in, `YYYY-MM` (Beijing time of its receipt). */
  month: string;
  outcome: PatrolOutcome;
  /** Urgency code (config/patrol.yaml `urgency`); null until graded. */
  urgency: string | null;
  /** Safety-risk code (config/patrol.yaml `safety`); null until graded. */
  safety: string | null;
  /** Reward grade code; null until graded, and for invalid/duplicate reports. */
  rewardGrade: string | null;
  points: number;
  gradedBy: string | null;
  decidedAt: Date | null;
  receivedAt: Date;
}

export const PatrolReportEntity = new EntitySchema<PatrolReport>({
  name: 'PatrolReport',
  tableName: 'patrol_report',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    eventNumber: { name: 'event_number', type: String, length: 32, unique: true },
    inspectorId: { name: 'inspector_id', type: String, length: 32 },
    month: { type: String, length: 7 },
    outcome: { type: String, length: 16 },
    urgency: { type: String, length: 32, nullable: true },
    safety: { type: String, length: 32, nullable: true },
    rewardGrade: { name: 'reward_grade', type: String, length: 32, nullable: true },
    points: { type: Number, default: 0 },
    gradedBy: { name: 'graded_by', type: String, length: 64, nullable: true },
    decidedAt: { name: 'decided_at', type: Date, nullable: true },
    receivedAt: { name: 'received_at', type: Date },
  },
  indices: [{ name: 'idx_patrol_report_month_inspector', columns: ['month', 'inspectorId'] }],
});
