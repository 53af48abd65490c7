import { Router } from 'express';
import { PLATFORM_NAMES, type Catalogue } from '../../catalogue/categories.js';
import { unitName, type OrgChart } from '../../identity/org-chart.js';

/**
 * `GET /api/categories`: the responsibility list (事部件清单, S4-4.2) a channel chooses a category
 * from. Public on purpose: it is reference data with no personal content, and a web form needs it
 * before anyone signs in.
 */
export interface CategoriesRouterDeps {
  catalogue: Catalogue;
  orgChart: OrgChart;
}

export function categoriesRouter(deps: CategoriesRouterDeps): Router {
  const { catalogue, orgChart } = deps;
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
