import { Router, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { monthRange } from '../../assessment/month.js';
import type { Catalogue } from '../../catalogue/categories.js';
import type { PlatformContext } from '../../context.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { forbidden, notFound } from '../../errors.js';
import type { OrgChart } from '../../identity/org-chart.js';
import { findPatrolReport, gradePatrolReport, patrolInspectorFigures } from '../../patrol/reports.js';
import { renderRewardWorkbook } from '../../patrol/workbook.js';
import { parseBody } from '../../validation.js';
import { principalOf, requireStaff } from '../auth.js';

/**
 * Patrol inspectors (S4-4.6, S4-4.9 internal). Staff sign in with their engine account.
 *   GET  /api/patrol/scheme                          inspectors and the grading scheme (urgency, safety risk, reward grades)
 *   GET  /api/patrol/reports/:number                 one report's judgement and grade → 200 | 404
 *   POST /api/patrol/reports/:number/grade           centre / sub-centre: { urgency, safety } → 200 | 400 (field) | 404 | 409 (invalid or duplicate: earns nothing)
 *   GET  /api/patrol/months/:month/rewards           the month's reward table per inspector
 *   GET  /api/patrol/months/:month/rewards.xlsx      the same as an Excel workbook
 */
export interface PatrolRouterDeps {
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  catalogue: Catalogue;
  context: Pick<PlatformContext, 'patrol'>;
}

const gradeBody = z.strictObject({ urgency: z.string().trim().min(1).max(32), safety: z.string().trim().min(1).max(32) });

function staffId(res: Response): string {
  const p = principalOf(res);
  if (p.kind !== 'staff') throw forbidden();
  return p.userId;
}

export function patrolRouter(deps: PatrolRouterDeps): Router {
  const router = Router();
  const staffDeps = { engine: deps.engine, orgChart: deps.orgChart };
  const anyStaff = requireStaff(staffDeps);
  // Who accepts (and so grades) events: the centre and the streets' sub-centres (S4-4.1).
  const graders = requireStaff(staffDeps, { anyGroup: ['linkage-centre', ...deps.catalogue.streets.map((s) => s.subCentre)] });
  const cfg = () => deps.context.patrol;

  router.get('/api/patrol/scheme', anyStaff, (_req, res) => {
    const { inspectors, urgency, safety, rewardGrades } = cfg();
    res.json({ inspectors, urgency, safety, rewardGrades });
  });

  router.get('/api/patrol/reports/:number', anyStaff, async (req, res) => {
    const row = await findPatrolReport(deps.db, String(req.params.number));
    if (!row) throw notFound('PATROL_REPORT_NOT_FOUND', '没有找到这份巡查上报');
    res.json(row);
  });

  router.post('/api/patrol/reports/:number/grade', graders, async (req, res) => {
    const body = parseBody(gradeBody, req.body);
    res.json(await gradePatrolReport(deps.db, cfg(), String(req.params.number), body, staffId(res)));
  });

  router.get('/api/patrol/months/:month/rewards', anyStaff, async (req, res) => {
    const month = monthRange(String(req.params.month)).month;
    res.json({ month, rewardGrades: cfg().rewardGrades, inspectors: await patrolInspectorFigures(deps.db, cfg(), month) });
  });

  router.get('/api/patrol/months/:month/rewards.xlsx', anyStaff, async (req, res) => {
    const month = monthRange(String(req.params.month)).month;
    const rows = await patrolInspectorFigures(deps.db, cfg(), month);
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="patrol-rewards-${month}.xlsx"`)
      .send(await renderRewardWorkbook(cfg(), month, rows));
  });

  return router;
}
