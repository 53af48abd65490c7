import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The org chart in `config/org-chart.yaml`: units (engine groups), their leaders and liaisons. The
 * one accessor of the platform: it is read once at start (`createContext`, src/context.ts) and
 * handed to whatever needs it; `findUnit`, `unitOrThrow` and `unitName` look units up in it.
 */
const contact = z.object({
  name: z.string().min(1),
  title: z.string().optional(),
  phone: z.string().optional(),
  email: z.email().optional(),
});

const unit = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'unit ids are kebab-case (they become engine group ids)'),
  name: z.string().min(1),
  kind: z.enum([
    'centre',
    'sub-centre',
    'convening-unit',
    'district-leader',
    'consultation-convener',
    'department',
    'street-office',
    'platform',
    'administration',
  ]),
  parent: z.string().optional(),
  roles: z.array(z.enum(['centre', 'process-admin', 'engine-admin'])).default([]),
  leader: contact,
  liaison: contact,
});

const orgChartSchema = z
  .object({ district: z.string().min(1), units: z.array(unit).min(1) })
  .superRefine((chart, ctx) => {
    const ids = new Set<string>();
    for (const u of chart.units) {
      if (ids.has(u.id)) ctx.addIssue({ code: 'custom', message: `duplicate unit id ${u.id}` });
      ids.add(u.id);
    }
    for (const u of chart.units) {
      if (u.parent && !ids.has(u.parent)) ctx.addIssue({ code: 'custom', message: `unit ${u.id}: unknown parent ${u.parent}` });
    }
  });

export type OrgChart = z.infer<typeof orgChartSchema>;
export type Unit = OrgChart['units'][number];

export const DEFAULT_ORG_CHART_PATH = path.resolve('config/org-chart.yaml');

export function parseOrgChart(text: string, source = 'org chart'): OrgChart {
  const result = orgChartSchema.safeParse(parse(text));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source} is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadOrgChart(file = DEFAULT_ORG_CHART_PATH): OrgChart {
  return parseOrgChart(fs.readFileSync(file, 'utf8'), file);
}

export function findUnit(chart: OrgChart, id: string): Unit | undefined {
  return chart.units.find((u) => u.id === id);
}

export function unitOrThrow(chart: OrgChart, id: string): Unit {
  const unit = findUnit(chart, id);
  if (!unit) throw new Error(`unit ${id} is not in the org chart`);
  return unit;
}

/** A unit's Chinese name; the id itself when the org chart does not know it; '' for no unit. */
export function unitName(chart: OrgChart, id: string | null | undefined): string {
  if (!id) return '';
  return findUnit(chart, id)?.name ?? id;
}

export function demoUserId(unitId: string): string {
  return `demo-${unitId}`;
}
