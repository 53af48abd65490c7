import { loadCatalogue, type Catalogue } from '../catalogue/categories.js';
import { loadOrgChart, type OrgChart } from '../identity/org-chart.js';

/**
 * The catalogue and the org chart, read from `config/` once per process on first use (not at
 * import). Routers take them from their deps when given, so a test can pass its own.
 */
let catalogue: Catalogue | undefined;
let orgChart: OrgChart | undefined;

export function defaultCatalogue(): Catalogue {
  catalogue ??= loadCatalogue();
  return catalogue;
}

export function defaultOrgChart(): OrgChart {
  orgChart ??= loadOrgChart();
  return orgChart;
}

/** A category's Chinese name (the code itself when the catalogue does not know it). */
export function categoryName(code: string, catalogue: Catalogue = defaultCatalogue()): string {
  return catalogue.categories.find((c) => c.code === code)?.name ?? code;
}

export function unitName(chart: OrgChart, id: string): string {
  return chart.units.find((u) => u.id === id)?.name ?? id;
}

/**
 * `cooperatingUnits` as workers store it: a JSON array or a comma list of unit ids (both read,
 * so whichever the dispatch worker writes works here).
 */
export function parseUnitList(value: string | null | undefined): string[] {
  if (!value) return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String).filter(Boolean);
    } catch {
      // fall through to the comma list
    }
  }
  return trimmed
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
