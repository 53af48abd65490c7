import { Router, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { PlatformContext } from '../../context.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { DomainError } from '../../errors.js';
import type { OrgChart } from '../../identity/org-chart.js';
import { listRosters, markAbsent, rosterOf, setRoster, stationedUnit } from '../../street/duty-roster.js';
import { parseBody } from '../../validation.js';
import { AUTH_MESSAGES, ENGINE_ADMIN_GROUP, principalOf, requireStaff } from '../auth.js';

/**
 * The duty roster of the units stationed at the street's command room (S2-1), kept by the sub-centre:
 *   GET  /api/duty-roster?from=&to=[&unit=]              → each working day's roster per stationed unit, flagged when below the minimum
 *   GET  /api/duty-roster/:unitId/:date                  → one day's roster
 *   PUT  /api/duty-roster/:unitId/:date  { persons: [{ userId }] }       → set it (sub-centre staff); below the minimum → 422 with the reasons
 *   POST /api/duty-roster/:unitId/:date/absences { userId, reason }       → a person falls ill: marked, the roster flagged if now below the minimum
 * Reading: staff of the sub-centre, of the unit itself, or of the centre. Writing: staff of the
 * sub-centre the unit is stationed at (or engine administrators).
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const dayParams = z.object({ unitId: z.string().min(1).max(64), date: isoDate });
const range = z.object({ from: isoDate, to: isoDate, unit: z.string().min(1).max(64).optional() });
const roster = z.strictObject({
  persons: z.array(z.strictObject({ userId: z.string().trim().min(1).max(64) })).max(50),
});
const absence = z.strictObject({ userId: z.string().trim().min(1).max(64), reason: z.string().trim().min(1).max(200) });

export interface DutyRosterRouterDeps {
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  context: PlatformContext;
  now?: () => Date;
}

export function dutyRosterRouter(deps: DutyRosterRouterDeps): Router {
  const { db, orgChart } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();
  const staff = requireStaff({ engine: deps.engine, orgChart });

  function groupsOf(res: Response): { userId: string; groups: string[]; seesAll: boolean } {
    const p = principalOf(res);
    if (p.kind !== 'staff') throw new Error('duty roster reached without a staff principal');
    return p;
  }
  /** The unit, after checking it is stationed (400 unitId) and that the caller may see or edit its roster. */
  function authorised(res: Response, unitId: string, write: boolean) {
    const unit = stationedUnit(orgChart, unitId);
    const { groups, seesAll } = groupsOf(res);
    const allowed = groups.includes(ENGINE_ADMIN_GROUP) || groups.includes(unit.stationed.at) || (!write && (seesAll || groups.includes(unit.id)));
    if (!allowed) throw new DomainError('FORBIDDEN', 403, write ? `只有${unit.stationed.at === 'changhe-sub-centre' ? '长河街道联动分中心' : '所在街道联动分中心'}可以编辑${unit.name}的值班表` : AUTH_MESSAGES.forbidden);
    return unit;
  }

  router.get('/api/duty-roster', staff, async (req, res) => {
    const query = parseBody(range, req.query);
    const span = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
    if (!(span >= 0 && span <= 62)) throw new DomainError('INVALID_RANGE', 400, '查询范围须在 0–62 天之间，且 from 不晚于 to', { field: 'to' });
    if (query.unit) authorised(res, query.unit, false);
    else if (!groupsOf(res).seesAll && !orgChart.units.some((u) => u.stationed && groupsOf(res).groups.includes(u.stationed.at))) {
      throw new DomainError('FORBIDDEN', 403, AUTH_MESSAGES.forbidden);
    }
    res.json({ rosters: await listRosters(db, orgChart, await deps.context.calendar(db), { from: query.from, to: query.to, unitId: query.unit }) });
  });

  router.get('/api/duty-roster/:unitId/:date', staff, async (req, res) => {
    const { unitId, date } = parseBody(dayParams, req.params);
    authorised(res, unitId, false);
    res.json(await rosterOf(db, orgChart, unitId, date));
  });

  router.put('/api/duty-roster/:unitId/:date', staff, async (req, res) => {
    const { unitId, date } = parseBody(dayParams, req.params);
    authorised(res, unitId, true);
    const body = parseBody(roster, req.body);
    const calendar = await deps.context.calendar(db);
    res.json(await setRoster(db, orgChart, calendar, { unitId, date, userIds: body.persons.map((p) => p.userId) }, groupsOf(res).userId, now()));
  });

  router.post('/api/duty-roster/:unitId/:date/absences', staff, async (req, res) => {
    const { unitId, date } = parseBody(dayParams, req.params);
    authorised(res, unitId, true);
    const body = parseBody(absence, req.body);
    res.json(await markAbsent(db, orgChart, { unitId, date, userId: body.userId, reason: body.reason }, groupsOf(res).userId, now()));
  });

  return router;
}
