import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity, type AuditAction, type AuditEntry, type AuditSource } from '../db/entities/index.js';
import type { ModelFile } from '../engine/deployment.js';

/**
 * The audit trail: every deployment (who, when, from the modeler or start-up, which files and
 * their SHA-256), every calendar change, every org-chart sync and every change of a unit's engine
 * authorizations. Append-only: this module only inserts, and the table refuses UPDATE and DELETE.
 * Never holds personal data of reporters or any secret.
 */
export interface AuditRecord {
  actor: string;
  action: AuditAction;
  source: AuditSource;
  subject?: string | null;
  detail?: Record<string, unknown>;
  at?: Date;
}

export interface AuditView {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  source: AuditSource;
  subject: string | null;
  detail: Record<string, unknown>;
}

export async function recordAudit(db: DataSource | EntityManager, record: AuditRecord): Promise<void> {
  await db.getRepository(AuditEntryEntity).insert({
    at: record.at ?? new Date(),
    actor: record.actor.slice(0, 64),
    action: record.action,
    source: record.source,
    subject: record.subject ?? null,
    detail: JSON.stringify(record.detail ?? {}),
  });
}

export function sha256(content: string): string {
  return crypto.createHash('sha256').update(content, 'utf8').digest('hex');
}

/** The files of a deployment as the audit keeps them: name and SHA-256 of the content. */
export function fileHashes(files: ModelFile[]): Array<{ name: string; sha256: string }> {
  return files.map((f) => ({ name: f.name, sha256: sha256(f.content) }));
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  subject?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

function view(e: AuditEntry): AuditView {
  return { id: e.id, at: e.at.toISOString(), actor: e.actor, action: e.action, source: e.source, subject: e.subject, detail: JSON.parse(e.detail) as Record<string, unknown> };
}

/** Newest first; `action` matches exactly or as a prefix ending in `.` (e.g. `calendar.`). */
export async function listAudit(db: DataSource, filter: AuditFilter): Promise<{ items: AuditView[]; total: number; page: number; pageSize: number }> {
  const qb = db.getRepository(AuditEntryEntity).createQueryBuilder('a');
  if (filter.action) {
    if (filter.action.endsWith('.')) qb.andWhere('a.action LIKE :prefix', { prefix: `${filter.action}%` });
    else qb.andWhere('a.action = :action', { action: filter.action });
  }
  if (filter.actor) qb.andWhere('a.actor = :actor', { actor: filter.actor });
  if (filter.subject) qb.andWhere('a.subject = :subject', { subject: filter.subject });
  if (filter.from) qb.andWhere('a.at >= :from', { from: filter.from });
  if (filter.to) qb.andWhere('a.at <= :to', { to: filter.to });
  const [rows, total] = await qb
    .orderBy('a.id', 'DESC')
    .skip((filter.page - 1) * filter.pageSize)
    .take(filter.pageSize)
    .getManyAndCount();
  return { items: rows.map(view), total, page: filter.page, pageSize: filter.pageSize };
}

/** Who deployed each of these deployments (from the trail), for the modeler's version list. */
export async function deployersOf(db: DataSource, deploymentIds: string[]): Promise<Map<string, { actor: string; at: string; source: AuditSource }>> {
  const out = new Map<string, { actor: string; at: string; source: AuditSource }>();
  const ids = [...new Set(deploymentIds)];
  if (ids.length === 0) return out;
  const rows = await db
    .getRepository(AuditEntryEntity)
    .createQueryBuilder('a')
    .where('a.action = :action', { action: 'deployment' })
    .andWhere('a.subject IN (:...ids)', { ids })
    .orderBy('a.id', 'ASC')
    .getMany();
  // The first entry of a deployment id is the one that created it.
  for (const r of rows) if (r.subject && !out.has(r.subject)) out.set(r.subject, { actor: r.actor, at: r.at.toISOString(), source: r.source });
  return out;
}
