import { EntitySchema } from 'typeorm';

/**
 * One computation of one assessment month (S4-4.9): the figures per unit, the ranking, and the
 * scheme it was scored with (`config/assessment.yaml`'s text and sha256), so a past ranking is
 * always reproducible. Revisions are never changed: a recomputation is a new revision with its
 * reason. A published revision is the month's result; it is frozen.
 */
export type AssessmentStatus = 'draft' | 'published';

export interface AssessmentResult {
  id: number;
  month: string;
  revision: number;
  /** Why this revision was computed (the first: 每月例行考核). */
  reason: string;
  /** What computed it: a process instance id (the monthly timer) or `user:<id>`; keeps a redelivered task from adding a revision. */
  cause: string;
  status: AssessmentStatus;
  configVersion: string;
  configText: string;
  /** JSON: MonthFigures. */
  figures: string;
  /** JSON: Ranking (+ bottomLastTime). */
  ranking: string;
  computedAt: Date;
  computedBy: string | null;
  publishedAt: Date | null;
  publishedBy: string | null;
}

export const AssessmentResultEntity = new EntitySchema<AssessmentResult>({
  name: 'AssessmentResult',
  tableName: 'assessment_result',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    month: { type: String, length: 7 },
    revision: { type: Number },
    reason: { type: String, length: 500 },
    cause: { type: String, length: 100 },
    status: { type: String, length: 16 },
    configVersion: { name: 'config_version', type: String, length: 64 },
    configText: { name: 'config_text', type: 'text' },
    figures: { type: 'text' },
    ranking: { type: 'text' },
    computedAt: { name: 'computed_at', type: Date },
    computedBy: { name: 'computed_by', type: String, length: 64, nullable: true },
    publishedAt: { name: 'published_at', type: Date, nullable: true },
    publishedBy: { name: 'published_by', type: String, length: 64, nullable: true },
  },
  indices: [
    { name: 'uq_assessment_month_revision', columns: ['month', 'revision'], unique: true },
    { name: 'uq_assessment_cause', columns: ['month', 'cause'], unique: true },
  ],
});
