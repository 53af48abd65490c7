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
