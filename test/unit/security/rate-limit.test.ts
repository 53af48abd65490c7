import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/data-source.js';
import { errorHandler } from '../../../src/http/errors.js';
import { channelRateLimit, countHit } from '../../../src/http/rate-limit.js';

/**
 * Issue 13 point 1: the per-channel limit is a counter in the app database (fixed window), so two
 * API instances — two connections to the same database — share it.
 */
describe('per-channel rate limit kept in the app database', () => {
  let dataDir: string;
  let first: DataSource;
  let second: DataSource;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rate-'));
    // Two data sources on one SQLite file: what two API processes on one host have.
    first = await openDatabase({ dataDir });
    second = await openDatabase({ dataDir });
  });
  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('hits from two API instances count in one window: 40 concurrent hits end at exactly 40', async () => {
    const now = new Date('2026-11-30T08:00:10Z');
    const hits = await Promise.all(Array.from({ length: 40 }, (_, i) => countHit(i % 2 ? first : second, 'channel:hotline', 60, now)));
    expect(hits.map((h) => h.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(hits[0].windowStart).toBe(Date.parse('2026-11-30T08:00:00Z') / 1000);
    expect(hits[0].windowEnd).toBe(Date.parse('2026-11-30T08:01:00Z') / 1000);
  });

  test('another channel has its own counter, and a new window starts from one again', async () => {
    const now = new Date('2026-11-30T08:00:20Z');
    expect((await countHit(first, 'channel:wechat', 60, now)).hits).toBe(1);
    expect((await countHit(second, 'channel:hotline', 60, now)).hits).toBe(41);
    expect((await countHit(second, 'channel:hotline', 60, new Date('2026-11-30T08:01:00Z'))).hits).toBe(1);
    // The old window of that channel was cleared by the first hit of the new one.
    const rows = (await first.query("SELECT window_start FROM rate_window WHERE bucket = 'channel:hotline'")) as unknown[];
    expect(rows).toHaveLength(1);
  });

  test('over the limit the answer is 429 RATE_LIMITED with Retry-After = seconds left in the window; staff are not counted here', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, INTAKE_RATE_LIMIT: '3', INTAKE_RATE_LIMITS: 'grid-app:5', INTAKE_RATE_WINDOW_SECONDS: '60' });
    const now = () => new Date('2026-11-30T09:00:45Z');
    const app = express();
    app.use((req, res, next) => {
      res.locals.principal = req.get('x-staff') ? { kind: 'staff', userId: 'x', groups: [], seesAll: false } : { kind: 'channel', channel: req.get('x-channel') };
      next();
    });
    app.use(channelRateLimit({ db: first, config, now }));
    app.get('/x', (_req, res) => res.json({ ok: true }));
    app.use(errorHandler(() => undefined));

    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await request(app).get('/x').set('x-channel', 'patrol')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await request(app).get('/x').set('x-channel', 'patrol');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('15');
    expect(refused.body).toEqual({ error: 'RATE_LIMITED', message: '请求过于频繁，请在 15 秒后重试' });
    // A per-channel exception: grid-app may make 5.
    const grid = [];
    for (let i = 0; i < 6; i += 1) grid.push((await request(app).get('/x').set('x-channel', 'grid-app')).status);
    expect(grid).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await request(app).get('/x').set('x-staff', '1')).status).toBe(200);
  });
});
