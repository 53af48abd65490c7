import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import type { Catalogue } from '../../catalogue/categories.js';
import type { PlatformContext } from '../../context.js';
import { isMonth } from '../../consultation/dates.js';
import { createItemByHand, decide, itemDetail, listItems, recordOpinion, SOURCE_NAMES, STATUS_NAMES } from '../../consultation/items.js';
import { DECIDERS, DISTRICT_LEADER, ESTABLISHMENT_OFFICE, GOVERNMENT_OFFICE, LEGAL_OFFICE, READERS, SOCIAL_MANAGEMENT_OFFICE } from '../../consultation/org.js';
import { PRINTED_DOCUMENTS, printMeetingDocument, type PrintedDocument } from '../../consultation/printed.js';
import { consultationAccountability, conveneAdHoc, listMeetings, meetingDetail, TRACKING_STATUS_NAMES, trackingLedger } from '../../consultation/service.js';
import type { ConsultationItemStatus, ConsultationSource, TrackingStatus } from '../../db/entities/index.js';
import type { EngineClient } from '../../engine/engine-client.js';
import type { OrgChart } from '../../identity/org-chart.js';
import { forbidden, invalidField, notFound } from '../../errors.js';
import { parseBody } from '../../validation.js';
import { principalOf, requireStaff } from '../auth.js';

/**
 * The responsibility consultation API (SPEC S3). Staff sign in with their engine account.
 *   GET  /api/consultation/items[?month=&status=&source=&unit=]   the items
 *   POST /api/consultation/items                    社管办: an item by hand (leader, platform, media, netizen) → 201
 *   GET  /api/consultation/items/:id                one item with the events behind it and its decision
 *   POST /api/consultation/items/:id/opinions       编办 determination / 法制办 legal advice
 *   POST /api/consultation/items/:id/decision       conveners (district leader for submitted items) → 200 | 400 | 409 | 422
 *   GET  /api/consultation/tracking[?unit=&status=] the tracking ledger (专项督导台账)
 *   GET  /api/consultation/accountability?month=    S3-4 records of the month
 *   GET  /api/consultation/meetings[/:id]           meetings, agenda (six parts), minutes
 *   POST /api/consultation/meetings                 区府办: convene ad hoc → 202
 *   GET  /api/consultation/meetings/:id/minutes | /special-report   printable A4 HTML
 * Readers: 区府办, 社管办, 编办, 法制办, the district leader and the centre.
 */
export interface ConsultationRouterDeps {
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  catalogue: Catalogue;
  context: PlatformContext;
  now?: () => Date;
}

const unitId = z.string().trim().min(1).max(64);
const HAND_SOURCES = ['leader', 'platform', 'media', 'netizen'] as const;
const handBody = z.object({
  source: z.enum(HAND_SOURCES),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(4000),
  sourceRef: z.string().trim().max(1000).optional(),
  category: z.string().trim().max(64).optional(),
  street: z.string().trim().max(64).optional(),
  unitsInvolved: z.array(unitId).min(1).max(30),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
});
const opinionBody = z.object({ kind: z.enum(['determination', 'legal-advice']), text: z.string().trim().min(1).max(4000) });
const decisionBody = z.object({
  principle: z.enum(['statutory', 'negotiated', 'designated', 'leader']),
  leadUnit: unitId.optional(),
  cooperatingUnits: z.array(unitId).max(20).optional(),
  citation: z.string().trim().max(500).optional(),
  note: z.string().trim().max(4000).optional(),
});

function staffOf(res: Response): { userId: string; groups: string[] } {
  const p = principalOf(res);
  if (p.kind !== 'staff') throw forbidden();
  return { userId: p.userId, groups: p.groups };
}

function idParam(req: Request): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id) || id <= 0) throw notFound('CONSULTATION_NOT_FOUND', '没有找到');
  return id;
}

const query = (req: Request, name: string): string | undefined => (typeof req.query[name] === 'string' && req.query[name] !== '' ? (req.query[name] as string) : undefined);

function oneOfQuery<T extends string>(req: Request, name: string, allowed: readonly T[]): T | undefined {
  const v = query(req, name);
  if (v !== undefined && !allowed.includes(v as T)) throw invalidField(name, `${name} 应为 ${allowed.join(' / ')}`);
  return v as T | undefined;
}

