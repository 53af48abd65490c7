import { Router } from 'express';
import { PLATFORM_NAMES, type Catalogue } from '../../catalogue/categories.js';
import { defaultCatalogue, defaultOrgChart, unitName } from '../../events/reference-data.js';
import type { OrgChart } from '../../identity/org-chart.js';

/**
 * `GET /api/categories`: the responsibility list (事部件清单, S4-4.2) a channel chooses a category
 * from. Public on purpose: it is reference data with no personal content, and a web form needs it
 * before anyone signs in.
 */
export interface CategoriesRouterDeps {
  catalogue?: Catalogue;
  orgChart?: OrgChart;
}

/** Takes the app's deps as they are; uses `catalogue` / `orgChart` when they carry them. */
export function categoriesRouter(appDeps: object = {}): Router {
  const deps = appDeps as CategoriesRouterDeps;
  const catalogue = deps.catalogue ?? defaultCatalogue();
  const orgChart = deps.orgChart ?? defaultOrgChart();
  const unit = (id: string) => ({ id, name: unitName(orgChart, id) });
  const body = {
    items: catalogue.categories.map((c) => ({
      code: c.code,
      name: c.name,
      platform: { code: c.platform, name: PLATFORM_NAMES[c.platform] },
      unit: unit(c.leadUnit),
      cooperatingUnits: c.cooperatingUnits.map(unit),
      districtUnit: unit(c.districtUnit),
      timeLimitDays: c.timeLimitDays,
      grade: c.grade,
    })),
  };
  const router = Router();
  router.get('/api/categories', (_req, res) => {
    res.json(body);
  });
  return router;
}
