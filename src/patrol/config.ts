import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Patrol inspectors (巡查员) and the standard grading of their reports: `config/patrol.yaml`
 * (seed 004 §四(六), SPEC S4-4.6). Read once at start (`createContext`); a broken file stops start-up.
 *
 * A report is graded on two axes when the sub-centre accepts it: urgency (轻重缓急) and safety risk
 * (安全系数). Its reward grade is the higher of the two ranks; the grade carries the points.
 */
const level = z.object({ code: z.string().regex(/^[a-z][a-z0-9-]*$/), name: z.string().min(1), rank: z.number().int().positive() });

const schema = z
  .object({
    inspectors: z
      .array(z.object({ id: z.string().regex(/^[A-Za-z0-9-]{2,32}$/, 'inspector ids: 2–32 letters, digits or -'), name: z.string().min(1), street: z.string().min(1) }))
      .min(1),
    urgency: z.array(level).min(1),
    safety: z.array(level).min(1),
    rewardGrades: z.array(level.extend({ points: z.number().int().nonnegative() })).min(1),
  })
  .superRefine((cfg, ctx) => {
    const unique = (what: string, values: string[]) => {
      const seen = new Set<string>();
      for (const v of values) {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} ${v}` });
        seen.add(v);
      }
    };
    unique('inspector id', cfg.inspectors.map((i) => i.id));
    unique('urgency code', cfg.urgency.map((l) => l.code));
    unique('safety code', cfg.safety.map((l) => l.code));
    unique('reward grade rank', cfg.rewardGrades.map((g) => String(g.rank)));
    const ranks = new Set(cfg.rewardGrades.map((g) => g.rank));
    for (const l of [...cfg.urgency, ...cfg.safety]) {
      if (!ranks.has(l.rank)) ctx.addIssue({ code: 'custom', message: `no reward grade has rank ${l.rank} (level ${l.code})` });
    }
  });

export type PatrolConfig = z.infer<typeof schema>;
export type Inspector = PatrolConfig['inspectors'][number];
export type RewardGrade = PatrolConfig['rewardGrades'][number];

export const DEFAULT_PATROL_CONFIG_PATH = path.resolve('config/patrol.yaml');

export function parsePatrolConfig(text: string, source = 'patrol config'): PatrolConfig {
  const result = schema.safeParse(parse(text));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source} is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadPatrolConfig(file = DEFAULT_PATROL_CONFIG_PATH): PatrolConfig {
  return parsePatrolConfig(fs.readFileSync(file, 'utf8'), file);
}

export function findInspector(cfg: PatrolConfig, id: string): Inspector | undefined {
  return cfg.inspectors.find((i) => i.id === id);
}

export function isUrgencyCode(cfg: PatrolConfig, code: string): boolean {
  return cfg.urgency.some((l) => l.code === code);
}

export function isSafetyCode(cfg: PatrolConfig, code: string): boolean {
  return cfg.safety.some((l) => l.code === code);
}

/** The reward grade of a valid report: the higher of its urgency and safety ranks. Unknown codes → undefined. */
export function rewardGradeFor(cfg: PatrolConfig, urgency: string, safety: string): RewardGrade | undefined {
  const u = cfg.urgency.find((l) => l.code === urgency);
  const s = cfg.safety.find((l) => l.code === safety);
  if (!u || !s) return undefined;
  const rank = Math.max(u.rank, s.rank);
  return cfg.rewardGrades.find((g) => g.rank === rank);
}
