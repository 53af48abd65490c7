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

/**
 * A person of a unit, loaded into the engine as a user (member of the unit's group): the 一长三员 of
 * a grid (S4-4.5: 网格长 first responsible, 指导员 / 协管员 / 参与员), a community's leader, or the
 * staff a stationed unit sends to the street command room (S2-1; `enforcement`: holds an
 * enforcement qualification).
 */
export const PERSON_ROLES = {
  'community-leader': '社区负责人',
  'grid-leader': '网格长',
  'grid-instructor': '网格指导员',
  'grid-coordinator': '网格协管员',
  'grid-participant': '网格参与员',
  'stationed-staff': '进驻人员',
} as const;
export type PersonRole = keyof typeof PERSON_ROLES;
const GRID_MEMBER_ROLES: PersonRole[] = ['grid-instructor', 'grid-coordinator', 'grid-participant'];

const person = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'person ids are kebab-case (they become engine user ids)')
    .refine((id) => !id.startsWith('demo-'), 'person ids must not start with demo- (reserved for demo users)'),
  name: z.string().min(1),
  role: z.enum(Object.keys(PERSON_ROLES) as [PersonRole, ...PersonRole[]]),
  enforcement: z.boolean().default(false),
  phone: z.string().optional(),
});

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day HH:MM (00:00–24:00)');

/**
 * A unit that keeps staff on duty at a street's command room (S2-1): `at` the sub-centre, `mode`
 * in person or online (司法所: 平台在线值班), the minimum on duty each working day and how many of them
 * must hold an enforcement qualification, and the duty hours (Shanghai time).
 */
const stationed = z.object({
  at: z.string(),
  mode: z.enum(['in-person', 'online']),
  minOnDuty: z.number().int().min(1),
  minEnforcement: z.number().int().min(0).default(0),
  hours: z.object({ from: clock, to: clock }).default({ from: '08:00', to: '17:00' }),
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
    'community',
    'grid',
  ]),
  parent: z.string().optional(),
  /** A grid's area: address fragments (road names, estates) an event's address is matched against. */
  addresses: z.array(z.string().min(2)).default([]),
  persons: z.array(person).default([]),
  stationed: stationed.optional(),
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
    for (const problem of levelProblems(chart.units)) ctx.addIssue({ code: 'custom', message: problem });
  });

/** S4-4.5 street → community → grid, 一长三员, unique persons, stationed units at a sub-centre. */
function levelProblems(units: ReadonlyArray<z.infer<typeof unit>>): string[] {
  const problems: string[] = [];
  const kindOf = new Map(units.map((u) => [u.id, u.kind]));
  const personIds = new Set<string>();
  for (const u of units) {
    const parentKind = u.parent ? kindOf.get(u.parent) : undefined;
    if (u.kind === 'community' && parentKind !== 'sub-centre') problems.push(`community ${u.id}: its parent must be a street sub-centre`);
    if (u.kind === 'grid') {
      if (parentKind !== 'community') problems.push(`grid ${u.id}: its parent must be a community`);
      const leaders = u.persons.filter((p) => p.role === 'grid-leader').length;
      if (leaders !== 1) problems.push(`grid ${u.id}: needs exactly one grid-leader (网格长), has ${leaders}`);
      for (const role of GRID_MEMBER_ROLES) {
        if (!u.persons.some((p) => p.role === role)) problems.push(`grid ${u.id}: needs a ${role} (${PERSON_ROLES[role]})`);
      }
    } else if (u.addresses.length > 0) problems.push(`unit ${u.id}: only a grid has addresses`);
    if (u.stationed) {
      if (kindOf.get(u.stationed.at) !== 'sub-centre') problems.push(`unit ${u.id}: stationed.at must be a street sub-centre`);
      if (u.stationed.minEnforcement > u.stationed.minOnDuty) problems.push(`unit ${u.id}: stationed.minEnforcement exceeds minOnDuty`);
      if (minutesOf(u.stationed.hours.from) >= minutesOf(u.stationed.hours.to)) problems.push(`unit ${u.id}: stationed.hours.from must be before to`);
    }
    for (const p of u.persons) {
      if (personIds.has(p.id)) problems.push(`duplicate person id ${p.id}`);
      personIds.add(p.id);
    }
  }
  return problems;
}

/** 'HH:MM' → minutes after midnight. */
export function minutesOf(clockTime: string): number {
  const [h, m] = clockTime.split(':').map(Number);
  return h * 60 + m;
}

export type OrgChart = z.infer<typeof orgChartSchema>;
export type Unit = OrgChart['units'][number];
export type Person = Unit['persons'][number];
export type Stationing = NonNullable<Unit['stationed']>;

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

export function communities(chart: OrgChart): Unit[] {
  return chart.units.filter((u) => u.kind === 'community');
}

export function grids(chart: OrgChart): Unit[] {
  return chart.units.filter((u) => u.kind === 'grid');
}

/** The unit's person who answers for it: a grid's 网格长, a community's leader; none for other units. */
export function firstResponsible(unit: Unit): Person | undefined {
  if (unit.kind === 'grid') return unit.persons.find((p) => p.role === 'grid-leader');
  if (unit.kind === 'community') return unit.persons.find((p) => p.role === 'community-leader');
  return undefined;
}

/** The street sub-centre a community or grid belongs to (walking up the parents). */
export function subCentreOf(chart: OrgChart, unit: Unit): Unit | undefined {
  let current: Unit | undefined = unit;
  for (let hops = 0; current && hops < 5; hops += 1) {
    if (current.kind === 'sub-centre') return current;
    current = current.parent ? findUnit(chart, current.parent) : undefined;
  }
  return undefined;
}
