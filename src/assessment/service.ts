import type { DataSource } from 'typeorm';
import { AssessmentResultEntity, type AssessmentResult } from '../db/entities/index.js';
import { DomainError, invalidField } from '../errors.js';
import type { OrgChart } from '../identity/org-chart.js';
import { loadScheme, parseScheme } from './config.js';
import type { EngineClient } from '../engine/engine-client.js';
import { computeFigures, timed, type MonthFigures, type PhaseTimer } from './figures.js';
import { seatOperatorFigures } from './internal.js';
import { patrolInspectorFigures } from '../patrol/reports.js';
import type { PatrolConfig } from '../patrol/config.js';
import { endedMonth, monthLabel, monthRange, shiftMonth } from './month.js';
import { notifyUnits } from './notices.js';
import { rankMonth, type Ranking } from './scoring.js';

/**
 * The monthly assessment as a use case (S4-4.9, S2-5.2, S3-4): compute a month into a new stored
 * revision, read a revision, publish (freeze) it, score a stored revision again with its own scheme,
 * and the bimonthly report. A revision is never changed except to publish it; a published month is
 * changed only by a new revision with its reason.
 */
export interface AssessmentDeps {
  db: DataSource;
  orgChart: OrgChart;
  /** config/assessment.yaml (read at every computation). */
  schemeFile?: string;
  /** The engine, for the figures read from its history (seat operators, S4-4.9); without it they stay empty. */
  engine?: EngineClient;
  /** config/patrol.yaml, for the patrol inspectors' internal figures (S4-4.6, S4-4.9); without it they stay empty. */
  patrol?: PatrolConfig;
  /** Told the time of each step of a computation (`npm run bench`); nothing in production. */
  timer?: PhaseTimer;
}

export const ROUTINE_REASON = '每月例行考核';

export interface StoredRanking extends Ranking {
  /** Units that were in an external group's bottom three in the previous published month. */
  bottomLastTime: string[];
}

export interface AssessmentView {
  month: string;
  revision: number;
  reason: string;
  status: AssessmentResult['status'];
  configVersion: string;
  /** The scheme's text the revision was scored with. */
  configText: string;
  computedAt: Date;
  computedBy: string | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  figures: MonthFigures;
  ranking: StoredRanking;
}

export function viewOf(row: AssessmentResult): AssessmentView {
  return {
    month: row.month,
    revision: row.revision,
    reason: row.reason,
    status: row.status,
    configVersion: row.configVersion,
    configText: row.configText,
    computedAt: row.computedAt,
    computedBy: row.computedBy,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    figures: JSON.parse(row.figures) as MonthFigures,
    ranking: JSON.parse(row.ranking) as StoredRanking,
  };
}

const repo = (db: DataSource) => db.getRepository(AssessmentResultEntity);

async function revisions(db: DataSource, month: string): Promise<AssessmentResult[]> {
  return repo(db).find({ where: { month }, order: { revision: 'ASC' } });
}

/** The newest published revision of a month, if any. */
export async function publishedResult(db: DataSource, month: string): Promise<AssessmentResult | null> {
  return repo(db).findOne({ where: { month, status: 'published' }, order: { revision: 'DESC' } });
}

export interface ComputeInput {
  month: string;
  /** Required once the month has a revision (a recomputation says why). */
  reason?: string;
  /** Idempotency: the process instance (monthly timer) or the person; the same cause computes once. */
  cause: string;
  by?: string | null;
}

