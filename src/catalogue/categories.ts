import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { OrgChart } from '../identity/org-chart.js';

/** The responsibility list (事部件清单) in `config/categories.yaml`. */
export const PLATFORM_NAMES = { governance: '综合治理', market: '市场监管', enforcement: '综合执法', services: '便民服务' } as const;
export const GRADES = ['general', 'larger', 'major'] as const;
export const MAX_TIME_LIMIT_DAYS = 15;
/** S2-5.1: a general event is completed within 5 working days; a longer limit is for larger or major events only. */
export const GENERAL_MAX_TIME_LIMIT_DAYS = 5;

const category = z.object({
  code: z.string().regex(/^[a-z][a-z-]*$/),
  name: z.string().min(1),
  platform: z.enum(['governance', 'market', 'enforcement', 'services']),
  leadUnit: z.string().min(1),
  cooperatingUnits: z.array(z.string()).default([]),
  districtUnit: z.string().min(1),
  timeLimitDays: z.number().int().min(1).max(MAX_TIME_LIMIT_DAYS),
  grade: z.enum(GRADES),
});

const catalogueSchema = z.object({
  streets: z.array(z.object({ name: z.string().min(1), subCentre: z.string().min(1) })),
  categories: z.array(category).min(1),
});

export type Catalogue = z.infer<typeof catalogueSchema>;
export type Category = Catalogue['categories'][number];

export const DEFAULT_CATALOGUE_PATH = path.resolve('config/categories.yaml');

export function loadCatalogue(file = DEFAULT_CATALOGUE_PATH): Catalogue {
  const result = catalogueSchema.safeParse(parse(fs.readFileSync(file, 'utf8')));
  if (!result.success) {
    throw new Error(`${file} is invalid:\n${result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const codes = new Set<string>();
  for (const c of result.data.categories) {
    if (codes.has(c.code)) throw new Error(`${file}: category ${c.code} is listed twice`);
    codes.add(c.code);
  }
  const problems = catalogueProblems(result.data);
  if (problems.length > 0) throw new Error(`${file} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return result.data;
}

/**
 * Rules across fields (the lint run at every load, so a bad catalogue stops start-up and the DMN
 * generation): S2-5.1 a general-grade category is completed within 5 working days.
 */
export function catalogueProblems(catalogue: Catalogue): string[] {
  return catalogue.categories
    .filter((c) => c.grade === 'general' && c.timeLimitDays > GENERAL_MAX_TIME_LIMIT_DAYS)
    .map(
      (c) =>
        `categories.${c.code}: timeLimitDays ${c.timeLimitDays} is over ${GENERAL_MAX_TIME_LIMIT_DAYS} for a general event ` +
        `(S2-5.1: general events are completed within ${GENERAL_MAX_TIME_LIMIT_DAYS} working days; grade it larger or major, or lower the limit)`,
    );
}

/** Every unit named by the catalogue must exist in the org chart (checked by a test and at start). */
export function unknownUnits(catalogue: Catalogue, chart: OrgChart): string[] {
  const ids = new Set(chart.units.map((u) => u.id));
  const named = catalogue.categories.flatMap((c) => [c.leadUnit, c.districtUnit, ...c.cooperatingUnits]);
  named.push(...catalogue.streets.map((s) => s.subCentre));
  return [...new Set(named.filter((id) => !ids.has(id)))];
}

/** Groups that may accept an event: the district centre, plus the street's sub-centre if it has one. */
export function acceptGroupsFor(catalogue: Catalogue, street: string | undefined): string[] {
  const sub = catalogue.streets.find((s) => s.name === street)?.subCentre;
  return sub ? ['linkage-centre', sub] : ['linkage-centre'];
}
