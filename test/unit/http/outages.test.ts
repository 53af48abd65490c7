import express from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { EngineClient } from '../../../src/engine/engine-client.js';
import { isDatabaseUnavailable } from '../../../src/db/availability.js';
import { errorHandler, toProblem } from '../../../src/http/errors.js';
import { healthRouter } from '../../../src/http/routes/health.js';

/** Issue 14 §4: a database outage is a 503 with Retry-After, and /health answers whatever is down. */
describe('a database outage answers 503 DATABASE_UNAVAILABLE with Retry-After, not 500', () => {
  // What mysql2 and typeorm throw while MariaDB is stopped or restarting.
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3307'), { code: 'ECONNREFUSED', errno: -111 });
  const lost = Object.assign(new Error('Query failed'), { name: 'QueryFailedError', driverError: { code: 'PROTOCOL_CONNECTION_LOST', message: 'Connection lost: The server closed the connection.' } });
  const shutdown = Object.assign(new Error('Server shutdown in progress'), { code: 'ER_SERVER_SHUTDOWN', errno: 1053 });

  test('the driver errors of an outage are recognised; a bad query is not', () => {
    expect([refused, lost, shutdown].map((e) => isDatabaseUnavailable(e))).toEqual([true, true, true]);
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax'), { driverError: { code: 'ER_PARSE_ERROR', errno: 1064 } }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
  });

  test('the one error handler answers 503 with Retry-After and a message for people', async () => {
    expect(toProblem(lost)).toEqual({
      status: 503,
      body: { error: 'DATABASE_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试' },
      retryAfterSeconds: 10,
      unexpected: true,
    });
    const app = express();
    app.get('/x', () => {
      throw refused;
    });
    app.use(errorHandler(() => undefined));
    const res = await request(app).get('/x');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.body.error).toBe('DATABASE_UNAVAILABLE');
  });
});

describe('/health answers within about a second whatever is down', () => {
  const hanging = () => new Promise(() => undefined);
  test('an engine and a database that never answer are reported down within the probe timeout', async () => {
    const db = { query: hanging } as unknown as DataSource;
    const engine = { engines: hanging } as unknown as EngineClient;
    const app = express().use(healthRouter({ db, engine, probeTimeoutMs: 300 }));
    const started = Date.now();
    const res = await request(app).get('/health');
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'down', engine: 'down', database: 'down' });
  });

  test('a database that refuses at once is down, an engine that answers is up', async () => {
    const db = { query: async () => Promise.reject(new Error('connect ECONNREFUSED')) } as unknown as DataSource;
    const engine = { engines: async () => [{ name: 'default' }] } as unknown as EngineClient;
    const res = await request(express().use(healthRouter({ db, engine }))).get('/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'down', engine: 'up', database: 'down' });
  });
});
