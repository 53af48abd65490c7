import { Router, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Catalogue } from '../../catalogue/categories.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { forbidden } from '../../errors.js';
import type { OrgChart } from '../../identity/org-chart.js';
import type { Logger } from '../../logger.js';
import { getJointAction, startJointAction } from '../../street/joint-actions.js';
import { parseBody } from '../../validation.js';
import { principalOf, requireStaff } from '../auth.js';

/**
 * Street-level linkage (S2-4, S4-4.8). Staff sign in with their engine account.
 *   POST /api/street/joint-actions            centre / sub-centre: { title, description, leadUnit, units, eventNumber?, timeLimitDays? } → 201 | 400 (field) | 503
 *   GET  /api/street/joint-actions/:number    the action and each unit's part (its ledger row)
 */
export interface StreetRouterDeps {
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  catalogue: Catalogue;
  logger: Logger;
  now?: () => Date;
}

const jointBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000),
  leadUnit: z.string().trim().min(1).max(64),
  units: z.array(z.string().trim().min(1).max(64)).min(1).max(20),
  eventNumber: z.string().trim().min(1).max(32).optional(),
  timeLimitDays: z.number().int().min(1).max(15).optional(),
});

function staffId(res: Response): string {
  const p = principalOf(res);
  if (p.kind !== 'staff') throw forbidden();
  return p.userId;
}

export function streetRouter(deps: StreetRouterDeps): Router {
  const router = Router();
  const staffDeps = { engine: deps.engine, orgChart: deps.orgChart };
  const anyStaff = requireStaff(staffDeps);
  const commanders = requireStaff(staffDeps, { anyGroup: ['linkage-centre', ...deps.catalogue.streets.map((s) => s.subCentre)] });
  const now = () => (deps.now ? deps.now() : new Date());

  router.post('/api/street/joint-actions', commanders, async (req, res) => {
    const body = parseBody(jointBody, req.body);
    const action = await startJointAction(deps, body, staffId(res), now());
    res.status(201).location(`/api/street/joint-actions/${action.number}`).json(action);
  });

  router.get('/api/street/joint-actions/:number', anyStaff, async (req, res) => {
    res.json(await getJointAction(deps.db, String(req.params.number)));
  });

  return router;
}
