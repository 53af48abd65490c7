import { Router, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Catalogue } from '../../catalogue/categories.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { forbidden, invalidField } from '../../errors.js';
import type { OrgChart } from '../../identity/org-chart.js';
import type { Logger } from '../../logger.js';
import { getJointAction, startJointAction } from '../../street/joint-actions.js';
import { listStreetMeetings, STREET_SPECIAL_MESSAGE } from '../../street/meetings.js';
import { monthRange } from '../../assessment/month.js';
import { variables } from '../../engine/variables.js';
import { parseBody } from '../../validation.js';
import { principalOf, requireStaff } from '../auth.js';

/**
 * Street-level linkage (S2-4, S4-4.8). Staff sign in with their engine account.
 *   POST /api/street/joint-actions            centre / sub-centre: { title, description, leadUnit, units, eventNumber?, timeLimitDays? } → 201 | 400 (field) | 503
 *   GET  /api/street/joint-actions/:number    the action and each unit's part (its ledger row)
 *   POST /api/street/meetings                 centre / sub-centre: { reason } → 201, the street's collective consultation convened ad hoc (S2-A1)
 *   GET  /api/street/meetings[?month=]        the street's consultations (monthly and special) with their minutes
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

const meetingBody = z.strictObject({
  reason: z.string().trim().min(1).max(500),
  street: z.string().trim().min(1).max(64).default('长河街道'),
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

  router.post('/api/street/meetings', commanders, async (req, res) => {
    const body = parseBody(meetingBody, req.body ?? {});
    if (!deps.catalogue.streets.some((st) => st.name === body.street)) throw invalidField('street', `该街道未设联动分中心：${body.street}`);
    const [started] = await deps.engine.messages.correlate(STREET_SPECIAL_MESSAGE, {
      processVariables: variables({ meetingKind: 'special', meetingReason: body.reason, requestedBy: staffId(res), street: body.street }),
    });
    res.status(201).json({ processInstanceId: started?.processInstance?.id ?? null, kind: 'special' });
  });

  router.get('/api/street/meetings', anyStaff, async (req, res) => {
    const month = typeof req.query.month === 'string' ? monthRange(req.query.month).month : undefined;
    res.json(await listStreetMeetings(deps.db, month));
  });

  return router;
}
