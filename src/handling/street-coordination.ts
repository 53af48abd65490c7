import type { Catalogue } from '../catalogue/categories.js';
import type { OrgChart } from '../identity/org-chart.js';

/**
 * Who holds the street joint coordination of a larger event (S2-3 "提交街道联席会议研究或由街道领导牵头
 * 召集相关人员", S2-4 "涉及多个平台的，由街道平安建设办协调"): always the STREET, never the district
 * centre.
 *
 * - The street's 平安建设办: the org chart unit of kind `street-office` under the street's
 *   sub-centre whose name contains 平安建设办.
 * - A street with a sub-centre but no 平安建设办 in the org chart: the sub-centre (the street's
 *   command room, led by a street leader).
 * - A street without a sub-centre on the platform: null. Nobody on the platform can convene for that
 *   street, so the event is dispatched by the responsibility list like a general one (for such a
 *   street that is the district department, `districtUnit`), which convenes the parties itself.
 */
export const SAFETY_OFFICE_NAME = '平安建设办';

export function streetCoordinationGroup(catalogue: Pick<Catalogue, 'streets'>, chart: Pick<OrgChart, 'units'>, street: string | null | undefined): string | null {
  const subCentre = street ? catalogue.streets.find((s) => s.name === street)?.subCentre : undefined;
  if (!subCentre) return null;
  const office = chart.units.find((u) => u.kind === 'street-office' && u.parent === subCentre && u.name.includes(SAFETY_OFFICE_NAME));
  return office?.id ?? subCentre;
}

/**
 * S2-4 "涉及平台内多个部门的,由平台牵头单位协调处置;涉及多个平台的,由街道平安建设办协调相关平台共同处置": who
 * coordinates a larger event, by the platforms its units belong to (config/street-linkage.yaml
 * `platforms`; the units are the category's lead and cooperating units in the responsibility list).
 *
 * - Units on more than one platform (or none known): the street's 平安建设办 (`streetCoordinationGroup`),
 *   with the category's platform named as the lead platform (牵头平台) of the coordination task.
 * - Units all on one platform: that platform's lead unit, when it is a unit of the org chart under
 *   the street's sub-centre; otherwise the 平安建设办 as above.
 * - A street without a sub-centre: nobody (null), as `streetCoordinationGroup`.
 */
export interface CoordinationPlatforms {
  platforms: Record<string, { name: string; lead: string; units: string[] }>;
}

export interface StreetCoordination {
  group: string;
  scope: 'multi-platform' | 'single-platform';
  /** The platform code (categories.yaml `platform`) that leads, and its Chinese name; '' when unknown. */
  leadPlatform: string;
  leadPlatformName: string;
}

export function platformOfUnit(linkage: CoordinationPlatforms, unitId: string): string | undefined {
  return Object.entries(linkage.platforms).find(([, p]) => p.lead === unitId || p.units.includes(unitId))?.[0];
}

export function streetCoordination(
  catalogue: Pick<Catalogue, 'streets' | 'categories'>,
  chart: Pick<OrgChart, 'units'>,
  linkage: CoordinationPlatforms,
  street: string | null | undefined,
  categoryCode: string | null | undefined,
): StreetCoordination | null {
  const office = streetCoordinationGroup(catalogue, chart, street);
  if (!office) return null;
  const category = categoryCode ? catalogue.categories.find((c) => c.code === categoryCode) : undefined;
  const units = category ? [category.leadUnit, ...category.cooperatingUnits] : [];
  const platforms = new Set(units.map((u) => platformOfUnit(linkage, u)).filter((p): p is string => p !== undefined));
  const leadPlatform = category?.platform ?? '';
  const leadPlatformName = linkage.platforms[leadPlatform]?.name ?? '';
  if (platforms.size === 1) {
    const [only] = platforms;
    const subCentre = catalogue.streets.find((s) => s.name === street)?.subCentre;
    const lead = chart.units.find((u) => u.id === linkage.platforms[only].lead && u.parent === subCentre);
    if (lead) return { group: lead.id, scope: 'single-platform', leadPlatform: only, leadPlatformName: linkage.platforms[only].name };
  }
  return { group: office, scope: 'multi-platform', leadPlatform, leadPlatformName };
}
