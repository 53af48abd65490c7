import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { loadWorkingCalendar } from '../../src/calendar/calendar-store.js';
import { CalendarDayEntity } from '../../src/db/entities/index.js';
import { silentLogger } from '../../src/logger.js';
import { adminEngine, demoAuthHeader, openTestDatabase, testConfig, testContext } from './support/platform.js';

describe('S2-5.1 the working-day calendar is kept by administrators through the API', () => {
  let db: DataSource;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await openTestDatabase();
    app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
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
    expect(status.body).toHaveProperty('officialLoaded');
    const days = await request(app).get('/api/calendar/days?from=2026-10-01&to=2026-10-10').set('Authorization', centre());
    expect(days.status).toBe(200);
    expect(days.body).toHaveLength(10);
    expect(days.body[0]).toMatchObject({ date: '2026-10-01', working: false, source: 'official' });
    expect((await request(app).get('/api/calendar/status')).status).toBe(401);
  });

  test('S2-5.1 a local override (e.g. a district closure) moves every deadline computed after it', async () => {
    const before = (await loadWorkingCalendar(db)).addWorkingDays('2026-11-23T10:00:00+08:00', 1);
    const res = await request(app).put('/api/calendar/days/2026-11-24').set('Authorization', admin()).send({ working: false, name: '区级停工日' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: '2026-11-24', working: false, source: 'override' });
    const after = (await loadWorkingCalendar(db)).addWorkingDays('2026-11-23T10:00:00+08:00', 1);
    expect(after.getTime() - before.getTime()).toBe(24 * 3600 * 1000);
    expect((await request(app).delete('/api/calendar/days/2026-11-24').set('Authorization', admin())).status).toBe(204);
    expect((await request(app).delete('/api/calendar/days/2026-11-24').set('Authorization', admin())).status).toBe(404);
  });

  test('only process administrators change the calendar', async () => {
    const res = await request(app).put('/api/calendar/days/2026-11-24').set('Authorization', centre()).send({ working: false });
    expect(res.status).toBe(403);
    expect(await db.getRepository(CalendarDayEntity).countBy({ date: '2026-11-24' })).toBe(0);
  });

  test('S2-5.1 an administrator enters a year’s official arrangement when it is published; the year then counts as loaded', async () => {
    expect((await loadWorkingCalendar(db)).missingOfficialYears([2027])).toEqual([2027]);
    const res = await request(app)
      .put('/api/calendar/official/2027')
      .set('Authorization', admin())
      .send({ days: [
        { date: '2027-02-05', working: false, name: '春节' },
        { date: '2027-02-06', working: false, name: '春节' },
        { date: '2027-02-13', working: true, name: '春节调休上班' },
        { date: '2027-10-01', working: false, name: '国庆节' },
      ] });
    expect(res.status).toBe(200);
    const calendar = await loadWorkingCalendar(db);
    expect(calendar.missingOfficialYears([2027])).toEqual([]);
    expect(calendar.isWorkingDay('2027-02-13')).toBe(true);
    expect(calendar.dayInfo('2027-02-05')).toMatchObject({ working: false, source: 'official' });
  });

  test('bad input is refused with a message per field and nothing is written', async () => {
    const count = await db.getRepository(CalendarDayEntity).count();
    const badDate = await request(app).put('/api/calendar/days/24-11-2026').set('Authorization', admin()).send({ working: false });
    expect(badDate.status).toBe(400);
    const badBody = await request(app).put('/api/calendar/days/2026-11-24').set('Authorization', admin()).send({ working: 'no', extra: 1 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.details.length).toBeGreaterThan(0);
    const wrongYear = await request(app).put('/api/calendar/official/2028').set('Authorization', admin()).send({ days: [{ date: '2030-01-01', working: false }] });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.message).toBeTruthy();
    expect(await db.getRepository(CalendarDayEntity).count()).toBe(count);
  });

  test('the health check reports whether this year’s official arrangement is loaded', async () => {
    const res = await request(app).get('/health');
    expect(res.body.calendar).toMatchObject({ year: expect.any(Number), officialLoaded: expect.any(Boolean) });
  });
});
