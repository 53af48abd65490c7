import type { DataSource, EntityManager } from 'typeorm';
import { monthOf, monthRange } from '../assessment/month.js';
import { EventEntity, PatrolReportEntity, type PatrolOutcome, type PatrolReport } from '../db/entities/index.js';
import { DomainError, invalidField } from '../errors.js';
import { findInspector, isSafetyCode, isUrgencyCode, rewardGradeFor, type PatrolConfig } from './config.js';

/**
 * Patrol inspectors' reports (S4-4.6) and their figures for the internal assessment (S4-4.9):
 *
 * - intake: a report from the `patrol` channel must name a known inspector (`inspectorId`);
 * - acceptance: the sub-centre grades urgency and safety risk; the report becomes `valid` with the
 *   reward grade's points. Not accepted → `invalid`, merged into another event → `duplicate`: both
 *   earn nothing and can never be graded afterwards;
 * - the monthly reward table per inspector and `patrolInspectorFigures` for the assessment.
 *
 * Every write is an idempotent upsert keyed by the event number (workers deliver at least once).
 */
export const PATROL_CHANNEL = 'patrol';

export const PATROL_MESSAGES = {
  inspectorRequired: '巡查员渠道上报须填写巡查员编号',
  inspectorUnknown: (id: string) => `未登记的巡查员编号：${id}`,
  inspectorNotPatrol: '只有巡查员渠道的上报可以填写巡查员编号',
  urgencyInvalid: (codes: string[]) => `紧急程度不在分级范围内，可选：${codes.join('、')}`,
  safetyInvalid: (codes: string[]) => `安全风险不在分级范围内，可选：${codes.join('、')}`,
  notPatrol: '该事件不是巡查员上报的，不能定级奖励',
  notEarning: (outcome: string) => `该巡查上报已被认定为${outcome}，不能定级奖励`,
  notDecided: '该巡查上报尚未受理，受理时定级',
} as const;

export const OUTCOME_NAMES: Record<PatrolOutcome, string> = { pending: '待受理', valid: '有效', invalid: '无效（不予受理）', duplicate: '重复（合并办理）' };

/** Intake rule: `inspectorId` is required on the patrol channel, must be a registered inspector, and is refused on any other channel. */
export function checkPatrolIntake(cfg: PatrolConfig, channel: string, inspectorId: string | undefined): void {
  if (channel !== PATROL_CHANNEL) {
    if (inspectorId !== undefined) throw invalidField('inspectorId', PATROL_MESSAGES.inspectorNotPatrol);
    return;
  }
  if (inspectorId === undefined) throw invalidField('inspectorId', PATROL_MESSAGES.inspectorRequired);
  if (!findInspector(cfg, inspectorId)) throw invalidField('inspectorId', PATROL_MESSAGES.inspectorUnknown(inspectorId));
}

async function upsert(m: EntityManager, eventNumber: string, fill: () => Omit<PatrolReport, 'id'>, change: (row: PatrolReport) => Partial<PatrolReport> | null): Promise<void> {
  const repo = m.getRepository(PatrolReportEntity);
  const row = await repo.findOneBy({ eventNumber });
  if (!row) {
    try {
      await repo.insert(fill());
      return;
    } catch (err) {
      // A concurrent delivery inserted it first: fall through to the update.
      const again = await repo.findOneBy({ eventNumber });
      if (!again) throw err;
      const patch = change(again);
      if (patch) await repo.update({ id: again.id }, patch);
      return;
    }
  }
  const patch = change(row);
  if (patch) await repo.update({ id: row.id }, patch);
}

/** Registers a patrol report right after intake (`pending`). Idempotent; an existing row is left as it is. */
export async function recordPatrolIntake(db: DataSource, eventNumber: string, inspectorId: string, receivedAt: Date): Promise<void> {
  await upsert(
    db.manager,
    eventNumber,
    () => ({ eventNumber, inspectorId, month: monthOf(receivedAt), outcome: 'pending', urgency: null, safety: null, rewardGrade: null, points: 0, gradedBy: null, decidedAt: null, receivedAt }),
    () => null,
  );
}

export interface PatrolDecision {
  eventNumber: string;
  inspectorId: string;
  /** accepted → valid; rejected → invalid; merged → duplicate. */
  status: 'accepted' | 'rejected' | 'merged';
  urgency?: string;
  safety?: string;
  gradedBy?: string | null;
}

/**
 * Books the sub-centre's acceptance decision on a patrol report (the `event-status` worker at
 * acceptance, rejection or merging). An accepted report with a grade outside the scale is booked
 * valid but ungraded (0 points until graded through the API); the result says so.
 */
