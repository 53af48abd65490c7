import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { calendarDays, removeOverride, setOfficialYear, setOverride } from '../../calendar/calendar-admin.js';
import { loadCalendarStatus } from '../../calendar/calendar-status.js';
import { loadWorkingCalendar } from '../../calendar/calendar-store.js';
import type { EngineClient } from '../../engine/engine-client.js';
import type { OrgChart } from '../../identity/org-chart.js';
import { principalOf, requireStaff } from '../auth.js';
import { DomainError } from '../../errors.js';
import { parseBody } from '../../validation.js';

/**
 * The working-day calendar for administrators (S2-5.1 deadlines depend on it):
 *   GET    /api/calendar/status                 → is an official arrangement missing for a year a deadline reaches into?
 *   GET    /api/calendar/days?from=&to=         → each day: working or not, and why
 *   PUT    /api/calendar/days/:date             → local override { working, name }           (process admins)
 *   DELETE /api/calendar/days/:date             → remove a local override                    (process admins)
 *   PUT    /api/calendar/official/:year         → enter a year's official arrangement { days } (process admins)
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const range = z.object({ from: isoDate, to: isoDate });
const dateParam = z.object({ date: isoDate });
const day = z.object({ working: z.boolean({ error: 'working 应为 true 或 false' }), name: z.string().max(64).optional() }).strict();
const official = z.object({ days: z.array(z.object({ date: isoDate, working: z.boolean(), name: z.string().max(64).optional() }).strict()).max(400) }).strict();

export function calendarRouter(deps: { db: DataSource; engine: EngineClient; orgChart: OrgChart; now?: () => Date }): Router {
  const now = deps.now ?? (() => new Date());
  const router = Router();
  const auth = { engine: deps.engine, orgChart: deps.orgChart };
  const staff = requireStaff(auth);
  const admin = requireStaff(auth, { anyGroup: ['process-admin'] });

  router.get('/api/calendar/status', staff, async (_req, res) => {
    res.json(await loadCalendarStatus(deps.db, now()));
  });

  router.get('/api/calendar/days', staff, async (req, res) => {
    const { from, to } = parseBody(range, req.query);
    const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (!(span >= 0 && span <= 400)) throw new DomainError('INVALID_RANGE', 400, '查询范围须在 0–400 天之间，且 from 不晚于 to');
    res.json(await calendarDays(deps.db, from, to));
  });

  router.put('/api/calendar/days/:date', admin, async (req, res) => {
    const { date } = parseBody(dateParam, req.params);
    const body = parseBody(day, req.body);
    await setOverride(deps.db, { date, ...body }, userOf(res));
    res.json((await loadWorkingCalendar(deps.db)).dayInfo(date));
  });

  router.delete('/api/calendar/days/:date', admin, async (req, res) => {
    const { date } = parseBody(dateParam, req.params);
    if (!(await removeOverride(deps.db, date, userOf(res)))) throw new DomainError('NOT_FOUND', 404, `${date} 没有本地调整`);
    res.status(204).end();
  });

  router.put('/api/calendar/official/:year', admin, async (req, res) => {
    const year = Number(req.params.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2099) throw new DomainError('INVALID_YEAR', 400, '年份应为 2000–2099');
    const body = parseBody(official, req.body);
    await setOfficialYear(deps.db, year, body.days, userOf(res));
    res.json(await loadCalendarStatus(deps.db, now()));
  });

  return router;
}

function userOf(res: Parameters<typeof principalOf>[0]): string {
  const p = principalOf(res);
  return p.kind === 'staff' ? p.userId : p.channel;
}
