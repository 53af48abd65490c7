import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { toIsoWithOffset } from '../../src/calendar/index.js';
import { loadWorkingCalendar } from '../../src/calendar/calendar-store.js';
import { CalendarDayEntity, EventEntity } from '../../src/db/entities/index.js';
import { silentLogger } from '../../src/logger.js';
import { adminEngine, demoAuthHeader, openTestDatabase, testConfig, testContext } from './support/platform.js';

/**
 * An illustrative 2027 arrangement (not the real notice, which is not yet published): every
 * statutory day off (statutory.ts), a few extra days and two swapped working Saturdays.
 */
const off = (name: string, ...dates: string[]) => dates.map((date) => ({ date, working: false, name }));
const ARRANGEMENT_2027 = [
  ...off('元旦', '2027-01-01', '2027-01-02', '2027-01-03'),
  ...off('春节', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'),
  { date: '2027-02-20', working: true, name: '春节' },
  ...off('清明', '2027-04-03', '2027-04-04', '2027-04-05'),
  ...off('劳动节', '2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04', '2027-05-05'),
  { date: '2027-05-08', working: true, name: '劳动节' },
  ...off('端午', '2027-06-09'),
  ...off('中秋', '2027-09-15'),
  ...off('国庆节', '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'),
];

describe('S2-5.1 the missing-arrangement warning follows the deadlines the platform computes (C-3)', () => {
  let db: DataSource;
  const appAt = (instant: string) =>
    createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext(), now: () => new Date(instant) });
  const eventNumber = `SJ-CAL-${process.pid}-${Date.now() % 100_000}`;
  beforeAll(async () => {
    db = await openTestDatabase();
    await db.getRepository(CalendarDayEntity).delete({ officialYear: 2027 });
  });
  afterAll(async () => {
    await db.getRepository(EventEntity).delete({ number: eventNumber });
    await db.destroy();
  });

  // Other test files share this database: their open events and planned meetings may add a
  // latestDeadline, but all fall within weeks of the real today (late 2026), not in 2027.
  test('S2-5.1 on 1 November 2026 the status shows the horizon (20 November) and no warning', async () => {
    const res = await request(appAt('2026-11-01T10:00:00+08:00')).get('/api/calendar/status').set('Authorization', demoAuthHeader('linkage-centre'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2026, officialLoaded: true, nextYear: 2027, nextYearOfficialLoaded: false, horizon: '2026-11-20', missing: [] });
    expect(res.body.warning).toBeUndefined();
  });

  test('S2-5.1 on 11 December 2026 the horizon reaches into 2027: the status and /health warn', async () => {
    const app = appAt('2026-12-11T09:00:00+08:00');
    const status = await request(app).get('/api/calendar/status').set('Authorization', demoAuthHeader('linkage-centre'));
    expect(status.body).toMatchObject({ year: 2026, horizon: '2027-01-04', missing: [2027] });
    // Deadlines already scheduled by events of other test files (one database per run) add their latest day.
    expect(status.body.warning).toMatch(
      /^未载入 2027 年国务院节假日安排（今天起 15 个工作日至 2027-01-04(，已排定的最晚期限 \d{4}-\d{2}-\d{2})?）：暂只按法定节假日计算，没有调休和补假，期限可能偏早。请管理员在安排公布后录入。$/,
    );
    const health = await request(app).get('/health');
    expect(health.body.calendar).toMatchObject({ year: 2026, officialLoaded: true, horizon: '2027-01-04', missing: [2027], warning: status.body.warning });
  });

  test('S2-5.1 in November an open event due in 2027 raises the warning at once; once the event is closed it no longer does', async () => {
    const at = new Date('2026-11-01T10:00:00+08:00');
    await db.getRepository(EventEntity).insert({
      number: eventNumber,
      channel: 'hotline',
      externalId: eventNumber,
      requestHash: '-',
      category: 'illegal-construction',
      title: '日历告警测试事件',
      description: '测试事件描述',
      address: '长河街道某路1号',
      attachments: '[]',
      reportedAt: at,
      receivedAt: at,
      status: 'handling',
      dueAt: new Date('2027-01-05T23:59:59+08:00'),
    });
    const app = appAt('2026-11-01T10:00:00+08:00');
    const open = await request(app).get('/api/calendar/status').set('Authorization', demoAuthHeader('linkage-centre'));
    expect(open.body).toMatchObject({ horizon: '2026-11-20', latestDeadline: '2027-01-05', missing: [2027] });
    expect(open.body.warning).toContain('已排定的最晚期限 2027-01-05');
    expect((await request(app).get('/health')).body.calendar).toMatchObject({ latestDeadline: '2027-01-05', missing: [2027] });

    await db.getRepository(EventEntity).update({ number: eventNumber }, { status: 'closed' });
    const closed = await request(app).get('/api/calendar/status').set('Authorization', demoAuthHeader('linkage-centre'));
    expect(closed.body.missing).toEqual([]);
    expect(closed.body.warning).toBeUndefined();
  });
});

