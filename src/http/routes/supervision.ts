import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import type { SupervisionStatus } from '../../db/entities/index.js';
import type { EngineClient } from '../../engine/engine-client.js';
import type { OrgChart } from '../../identity/org-chart.js';
import { decisionReferenceAnalysis, parseMonth, parsePaging } from '../../supervision/analysis.js';
import { SCOPE_TYPES, STATUS_NAMES } from '../../supervision/items.js';
import { CENTRE, CONVENING_UNITS, DISTRICT_LEADER } from '../../supervision/org.js';
import { printForm } from '../../supervision/printed-forms.js';
import { conveneMeeting, declareByHand, itemDetail, listItems, listMeetings, meetingDetail, type Staff } from '../../supervision/service.js';
import { ENGINE_ADMIN_GROUP, principalOf, requireStaff } from '../auth.js';
import { forbidden, notFound } from '../../errors.js';
import { parseBody } from '../../validation.js';

/**
 * The supervision API (SPEC S0). Staff sign in with their engine account.
 *   POST /api/supervision                        centre: declare an event by hand → 201 | 404 | 409
 *   GET  /api/supervision[?status=&eventNumber=] the items
 *   GET  /api/supervision/:id                    one item with every opinion and meeting
 *   GET  /api/supervision/:id/forms/:form        printable A4 HTML: approval | level1 | archive
 *   POST /api/supervision/meetings               conveners (level 2) / district leader (level 1): convene ad hoc
 *   GET  /api/supervision/meetings[/:id]         meetings and their agendas
 *   GET  /api/supervision/analysis/decision-reference[?from=YYYY-MM&to=YYYY-MM&page=&pageSize=]   S0-8
 * Readers: the centre, the three convening units and the district leader; an item's own lead
 * unit may read that item and its forms.
 */
export interface SupervisionRouterDeps {
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  categoryName(code: string): string;
}

export const SUPERVISION_READERS = [CENTRE, ...CONVENING_UNITS.map((u) => u.id), DISTRICT_LEADER];

const declareBody = z.object({
  eventNumber: z.string().trim().min(1).max(32),
  scopeReason: z.string().trim().min(1).max(2000),
  scopeType: z.enum(Object.keys(SCOPE_TYPES) as [keyof typeof SCOPE_TYPES, ...Array<keyof typeof SCOPE_TYPES>]).optional(),
});

const conveneBody = z.object({
  level: z.union([z.literal(1), z.literal(2)]).default(2),
  meetingAt: z.iso.datetime({ offset: true }).optional(),
  place: z.string().trim().max(200).optional(),
  items: z.array(z.number().int().positive()).min(1).max(200).optional(),
});

function staffOf(res: Response): Staff {
  const p = principalOf(res);
  if (p.kind !== 'staff') throw forbidden();
  return { userId: p.userId, groups: p.groups };
}

function idParam(req: Request, name = 'id'): number {
  const id = Number(req.params[name]);
  if (!Number.isInteger(id) || id <= 0) throw notFound('NOT_FOUND', '没有找到这个督办事项');
  return id;
}

export function supervisionRouter(deps: SupervisionRouterDeps): Router {
  const chart = deps.orgChart;
  const staffDeps = { engine: deps.engine, orgChart: chart };
  const readers = requireStaff(staffDeps, { anyGroup: SUPERVISION_READERS });
  const anyStaff = requireStaff(staffDeps);
  const useCase = { db: deps.db, engine: deps.engine, orgChart: chart, categoryName: deps.categoryName };
  const router = Router();

  router.post('/api/supervision', requireStaff(staffDeps, { anyGroup: [CENTRE] }), async (req, res) => {
    const body = parseBody(declareBody, req.body);
    const result = await declareByHand(useCase, staffOf(res), body);
    // 202: the event's own process takes it into supervision asynchronously (its next step is a worker).
    res.status(result.via === 'event-process' ? 202 : 201).json(result);
  });

  router.get('/api/supervision', readers, async (req, res) => {
    const status = typeof req.query.status === 'string' && req.query.status in STATUS_NAMES ? (req.query.status as SupervisionStatus) : undefined;
    const eventNumber = typeof req.query.eventNumber === 'string' ? req.query.eventNumber : undefined;
    res.json(await listItems(useCase, { status, eventNumber }));
  });

  router.post('/api/supervision/meetings', anyStaff, async (req, res) => {
    const body = parseBody(conveneBody, req.body);
    res.status(201).json(await conveneMeeting(useCase, staffOf(res), body));
  });

  router.get('/api/supervision/meetings', readers, async (_req, res) => {
    res.json(await listMeetings(useCase));
  });

  router.get('/api/supervision/meetings/:id', readers, async (req, res) => {
    res.json(await meetingDetail(useCase, idParam(req)));
  });

  router.get('/api/supervision/analysis/decision-reference', readers, async (req, res) => {
    const from = parseMonth(req.query.from, 'from');
    const to = parseMonth(req.query.to, 'to');
    res.json(await decisionReferenceAnalysis(deps.db, from, to, parsePaging(req.query)));
  });

  // An item's own parties may read it too.
  const mayRead = async (req: Request, res: Response): Promise<number> => {
    const id = idParam(req);
    const staff = staffOf(res);
    const principal = principalOf(res);
    const seesAll = principal.kind === 'staff' && (principal.seesAll || principal.groups.includes(ENGINE_ADMIN_GROUP));
    if (seesAll || SUPERVISION_READERS.some((g) => staff.groups.includes(g))) return id;
    const item = await itemDetail(useCase, id);
    if (staff.groups.includes(item.leadUnit ?? '') || staff.groups.includes(item.redispatchUnit ?? '')) return id;
    throw forbidden();
  };

  router.get('/api/supervision/:id', anyStaff, async (req, res) => {
    const id = await mayRead(req, res);
    res.json(await itemDetail(useCase, id));
  });

  router.get('/api/supervision/:id/forms/:form', anyStaff, async (req, res) => {
    const id = await mayRead(req, res);
    const html = await printForm(deps.db, id, String(req.params.form), chart);
    res.type('html').send(html);
  });

  return router;
}
