import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/data-source.js';
import { errorHandler } from '../../../src/http/errors.js';
import { keyDigest } from '../../../src/events/api-key-rules.js';
import type { ChannelId } from '../../../src/events/channels.js';
import { requireChannel } from '../../../src/http/auth.js';
import { channelRateLimit, countHit, refuseOverLimitChannels, type OverLimitChannels } from '../../../src/http/rate-limit.js';

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

  test('a channel known to be over its limit is refused before routing, without a database write, until its window ends; other channels pass', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, INTAKE_RATE_LIMIT: '2', INTAKE_RATE_WINDOW_SECONDS: '60' });
    let clock = new Date('2026-11-30T10:00:50Z');
    const now = () => clock;
    const plain = { wechat: 'wechat-key-0123456789', web: 'web-key-0123456789ab' };
    const keys = new Map<ChannelId, string[]>([
      ['wechat', [keyDigest(plain.wechat)]],
      ['web', [keyDigest(plain.web)]],
    ]);
    const overLimit: OverLimitChannels = new Map();
    const reachedRoutes: string[] = [];
    const app = express();
    app.use(refuseOverLimitChannels({ keys, config, now, overLimit }));
    app.use((req, _res, next) => {
      reachedRoutes.push(req.get('x-api-key') === plain.wechat ? 'wechat' : 'web');
      next();
    });
    app.post('/api/events', requireChannel(keys), channelRateLimit({ db: first, config, now, overLimit }), (_req, res) => res.status(201).json({ ok: true }));
    app.post('/other', (_req, res) => res.json({ ok: true }));
    app.use(errorHandler(() => undefined));
    const counted = async (channel: string) =>
      Number(((await first.query('SELECT hits FROM rate_window WHERE bucket = ? AND window_start = ?', [`channel:${channel}`, Date.parse('2026-11-30T10:00:00Z') / 1000])) as Array<{ hits: number }>)[0]?.hits ?? 0);
    const post = (key: string, url = '/api/events') => request(app).post(url).set('X-Api-Key', key).send({});

    // Two within the limit, the third counted in the database and refused: now known over the limit.
    expect([(await post(plain.wechat)).status, (await post(plain.wechat)).status, (await post(plain.wechat)).status]).toEqual([201, 201, 429]);
    expect(await counted('wechat')).toBe(3);
    expect(overLimit.get('wechat')).toBe(Date.parse('2026-11-30T10:01:00Z') / 1000);
    reachedRoutes.length = 0;

    // Refused at the front: no route reached, nothing more counted, same answer as the route's refusal.
    const refused = await post(plain.wechat);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.body).toEqual({ error: 'RATE_LIMITED', message: '请求过于频繁，请在 10 秒后重试' });
    expect(reachedRoutes).toEqual([]);
    expect(await counted('wechat')).toBe(3);
    // Another channel, and a path the limit does not cover, go on to the routes.
    expect((await post(plain.web)).status).toBe(201);
    expect((await post(plain.wechat, '/other')).status).toBe(200);
    expect(reachedRoutes).toEqual(['web', 'wechat']);

    // The window ended: wechat is counted again (a new window, from one).
    clock = new Date('2026-11-30T10:01:00Z');
    expect((await post(plain.wechat)).status).toBe(201);
    expect(overLimit.has('wechat')).toBe(false);
  });
});
