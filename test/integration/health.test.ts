import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { createEngineClient } from '../../src/engine/engine-client.js';
import { silentLogger } from '../../src/logger.js';
import { startWebServer, stopWebServer } from '../../src/server.js';
import { adminEngine, openTestDatabase, testConfig, testContext } from './support/platform.js';

describe('GET /health tells an operator what is up', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.destroy();
  });

  test('with the engine and the database up it answers 200 up/up/up', async () => {
    const { server, port } = await startWebServer({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() }, 0);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'up', engine: 'up', database: 'up' });
    } finally {
      await stopWebServer(server);
    }
  });

  test('with the engine unreachable it answers 503 naming the engine', async () => {
    const deadEngine = createEngineClient('http://127.0.0.1:1/engine-rest', { user: 'x', password: 'y' }, 2000);
    const res = await request(createApp({ config: testConfig(), db, engine: deadEngine, logger: silentLogger, context: testContext() })).get('/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'down', engine: 'down', database: 'up' });
  });

  test('with wrong engine credentials the engine counts as down, not as up', async () => {
    const wrong = adminEngine().as({ user: 'nobody', password: 'wrong' });
    const res = await request(createApp({ config: testConfig(), db, engine: wrong, logger: silentLogger, context: testContext() })).get('/health');
    expect(res.status).toBe(503);
    expect(res.body.engine).toBe('down');
  });

  test('S2-5.1 /health warns as soon as the 15-working-day horizon reaches a year without an official arrangement (C-3)', async () => {
    const at = (instant: string) => createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext(), now: () => new Date(instant) });
    const november = await request(at('2026-11-01T10:00:00+08:00')).get('/health');
    expect(november.status).toBe(200);
    expect(november.body.calendar).toMatchObject({ year: 2026, officialLoaded: true, horizon: '2026-11-20', missing: [] });
    expect(november.body.calendar.warning).toBeUndefined();
    const december = await request(at('2026-12-11T09:00:00+08:00')).get('/health');
    expect(december.status).toBe(200);
    expect(december.body.calendar).toMatchObject({ year: 2026, horizon: '2027-01-04', missing: [2027] });
    // Deadlines already scheduled by events of other test files (one database per run) add their latest day.
    expect(december.body.calendar.warning).toMatch(/^未载入 2027 年国务院节假日安排（今天起 15 个工作日至 2027-01-04(，已排定的最晚期限 \d{4}-\d{2}-\d{2})?）/);
  });

  test('an unknown path gets a 404 with a message, not a stack trace', async () => {
    const res = await request(createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() })).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('/nope');
  });
});