export async function computeMonth(deps: AssessmentDeps, input: ComputeInput, now: Date): Promise<AssessmentView> {
  const range = endedMonth(input.month, now);
  const db = deps.db;
  const existing = await revisions(db, range.month);
  const same = existing.find((r) => r.cause === input.cause);
  if (same) return viewOf(same);
  const reason = input.reason?.trim();
  if (existing.length > 0 && !reason) {
    throw invalidField('reason', `${monthLabel(range.month)}已有第${existing.length}版考核结果，重新计算须说明原因`);
  }
  const { scheme, version, text } = loadScheme(deps.schemeFile);
  const timer = deps.timer;
  const figures = await timed(timer, 'figures', () => computeFigures(db, deps.orgChart, scheme, range, { timer }));
  const engine = deps.engine;
  if (engine) figures.overall.internal.seatOperators = await timed(timer, 'seat operators (engine history)', () => seatOperatorFigures(db, engine, range));
  const patrol = deps.patrol;
  if (patrol) figures.overall.internal.patrolInspectors = await timed(timer, 'patrol inspectors', () => patrolInspectorFigures(db, patrol, range.month));
  const ranking = rankMonth(figures, scheme);
  const previous = await publishedResult(db, shiftMonth(range.month, -1));
  const bottomLastTime = previous ? (JSON.parse(previous.ranking) as StoredRanking).groups.flatMap((g) => g.bottom) : [];
  const revision = (existing.at(-1)?.revision ?? 0) + 1;
  return timed(timer, 'store', async () => {
    await repo(db)
      .createQueryBuilder()
      .insert()
      .values({
        month: range.month,
        revision,
        reason: reason || ROUTINE_REASON,
        cause: input.cause,
        status: 'draft',
        configVersion: version,
        configText: text,
        figures: JSON.stringify(figures),
        ranking: JSON.stringify({ ...ranking, bottomLastTime }),
        computedAt: now,
        computedBy: input.by ?? null,
      })
      .orIgnore()
      .updateEntity(false)
      .execute();
    // Two computations at once: whichever stored its row first for this cause wins.
    return viewOf(await repo(db).findOneOrFail({ where: { month: range.month, cause: input.cause } }));
  });
}

/** A stored revision (the newest when `revision` is not given); 404 when the month was never computed. */
export async function getMonth(db: DataSource, month: string, revision?: number): Promise<AssessmentView> {
  monthRange(month);
  const rows = await revisions(db, month);
  const row = revision === undefined ? rows.at(-1) : rows.find((r) => r.revision === revision);
  if (!row) {
    throw new DomainError('ASSESSMENT_NOT_FOUND', 404, revision === undefined ? `${monthLabel(month)}尚未考核` : `${monthLabel(month)}没有第${revision}版考核结果`, { field: revision === undefined ? 'month' : 'revision' });
  }
  return viewOf(row);
}

/** Publishes (freezes) the newest revision. 409 when it is already published. */
export async function publishMonth(db: DataSource, month: string, by: string | null, now: Date): Promise<AssessmentView> {
  const latest = await getMonth(db, month);
  if (latest.status === 'published') {
    throw new DomainError('ALREADY_PUBLISHED', 409, `${monthLabel(month)}第${latest.revision}版考核结果已于${latest.publishedAt ? new Date(latest.publishedAt).toISOString() : ''}发布，不能重复发布；数据有变化请重新计算（新版本）后再发布`);
  }
  const result = await repo(db).update({ month, revision: latest.revision, status: 'draft' }, { status: 'published', publishedAt: now, publishedBy: by });
  if (!result.affected) throw new DomainError('ALREADY_PUBLISHED', 409, `${monthLabel(month)}第${latest.revision}版考核结果已发布`);
  return getMonth(db, month, latest.revision);
}

/** Scores a stored revision again from its stored figures with its stored scheme. */
export async function reproduce(db: DataSource, month: string, revision: number): Promise<Ranking> {
  const row = await repo(db).findOneBy({ month, revision });
  if (!row) throw new DomainError('ASSESSMENT_NOT_FOUND', 404, `${monthLabel(month)}没有第${revision}版考核结果`);
  return rankMonth(JSON.parse(row.figures) as MonthFigures, parseScheme(row.configText).scheme);
}

/**
 * The bimonthly report (S4-4.9 "考核结果每两月…通报"): two published months (the even month and the
 * one before), each unit's mean score, ranked within its group; the bottom of each external group
 * and whether each was bottom in the previous two-month period too.
 */
