import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DomainError } from '../errors.js';

/**
 * The assessment scheme (`config/assessment.yaml`): indicator weights (summing to 100), deductions
 * per accountability record (S3-4), the groups ranked against each other (S4-4.9) and how many of
 * each external group's lowest report in person. Read at every computation, so that a change
 * applies to the next one; the result stores the file's text and its sha256 (`version`), so a
 * stored month is always scored again with the scheme it was computed with.
 */
export const DEFAULT_ASSESSMENT_CONFIG_PATH = path.resolve('config/assessment.yaml');
export const WEIGHT_TOTAL = 100;

const UNIT_KINDS = ['centre', 'sub-centre', 'convening-unit', 'district-leader', 'consultation-convener', 'department', 'street-office', 'platform', 'administration'] as const;

const points = z.number().min(0).max(100);

const schema = z
  .object({
    weights: z.object({ onTime: points, supervision: points, satisfaction: points, returnsRework: points }).strict(),
    deductions: z
      .object({
        'late-report': points,
        'missing-report': points,
        'not-implemented': points,
        'late-material': points,
        'missing-material': points,
      })
      .strict(),
    groups: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z][a-z0-9-]*$/),
          name: z.string().min(1),
          kinds: z.array(z.enum(UNIT_KINDS)).min(1),
          external: z.boolean().default(true),
        }),
      )
      .min(1),
    bottomCount: z.number().int().min(0).max(10).default(3),
    excellentScore: points.default(95),
  })
  .superRefine((c, ctx) => {
    const total = Object.values(c.weights).reduce((a, b) => a + b, 0);
    if (Math.abs(total - WEIGHT_TOTAL) > 1e-9) ctx.addIssue({ code: 'custom', path: ['weights'], message: `权重之和应为 ${WEIGHT_TOTAL}，现为 ${total}` });
    const kinds = c.groups.flatMap((g) => g.kinds);
    if (new Set(kinds).size !== kinds.length) ctx.addIssue({ code: 'custom', path: ['groups'], message: '同一类单位只能属于一个考核组' });
    const ids = c.groups.map((g) => g.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['groups'], message: '考核组 id 重复' });
  });

export type AssessmentScheme = z.infer<typeof schema>;

export interface VersionedScheme {
  scheme: AssessmentScheme;
  /** sha256 of the file's text: the version stored with each month's result. */
  version: string;
  text: string;
}

/** 422 `ASSESSMENT_CONFIG_INVALID`, one `{ field, message }` per problem. */
export function parseScheme(text: string, source = 'config/assessment.yaml'): VersionedScheme {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new DomainError('ASSESSMENT_CONFIG_INVALID', 422, `考核配置 ${source} 不是有效的 YAML：${(err as Error).message}`, { field: 'config' });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const details = result.error.issues.map((i) => ({ field: i.path.join('.') || 'config', message: i.message }));
    throw new DomainError('ASSESSMENT_CONFIG_INVALID', 422, `考核配置 ${source} 有误：${details.map((d) => `${d.field}：${d.message}`).join('；')}`, {
      field: details[0]?.field,
      detail: details,
    });
  }
  return { scheme: result.data, version: crypto.createHash('sha256').update(text).digest('hex'), text };
}

export function loadScheme(file: string = DEFAULT_ASSESSMENT_CONFIG_PATH): VersionedScheme {
  return parseScheme(fs.readFileSync(file, 'utf8'), file);
}