export async function recordPatrolDecision(db: DataSource, cfg: PatrolConfig, decision: PatrolDecision, now: Date): Promise<{ graded: boolean }> {
  const outcome: PatrolOutcome = decision.status === 'accepted' ? 'valid' : decision.status === 'rejected' ? 'invalid' : 'duplicate';
  const grade = outcome === 'valid' && decision.urgency && decision.safety ? rewardGradeFor(cfg, decision.urgency, decision.safety) : undefined;
  const judged = {
    outcome,
    urgency: grade ? decision.urgency! : null,
    safety: grade ? decision.safety! : null,
    rewardGrade: grade?.code ?? null,
    points: grade?.points ?? 0,
    gradedBy: grade ? (decision.gradedBy ?? null) : null,
    decidedAt: now,
  };
  const event = await db.getRepository(EventEntity).findOneBy({ number: decision.eventNumber });
  const receivedAt = event?.receivedAt ?? now;
  await upsert(
    db.manager,
    decision.eventNumber,
    () => ({ eventNumber: decision.eventNumber, inspectorId: decision.inspectorId, month: monthOf(receivedAt), receivedAt, ...judged }),
    // Redelivery of the same decision: nothing new. A decision once taken stands.
    (row) => (row.outcome === 'pending' ? judged : null),
  );
  return { graded: Boolean(grade) || outcome !== 'valid' };
}

export interface GradeRequest {
  urgency: string;
  safety: string;
}

/**
 * The sub-centre grades (or corrects the grade of) an accepted patrol report through the API. A grade
 * outside the scale → 400 naming the field; a report judged invalid or duplicate → 409 naming
 * `eventNumber` (it earns nothing); not a patrol report → 404.
 */
export async function gradePatrolReport(db: DataSource, cfg: PatrolConfig, eventNumber: string, request: GradeRequest, gradedBy: string): Promise<PatrolReport> {
  if (!isUrgencyCode(cfg, request.urgency)) throw invalidField('urgency', PATROL_MESSAGES.urgencyInvalid(cfg.urgency.map((l) => `${l.code}（${l.name}）`)));
  if (!isSafetyCode(cfg, request.safety)) throw invalidField('safety', PATROL_MESSAGES.safetyInvalid(cfg.safety.map((l) => `${l.code}（${l.name}）`)));
  const repo = db.getRepository(PatrolReportEntity);
  const row = await repo.findOneBy({ eventNumber });
  if (!row) throw new DomainError('PATROL_REPORT_NOT_FOUND', 404, PATROL_MESSAGES.notPatrol, { field: 'eventNumber' });
  if (row.outcome === 'invalid' || row.outcome === 'duplicate') {
    throw new DomainError('PATROL_REPORT_NOT_EARNING', 409, PATROL_MESSAGES.notEarning(OUTCOME_NAMES[row.outcome]), { field: 'eventNumber', detail: { outcome: row.outcome } });
  }
  if (row.outcome === 'pending') throw new DomainError('PATROL_REPORT_NOT_DECIDED', 409, PATROL_MESSAGES.notDecided, { field: 'eventNumber' });
  const grade = rewardGradeFor(cfg, request.urgency, request.safety)!;
  await repo.update({ id: row.id }, { urgency: request.urgency, safety: request.safety, rewardGrade: grade.code, points: grade.points, gradedBy });
  return repo.findOneByOrFail({ id: row.id });
}

export interface InspectorMonth {
  inspectorId: string;
  name: string;
  street: string;
  /** Reports received in the month. */
  reports: number;
  valid: number;
  invalid: number;
  duplicate: number;
  pending: number;
  /** Valid but not (yet) graded: earn nothing until graded. */
  ungraded: number;
  /** Valid reports per reward grade code. */
  byGrade: Record<string, number>;
  points: number;
  /** valid / decided (valid + invalid + duplicate); null when nothing was decided. */
  validRate: number | null;
}

/**
 * The month's figures per registered inspector (every inspector gets a row, zeros included):
 * the reward table (S4-4.6) and what the internal assessment needs (S4-4.9). Rows by points, then id.
 */
export async function patrolInspectorFigures(db: DataSource, cfg: PatrolConfig, month: string): Promise<InspectorMonth[]> {
  monthRange(month);
  const rows = await db.getRepository(PatrolReportEntity).findBy({ month });
  const table = cfg.inspectors.map((inspector): InspectorMonth => {
    const mine = rows.filter((r) => r.inspectorId === inspector.id);
    const count = (o: PatrolOutcome) => mine.filter((r) => r.outcome === o).length;
    const byGrade = Object.fromEntries(cfg.rewardGrades.map((g) => [g.code, mine.filter((r) => r.outcome === 'valid' && r.rewardGrade === g.code).length]));
    const valid = count('valid');
    const decided = valid + count('invalid') + count('duplicate');
    return {
      inspectorId: inspector.id,
      name: inspector.name,
      street: inspector.street,
      reports: mine.length,
      valid,
      invalid: count('invalid'),
      duplicate: count('duplicate'),
      pending: count('pending'),
      ungraded: mine.filter((r) => r.outcome === 'valid' && !r.rewardGrade).length,
      byGrade,
      points: mine.filter((r) => r.outcome === 'valid').reduce((sum, r) => sum + r.points, 0),
      validRate: decided === 0 ? null : Math.round((valid / decided) * 10_000) / 10_000,
    };
  });
  return table.sort((a, b) => b.points - a.points || a.inspectorId.localeCompare(b.inspectorId));
}

/** One report's grading, for `GET /api/patrol/reports/:number`. */
export async function findPatrolReport(db: DataSource, eventNumber: string): Promise<PatrolReport | null> {
  return db.getRepository(PatrolReportEntity).findOneBy({ eventNumber });
}
