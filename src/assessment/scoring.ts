import type { AssessmentScheme } from './config.js';
import type { MonthFigures, UnitFigures } from './figures.js';

/**
 * Scores and ranking (S4-4.9), a pure function of a month's figures and a scheme, so that a stored
 * month is scored again to the same result with the scheme it stored. Per unit, out of 100:
 *   onTime        = w × 按期结案 / 应结案
 *   supervision   = w × max(0, 1 − 督办事项 / 应结案)
 *   satisfaction  = w × 满意(4–5) / 有评价
 *   returnsRework = w × max(0, 1 − (未获支持的退单 + 返工 + S0-6重新派发) / 应结案)
 * an indicator with a zero denominator at its full weight; then minus the accountability deductions
 * (S3-4), not below 0; rounded to two decimals. Within each group, higher score first; a tie is
 * broken by the on-time rate, then by more rounds due, then by unit id (stable, stated). The bottom
 * `bottomCount` of each external group report in person (述职) — a unit at full score is never named.
 */
export interface UnitScore {
  unitId: string;
  unitName: string;
  groupId: string;
  parts: { onTime: number; supervision: number; satisfaction: number; returnsRework: number };
  deduction: number;
  score: number;
  rank: number;
  grade: '优秀' | '合格' | '待改进';
  completionRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  bottom: boolean;
}

export interface GroupRanking {
  groupId: string;
  groupName: string;
  external: boolean;
  units: UnitScore[];
  bottom: string[];
}

export interface Ranking {
  groups: GroupRanking[];
}

const round2 = (x: number) => Math.round(x * 100 + Number.EPSILON * 100) / 100;
export const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export function scoreUnit(u: UnitFigures, scheme: AssessmentScheme): Omit<UnitScore, 'rank' | 'bottom'> {
  const w = scheme.weights;
  const share = (num: number, den: number) => (den === 0 ? 1 : num / den);
  const penalty = (bad: number, den: number) => (den === 0 ? 1 : Math.max(0, 1 - bad / den));
  const parts = {
    onTime: round2(w.onTime * share(u.onTime, u.due)),
    supervision: round2(w.supervision * penalty(u.supervisionItems, u.due)),
    satisfaction: round2(w.satisfaction * share(u.satisfied, u.satisfactionRated)),
    returnsRework: round2(w.returnsRework * penalty(u.returnsNotUpheld + u.reworked + u.recountedS06, u.due)),
  };
  const deduction = round2(Object.entries(u.accountability).reduce((a, [kind, n]) => a + (scheme.deductions[kind as keyof AssessmentScheme['deductions']] ?? 0) * (n ?? 0), 0));
  const score = round2(Math.max(0, parts.onTime + parts.supervision + parts.satisfaction + parts.returnsRework - deduction));
  return {
    unitId: u.unitId,
    unitName: u.unitName,
    groupId: u.groupId,
    parts,
    deduction,
    score,
    grade: score >= scheme.excellentScore ? '优秀' : score >= 60 ? '合格' : '待改进',
    completionRate: ratio(u.completed, u.due),
    onTimeRate: ratio(u.onTime, u.due),
    satisfactionRate: ratio(u.satisfied, u.satisfactionRated),
  };
}

export function rankMonth(figures: MonthFigures, scheme: AssessmentScheme): Ranking {
  const byUnit = new Map(figures.units.map((u) => [u.unitId, u]));
  const groups = scheme.groups.map((g) => {
    const scored = figures.units.filter((u) => u.groupId === g.id).map((u) => scoreUnit(u, scheme));
    scored.sort(
      (a, b) =>
        b.score - a.score ||
        (b.onTimeRate ?? 1) - (a.onTimeRate ?? 1) ||
        (byUnit.get(b.unitId)?.due ?? 0) - (byUnit.get(a.unitId)?.due ?? 0) ||
        a.unitId.localeCompare(b.unitId),
    );
    const bottom = g.external
      ? scored
          .slice(-scheme.bottomCount)
          .filter((s) => s.score < 100)
          .map((s) => s.unitId)
      : [];
    const units: UnitScore[] = scored.map((s, i) => ({ ...s, rank: i + 1, bottom: bottom.includes(s.unitId) }));
    return { groupId: g.id, groupName: g.name, external: g.external, units, bottom: units.filter((u) => u.bottom).map((u) => u.unitId) };
  });
  return { groups };
}