describe('S2-5.1 the working-day calendar is kept by administrators through the API', () => {
  let db: DataSource;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await openTestDatabase();
    // A fixed clock, so that the status has one right answer: Friday 20 November 2026.
    app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext(), now: () => new Date('2026-11-20T10:00:00+08:00') });
  });
  afterAll(async () => {
    await db.getRepository(CalendarDayEntity).clear();
    await db.destroy();
  });

  const admin = () => demoAuthHeader('process-admin');
  const centre = () => demoAuthHeader('linkage-centre');

  test('staff read the calendar status and the days; anonymous callers get 401', async () => {
    const status = await request(app).get('/api/calendar/status').set('Authorization', centre());
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ year: 2026, officialLoaded: true, nextYear: 2027, nextYearOfficialLoaded: false, horizon: '2026-12-11', missing: [] });
    expect(status.body.warning).toBeUndefined();
    const days = await request(app).get('/api/calendar/days?from=2026-10-01&to=2026-10-10').set('Authorization', centre());
    expect(days.status).toBe(200);
    // The 2026 notice: 1–7 October off (国庆节 with 中秋), Saturday 10 October worked.
    expect(days.body).toEqual([
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, working: false, source: 'official', name: '国庆节' })),
      { date: '2026-10-08', working: true, source: 'weekday' },
      { date: '2026-10-09', working: true, source: 'weekday' },
      { date: '2026-10-10', working: true, source: 'official', name: '国庆节' },
    ]);
    const anonymous = await request(app).get('/api/calendar/status');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('UNAUTHORIZED');
  });

  test('S2-5.1 a local override (e.g. a district closure) moves every deadline computed after it', async () => {
    const dueNextDay = async () => toIsoWithOffset((await loadWorkingCalendar(db)).addWorkingDays('2026-11-23T10:00:00+08:00', 1));
    expect(await dueNextDay()).toBe('2026-11-24T23:59:59+08:00');
    const res = await request(app).put('/api/calendar/days/2026-11-24').set('Authorization', admin()).send({ working: false, name: '区级停工日' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ date: '2026-11-24', working: false, source: 'override', name: '区级停工日' });
    expect(await dueNextDay()).toBe('2026-11-25T23:59:59+08:00');
    expect((await request(app).delete('/api/calendar/days/2026-11-24').set('Authorization', admin())).status).toBe(204);
    expect(await dueNextDay()).toBe('2026-11-24T23:59:59+08:00');
    const again = await request(app).delete('/api/calendar/days/2026-11-24').set('Authorization', admin());
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ error: 'NOT_FOUND', message: '2026-11-24 没有本地调整' });
  });

  test('only process administrators change the calendar', async () => {
    const res = await request(app).put('/api/calendar/days/2026-11-24').set('Authorization', centre()).send({ working: false });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'FORBIDDEN', message: '没有权限访问此功能' });
    expect(await db.getRepository(CalendarDayEntity).countBy({ date: '2026-11-24' })).toBe(0);
  });

  test('S2-5.1 an administrator enters a year’s official arrangement when it is published; the year then counts as loaded', async () => {
    expect((await loadWorkingCalendar(db)).missingOfficialYears([2027])).toEqual([2027]);
    const res = await request(app).put('/api/calendar/official/2027').set('Authorization', admin()).send({ days: ARRANGEMENT_2027 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2026, nextYear: 2027, nextYearOfficialLoaded: true, missing: [] });
    const calendar = await loadWorkingCalendar(db);
    expect(calendar.missingOfficialYears([2027])).toEqual([]);
    expect(calendar.isWorkingDay('2027-02-20')).toBe(true);
    expect(calendar.dayInfo('2027-02-20')).toEqual({ date: '2027-02-20', working: true, source: 'official', name: '春节' });
    expect(calendar.dayInfo('2027-02-05')).toEqual({ date: '2027-02-05', working: false, source: 'official', name: '春节' });
    expect(calendar.dayInfo('2027-02-11')).toEqual({ date: '2027-02-11', working: false, source: 'official', name: '春节' });
  });

  test('S2-5.1 an arrangement with only 元旦 is refused with 400 naming the missing festivals, and the statutory days stay days off (C-2)', async () => {
    await db.getRepository(CalendarDayEntity).delete({ officialYear: 2028 });
    const before = await db.getRepository(CalendarDayEntity).count();
    const res = await request(app)
      .put('/api/calendar/official/2028')
      .set('Authorization', admin())
      .send({ days: [{ date: '2028-01-01', working: false, name: '元旦' }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INCOMPLETE_ARRANGEMENT');
    expect(res.body.message).toContain('2028 年官方安排不完整');
    expect(res.body.message).toContain('春节（2028-01-25、2028-01-26、2028-01-27、2028-01-28）');
    expect(res.body.details.missing.map((m: { name: string }) => m.name)).toEqual(['春节', '清明', '劳动节', '端午', '国庆节', '中秋']);
    expect(await db.getRepository(CalendarDayEntity).count()).toBe(before);
    const calendar = await loadWorkingCalendar(db);
    expect(calendar.missingOfficialYears([2028])).toEqual([2028]);
    expect(calendar.dayInfo('2028-01-25')).toEqual({ date: '2028-01-25', working: false, source: 'statutory', name: '春节' });
  });

  test('S2-5.1 replacing an entered year with a partial one is refused and keeps the entered year as it was (C-2)', async () => {
    const res = await request(app)
      .put('/api/calendar/official/2027')
      .set('Authorization', admin())
      .send({ days: [{ date: '2027-01-01', working: false, name: '元旦' }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INCOMPLETE_ARRANGEMENT');
    expect(res.body.message).toContain('春节（2027-02-05、2027-02-06、2027-02-07、2027-02-08）');
    const calendar = await loadWorkingCalendar(db);
    expect(calendar.dayInfo('2027-02-05')).toEqual({ date: '2027-02-05', working: false, source: 'official', name: '春节' });
    expect(calendar.isWorkingDay('2027-02-08')).toBe(false);
    expect(await db.getRepository(CalendarDayEntity).countBy({ officialYear: 2027 })).toBe(ARRANGEMENT_2027.length);
  });

  test('bad input is refused with a message per field and nothing is written', async () => {
    const count = await db.getRepository(CalendarDayEntity).count();
    const badDate = await request(app).put('/api/calendar/days/24-11-2026').set('Authorization', admin()).send({ working: false });
    expect(badDate.status).toBe(400);
    expect(badDate.body).toEqual({ error: 'VALIDATION_FAILED', message: '请求内容有误', details: [{ field: 'date', message: '日期格式应为 YYYY-MM-DD' }] });
    const badBody = await request(app).put('/api/calendar/days/2026-11-24').set('Authorization', admin()).send({ working: 'no', extra: 1 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.details).toEqual([
      { field: 'working', message: 'working 应为 true 或 false' },
      { field: 'extra', message: '不允许的字段' },
    ]);
    const wrongYear = await request(app).put('/api/calendar/official/2028').set('Authorization', admin()).send({ days: [{ date: '2030-01-01', working: false }] });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body).toMatchObject({ error: 'INVALID_OVERRIDE', message: '2028 年官方安排：2030-01-01 不在该年内' });
    expect(await db.getRepository(CalendarDayEntity).count()).toBe(count);
  });

  test('the health check reports whether this year’s official arrangement is loaded', async () => {
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.calendar).toMatchObject({ year: 2026, officialLoaded: true, horizon: '2026-12-11', missing: [] });
    expect(res.body.calendar.warning).toBeUndefined();
  });
});
