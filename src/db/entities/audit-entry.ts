import { EntitySchema } from 'typeorm';

/**
 * One line of the audit trail: who did what, when, from where. Append-only (the table refuses
 * UPDATE and DELETE; src/audit/audit.ts only inserts). `detail` is JSON.
 */
export type AuditAction =
  | 'deployment'
  | 'calendar.override.set'
  | 'calendar.override.removed'
  | 'calendar.official-year.set'
  | 'org-chart.sync'
  | 'authorization.changed'
  | 'demo-users.removed'
  | 'retention.reporter-data-erased'
  | 'duty-roster.set'
  | 'duty-roster.absence';

export type AuditSource = 'modeler' | 'start-up' | 'api' | 'retention-job';

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: AuditAction;
  source: AuditSource;
  /** What it is about: a deployment id, a date, a year, a group id. */
  subject: string | null;
  detail: string;
}

export const AuditEntryEntity = new EntitySchema<AuditEntry>({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    at: { type: Date },
    actor: { type: String, length: 64 },
    action: { type: String, length: 48 },
    source: { type: String, length: 32 },
    subject: { type: String, length: 191, nullable: true },
    detail: { type: 'text' },
  },
  indices: [
    { name: 'idx_audit_action_at', columns: ['action', 'at'] },
    { name: 'idx_audit_subject', columns: ['subject'] },
  ],
});
