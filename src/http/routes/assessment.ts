import type { PatrolConfig } from '../../patrol/config.js';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { bulletinModel, trend, type BulletinAnalysis } from '../../assessment/bulletin.js';
import { renderBulletinHtml, renderBulletinWorkbook } from '../../assessment/bulletin-render.js';
import { listAnalysisMeetings, SPECIAL_MESSAGE } from '../../assessment/analysis-meeting.js';
import { endedMonth, monthRange } from '../../assessment/month.js';
import { variables } from '../../engine/variables.js';
import { bimonthlyReport, computeMonth, getMonth, publishAndNotify, reproduce } from '../../assessment/service.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { forbidden, invalidField } from '../../errors.js';
import type { OrgChart } from '../../identity/org-chart.js';
import { parseBody } from '../../validation.js';
import { principalOf, requireStaff } from '../auth.js';

/**
 * The assessment API (S4-4.9, S1-7). Staff sign in with their engine account.
 *   POST /api/assessment/months/:month/compute   centre: compute a past month → 201 (a new revision; `reason` once one exists)
 *   POST /api/assessment/months/:month/publish   centre: publish (freeze) the newest revision, notify every unit → 200 | 409
 *   GET  /api/assessment/months/:month[?revision=n]            the stored figures and ranking → 200 | 404
 *   GET  /api/assessment/months/:month/reproduce?revision=n    the stored revision scored again with its own scheme
 *   GET  /api/assessment/months/:month/bulletin[?revision=n]   the bulletin page (HTML)
 *   GET  /api/assessment/months/:month/bulletin/print          the printable A4 document (HTML)
 *   GET  /api/assessment/months/:month/bulletin.xlsx           the Excel workbook
 *   GET  /api/assessment/bimonthly/:month                      the two-month report ending in that even month
 *   POST /api/assessment/analysis-meetings   centre / 区委办 / 区府办: { kind: 'special', reason } or { kind: 'monthly', month } → 201
 *   GET  /api/assessment/analysis-meetings[?month=]            the analysis meetings (S1-4)
 * Drafts are for the centre; a published month is for every unit's staff.
 */
export interface AssessmentRouterDeps {
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  categoryName(code: string): string;
  now?: () => Date;
  assessmentSchemeFile?: string;
  patrol?: PatrolConfig;
  /** The bulletin's analysis section (the analysis meeting of that month), when there is one. */
  analysisFor?: (db: DataSource, month: string) => Promise<BulletinAnalysis | undefined>;
}

export const CENTRE = 'linkage-centre';

const conveneBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('special'), reason: z.string().trim().min(1).max(500) }).strict(),
  z.object({ kind: z.literal('monthly'), month: z.string(), reason: z.string().trim().max(500).optional() }).strict(),
]);
export const ANALYSIS_CONVENERS = [CENTRE, 'party-office', 'government-office'];

const computeBody = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();

function staffId(res: Response): string {
  const p = principalOf(res);
  if (p.kind !== 'staff') throw forbidden();
  return p.userId;
}

function isCentre(res: Response): boolean {
  const p = principalOf(res);
  return p.kind === 'staff' && (p.seesAll || p.groups.includes(CENTRE));
}

function revisionParam(req: Request): number | undefined {
  const raw = req.query.revision;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n <= 0) throw invalidField('revision', '版本号应为正整数');
  return n;
}

export function assessmentRouter(deps: AssessmentRouterDeps): Router {
  const router = Router();
  const staffDeps = { engine: deps.engine, orgChart: deps.orgChart };
  const centre = requireStaff(staffDeps, { anyGroup: [CENTRE] });
  const anyStaff = requireStaff(staffDeps);
  const now = () => (deps.now ? deps.now() : new Date());
  const useCase = { db: deps.db, orgChart: deps.orgChart, schemeFile: deps.assessmentSchemeFile, engine: deps.engine, patrol: deps.patrol };

  const readable = async (req: Request, res: Response) => {
    const month = String(req.params.month);
    monthRange(month);
    const view = await getMonth(deps.db, month, revisionParam(req));
    if (view.status !== 'published' && !isCentre(res)) throw forbidden('考核结果尚未发布');
    return view;
  };
  const model = async (req: Request, res: Response) => {
    const view = await readable(req, res);
    const analysis = (await deps.analysisFor?.(deps.db, view.month)) ?? {};
    return bulletinModel(view, deps.orgChart, deps.categoryName, await trend(deps.db, view.month), analysis);
  };

  router.post('/api/assessment/months/:month/compute', centre, async (req, res) => {
    const body = parseBody(computeBody, req.body ?? {});
    const by = staffId(res);
    const at = now();
    const view = await computeMonth(useCase, { month: String(req.params.month), reason: body.reason, cause: `user:${by}:${at.toISOString()}`, by }, at);
    res.status(201).json(view);
  });

  router.post('/api/assessment/months/:month/publish', centre, async (req, res) => {
    const month = String(req.params.month);
    monthRange(month);
    res.json(await publishAndNotify(useCase, month, staffId(res), now(), `/api/assessment/months/${month}/bulletin`));
  });

  router.get('/api/assessment/months/:month', anyStaff, async (req, res) => {
    res.json(await readable(req, res));
  });

  router.get('/api/assessment/months/:month/reproduce', centre, async (req, res) => {
    const view = await readable(req, res);
    res.json(await reproduce(deps.db, view.month, view.revision));
  });

  router.get('/api/assessment/months/:month/bulletin', anyStaff, async (req, res) => {
    res.type('html').send(renderBulletinHtml(await model(req, res)));
  });

  router.get('/api/assessment/months/:month/bulletin/print', anyStaff, async (req, res) => {
    res.type('html').send(renderBulletinHtml(await model(req, res), { print: true }));
  });

  router.get('/api/assessment/months/:month/bulletin.xlsx', anyStaff, async (req, res) => {
    const m = await model(req, res);
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="bulletin-${m.month}-r${m.revision}.xlsx"`)
      .send(await renderBulletinWorkbook(m));
  });

  // S1-4: a special meeting at any time with its reason, or the monthly meeting re-run for a past month.
  router.post('/api/assessment/analysis-meetings', requireStaff(staffDeps, { anyGroup: ANALYSIS_CONVENERS }), async (req, res) => {
    const body = parseBody(conveneBody, req.body ?? {});
    const by = staffId(res);
    const vars: Record<string, string> = { meetingKind: body.kind, requestedBy: by, meetingReason: body.reason ?? '' };
    if (body.kind === 'monthly') vars.analysisMonth = endedMonth(body.month, now()).month;
    const [started] = await deps.engine.messages.correlate(SPECIAL_MESSAGE, { processVariables: variables(vars) });
    res.status(201).json({ processInstanceId: started?.processInstance?.id ?? null, kind: body.kind, month: vars.analysisMonth ?? null });
  });

  router.get('/api/assessment/analysis-meetings', anyStaff, async (req, res) => {
    const month = typeof req.query.month === 'string' ? monthRange(req.query.month).month : undefined;
    res.json(await listAnalysisMeetings(deps.db, month));
  });

  router.get('/api/assessment/bimonthly/:month', anyStaff, async (req, res) => {
    res.json(await bimonthlyReport(deps.db, String(req.params.month), now()));
  });

  return router;
}