export interface BimonthlyUnit {
  unitId: string;
  unitName: string;
  scores: [number | null, number | null];
  mean: number;
  rank: number;
  bottom: boolean;
  bottomLastTime: boolean;
}

export interface BimonthlyReport {
  months: [string, string];
  groups: Array<{ groupId: string; groupName: string; external: boolean; units: BimonthlyUnit[] }>;
}

async function bimonthlyRanking(db: DataSource, months: [string, string]): Promise<BimonthlyReport | null> {
  const rows = await Promise.all(months.map((m) => publishedResult(db, m)));
  if (rows.some((r) => !r)) return null;
  const rankings = rows.map((r) => JSON.parse((r as AssessmentResult).ranking) as StoredRanking);
  const scheme = parseScheme((rows[1] as AssessmentResult).configText).scheme;
  const groups = rankings[1].groups.map((g) => {
    const units = g.units.map((u) => {
      const first = rankings[0].groups.flatMap((x) => x.units).find((x) => x.unitId === u.unitId)?.score ?? null;
      const scores: [number | null, number | null] = [first, u.score];
      const known = scores.filter((s): s is number => s !== null);
      return { unitId: u.unitId, unitName: u.unitName, scores, mean: Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 100) / 100 };
    });
    units.sort((a, b) => b.mean - a.mean || a.unitId.localeCompare(b.unitId));
    const bottom = g.external
      ? units
          .slice(-scheme.bottomCount)
          .filter((u) => u.mean < 100)
          .map((u) => u.unitId)
      : [];
    return { groupId: g.groupId, groupName: g.groupName, external: g.external, units: units.map((u, i) => ({ ...u, rank: i + 1, bottom: bottom.includes(u.unitId), bottomLastTime: false })) };
  });
  return { months, groups };
}

export async function bimonthlyReport(db: DataSource, month: string, now: Date): Promise<BimonthlyReport> {
  endedMonth(month, now);
  if (Number(month.slice(5)) % 2 !== 0) throw invalidField('month', '两月通报以双月为期末（如 2026-10 为 9–10 月）');
  const months: [string, string] = [shiftMonth(month, -1), month];
  const report = await bimonthlyRanking(db, months);
  if (!report) throw new DomainError('ASSESSMENT_NOT_PUBLISHED', 409, `${monthLabel(months[0])}和${monthLabel(months[1])}的考核结果须都已发布`);
  const previous = await bimonthlyRanking(db, [shiftMonth(month, -3), shiftMonth(month, -2)]);
  const before = new Set(previous?.groups.flatMap((g) => g.units.filter((u) => u.bottom).map((u) => u.unitId)) ?? []);
  for (const g of report.groups) for (const u of g.units) u.bottomLastTime = before.has(u.unitId);
  return report;
}

/**
 * Publishes the newest revision and tells every assessed unit (S1-7: "报…全区各有关单位"): its score and
 * rank; the bottom three of each external group also that their leader reports in person (述职).
 */
export async function publishAndNotify(deps: AssessmentDeps, month: string, by: string | null, now: Date, link: string): Promise<AssessmentView> {
  const view = await publishMonth(deps.db, month, by, now);
  const cause = `${view.month}:r${view.revision}`;
  const base = { monthLabel: monthLabel(view.month), number: `联动通报〔${view.month.slice(0, 4)}〕${Number(view.month.slice(5))}号`, link };
  const all = view.ranking.groups.flatMap((g) => g.units.map((u) => ({ g, u })));
  await notifyUnits(
    deps.db,
    deps.orgChart,
    'assessment-published',
    cause,
    all.map(({ g, u }) => ({ unitId: u.unitId, context: { ...base, score: u.score.toFixed(2), rank: u.rank, groupName: g.groupName } })),
  );
  await notifyUnits(
    deps.db,
    deps.orgChart,
    'assessment-report-in-person',
    cause,
    all.filter(({ u }) => u.bottom).map(({ g, u }) => ({ unitId: u.unitId, context: { ...base, score: u.score.toFixed(2), groupName: g.groupName } })),
  );
  return view;
}
