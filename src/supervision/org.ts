import type { OrgChart, Unit } from '../identity/org-chart.js';

/**
 * The parties of the supervision process (S0-3) as they appear in the org chart: the linkage
 * centre, the three level-2 convening units and the district leader in charge. Each unit's
 * leader in charge and liaison (S0-7) come from the org chart (src/identity/org-chart.ts), handed in.
 */
export const CENTRE = 'linkage-centre';
export const DISTRICT_LEADER = 'district-leader';

export interface ConveningUnit {
  id: 'discipline-commission' | 'party-office' | 'government-office';
  /** The part of variable and element names that stands for the unit (`reviewDisciplineListed`, `UserTask_SignLevel2Discipline`). */
  key: 'Discipline' | 'PartyOffice' | 'GovernmentOffice';
  /** As printed on form 1. */
  label: string;
}

/** In the order of form 1 (S0-A1): 区纪委, 区委办, 区府办. */
export const CONVENING_UNITS: readonly ConveningUnit[] = [
  { id: 'discipline-commission', key: 'Discipline', label: '区纪委' },
  { id: 'party-office', key: 'PartyOffice', label: '区委办' },
  { id: 'government-office', key: 'GovernmentOffice', label: '区府办' },
];

/**
 * Units that may be named to handle an item again: departments, street offices and platforms,
 * sub-centres, and 区府办 (the responsibility list's district unit for petition risks).
 */
export function handlingUnits(chart: OrgChart): Unit[] {
  return chart.units.filter((u) => ['department', 'street-office', 'platform', 'sub-centre'].includes(u.kind) || u.id === 'government-office');
}

export function isHandlingUnit(chart: OrgChart, id: string): boolean {
  return handlingUnits(chart).some((u) => u.id === id);
}
