import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { QueryFailedError, type DataSource } from 'typeorm';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createContext } from '../../../src/context.js';
import { openDatabase } from '../../../src/db/data-source.js';
import { createEngineClient } from '../../../src/engine/engine-client.js';
import { errorHandler } from '../../../src/http/errors.js';
import { requestId } from '../../../src/http/hardening.js';
import { createLogger } from '../../../src/logger.js';

/** Issue 13 point 5: security headers, closed CORS, request ids, no leaks in error bodies. */
describe('HTTP hardening of the API and the modeler', () => {
  let dataDir: string;
  let db: DataSource;
  let app: express.Express;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-'));
    const config = loadConfig({ DATA_DIR: dataDir, CORS_ORIGINS: 'https://portal.example.gov.cn', INTAKE_API_KEYS: 'web:web-key-0123456789abcdef' });
    db = await openDatabase(config);
    // The engine is never reached by these requests.
    app = createApp({ config, db, engine: createEngineClient('http://127.0.0.1:9/engine-rest', { user: 'admin', password: 'x' }), logger: createLogger('test', 'error'), context: createContext(config) });
  });
  afterAll(async () => {
    await db?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('every answer carries helmet security headers and a CSP that allows only the page\'s own scripts', async () => {
    for (const url of ['/api/categories', '/modeler/', '/no/such/path']) {
      const res = await request(app).get(url);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  test('CORS is closed to origins not in CORS_ORIGINS and open to the configured one', async () => {
    const foreign = await request(app).get('/api/categories').set('Origin', 'https://evil.example.com');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const preflightForeign = await request(app).options('/api/events').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'POST');
    expect(preflightForeign.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await request(app).options('/api/events').set('Origin', 'https://portal.example.gov.cn').set('Access-Control-Request-Method', 'POST');
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example.gov.cn');
    expect(allowed.headers['access-control-allow-headers']).toContain('X-Api-Key');
  });

  test('every answer has a request id: a well-formed incoming one is kept, anything else replaced', async () => {
    const fresh = await request(app).get('/api/categories');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(app).get('/api/categories').set('X-Request-Id', 'proxy-1234567890');
    expect(kept.headers['x-request-id']).toBe('proxy-1234567890');
    const replaced = await request(app).get('/api/categories').set('X-Request-Id', 'bad id <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('log lines written while serving a request carry its request id', async () => {
    const lines: string[] = [];
    const logger = createLogger('api', 'info', { destination: { write: (chunk: string) => void lines.push(chunk) } });
    const probe = express();
    probe.use(requestId);
    probe.get('/x', (_req, res) => {
      logger.warn('something happened', { eventNumber: 'SJ-1' });
      res.end();
    });
    await request(probe).get('/x').set('X-Request-Id', 'req-abcdef123456');
    logger.info('outside any request');
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ msg: 'something happened', requestId: 'req-abcdef123456', eventNumber: 'SJ-1' }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
  });

  test('an SQL error or a bug answers 500 INTERNAL without stack trace, SQL or the error text', async () => {
    const logged: Error[] = [];
    const probe = express();
    probe.get('/sql', () => {
      throw new QueryFailedError('SELECT reporter_phone FROM event WHERE id = ?', [1], new Error('SQLITE_ERROR: no such column: reporter_phone'));
    });
    probe.get('/bug', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    });
    probe.use(errorHandler((err) => logged.push(err)));
    for (const url of ['/sql', '/bug']) {
      const res = await request(probe).get(url);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: 'INTERNAL', message: '服务器内部错误，请稍后重试' });
      expect(res.text).not.toMatch(/SELECT|SQLITE|reporter_phone|TypeError|at .*\.ts/);
    }
    // The operator still finds it in the log.
    expect(logged.map((e) => e.message)).toEqual([expect.stringContaining('no such column'), expect.stringContaining('Cannot read properties')]);
  });
});