function monthQuery(req: Request, name = 'month', required = false): string | undefined {
  const v = query(req, name);
  if (v === undefined && required) throw invalidField(name, '请提供月份（YYYY-MM）');
  if (v !== undefined && !isMonth(v)) throw invalidField(name, `月份应为 YYYY-MM：${v}`);
  return v;
}

export function consultationRouter(deps: ConsultationRouterDeps): Router {
  const chart = deps.orgChart;
  const now = deps.now ?? (() => new Date());
  const auth = { engine: deps.engine, orgChart: chart };
  const readers = requireStaff(auth, { anyGroup: [...READERS] });
  const router = Router();

  router.get('/api/consultation/items', readers, async (req, res) => {
    res.json(
      await listItems(deps.db, chart, {
        month: monthQuery(req),
        status: oneOfQuery(req, 'status', Object.keys(STATUS_NAMES) as ConsultationItemStatus[]),
        source: oneOfQuery(req, 'source', Object.keys(SOURCE_NAMES) as ConsultationSource[]),
        unit: query(req, 'unit'),
      }),
    );
  });

  router.post('/api/consultation/items', requireStaff(auth, { anyGroup: [SOCIAL_MANAGEMENT_OFFICE] }), async (req, res) => {
    const body = parseBody(handBody, req.body);
    const known = new Set(deps.catalogue.categories.map((c) => c.code));
    const item = await createItemByHand(deps.db, { orgChart: chart, calendar: await deps.context.calendar(deps.db), categoryKnown: (c) => known.has(c) }, staffOf(res).userId, body, now());
    res.status(201).json(await itemDetail(deps.db, chart, item.id));
  });

  router.get('/api/consultation/items/:id', readers, async (req, res) => {
    res.json(await itemDetail(deps.db, chart, idParam(req)));
  });

  router.post('/api/consultation/items/:id/opinions', requireStaff(auth, { anyGroup: [ESTABLISHMENT_OFFICE, LEGAL_OFFICE] }), async (req, res) => {
    const body = parseBody(opinionBody, req.body);
    const staff = staffOf(res);
    const own = body.kind === 'determination' ? ESTABLISHMENT_OFFICE : LEGAL_OFFICE;
    if (!staff.groups.includes(own)) throw forbidden(body.kind === 'determination' ? '职能界定意见由区编办提出' : '疑难问题意见由区法制办提出');
    await recordOpinion(deps.db, idParam(req), body.kind, body.text);
    res.json(await itemDetail(deps.db, chart, idParam(req)));
  });

  router.post('/api/consultation/items/:id/decision', requireStaff(auth, { anyGroup: [...DECIDERS, DISTRICT_LEADER] }), async (req, res) => {
    const body = parseBody(decisionBody, req.body);
    const staff = staffOf(res);
    await decide(deps.db, chart, idParam(req), body, staff, now());
    res.json(await itemDetail(deps.db, chart, idParam(req)));
  });

  router.get('/api/consultation/tracking', readers, async (req, res) => {
    res.json(await trackingLedger(deps.db, chart, { unit: query(req, 'unit'), status: oneOfQuery(req, 'status', Object.keys(TRACKING_STATUS_NAMES) as TrackingStatus[]) }));
  });

  router.get('/api/consultation/accountability', readers, async (req, res) => {
    res.json(await consultationAccountability(deps.db, chart, monthQuery(req, 'month', true)!));
  });

  router.get('/api/consultation/meetings', readers, async (_req, res) => {
    res.json(await listMeetings(deps.db));
  });

  router.post('/api/consultation/meetings', requireStaff(auth, { anyGroup: [GOVERNMENT_OFFICE] }), async (_req, res) => {
    res.status(202).json(await conveneAdHoc(deps.engine, staffOf(res).userId, now()));
  });

  router.get('/api/consultation/meetings/:id', readers, async (req, res) => {
    res.json(await meetingDetail(deps.db, chart, idParam(req)));
  });

  router.get('/api/consultation/meetings/:id/:document', readers, async (req, res) => {
    const document = String(req.params.document);
    if (!(PRINTED_DOCUMENTS as readonly string[]).includes(document)) throw notFound('NOT_FOUND', '没有这个文书（minutes 或 special-report）');
    res.type('html').send(await printMeetingDocument(deps.db, chart, idParam(req), document as PrintedDocument, now()));
  });

  return router;
}
