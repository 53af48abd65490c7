import request from 'supertest';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { EventEntity } from '../../src/db/entities/index.js';
import { createEngineClient, type EngineClient } from '../../src/engine/engine-client.js';
import { developmentIntakeKeys } from '../../src/events/api-keys.js';
import { recoverStaleIntakes } from '../../src/events/intake.js';
import { silentLogger } from '../../src/logger.js';
import { adminEngine, openTestDatabase, testConfig, testContext, uniqueKey, waitFor } from './support/platform.js';

/**
 * S2-2 intake while the engine is busy (issue 9): a report is answered once it is stored and
 * numbered, after at most INTAKE_ENGINE_WAIT_MS of waiting for the engine; the start finishes
 * after the answer, and if it fails then, recovery starts the process. The engine here is the
 * run's real engine, reached through a client that holds each start for a while first, as a busy
 * engine does.
 */
const WAIT_MS = 50;
const START_TAKES_MS = 800;
let db: DataSource;
let hotlineKey: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The real engine, whose process starts take START_TAKES_MS and then succeed or fail. */
function busyEngine(outcome: 'starts' | 'fails'): EngineClient {
  const real = adminEngine();
  const processes = {
    ...real.processes,
    start: async (...args: Parameters<EngineClient['processes']['start']>) => {
      await sleep(START_TAKES_MS);
      if (outcome === 'fails') throw new Error('engine busy: the start timed out');
      return real.processes.start(...args);
    },
  };
  return { ...real, processes };
}

function appWith(engine: EngineClient): Express {
  return createApp({ config: { ...testConfig(), intakeEngineWaitMs: WAIT_MS }, db, engine, logger: silentLogger, context: testContext() });
}

function report() {
  return {
    externalId: uniqueKey('BUSY'),
    category: 'road-damage',
    title: '路面坑洼',
    description: '长河路中段路面坑洼，车辆经过颠簸。',
    location: { address: '长河街道长河路 300 号', street: '长河街道' },
    reportedAt: new Date(Date.now() - 60_000).toISOString(),
  };
}

const rowOf = (number: string) => db.getRepository(EventEntity).findOneByOrFail({ number });
const instancesOf = async (number: string) =>
  (await adminEngine().get<{ count: number }>('/history/process-instance/count', { processInstanceBusinessKey: number })).count;

beforeAll(async () => {
  db = await openTestDatabase();
  hotlineKey = developmentIntakeKeys(testConfig()).get('hotline') as string;
});
afterAll(async () => {
  await db.destroy();
});

describe('S2-2 intake does not keep a channel waiting on a busy engine', () => {
  test('S2-2 the answer comes once the report is stored and numbered; the process starts after it and is linked once', async () => {
    const res = await request(appWith(busyEngine('starts'))).post('/api/events').set('X-Api-Key', hotlineKey).send(report());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ number: expect.any(String), status: 'received' });
    const number = res.body.number as string;
    // Answered before the engine's start came back: the row is there, its instance not yet.
    expect(await rowOf(number)).toMatchObject({ status: 'received', processInstanceId: null });
    const linked = await waitFor(async () => (await rowOf(number)).processInstanceId, 'the background start to link its instance', 15_000);
    const [instance] = await adminEngine().processes.list({ businessKey: number });
    expect(instance?.id).toBe(linked);
    expect(await instancesOf(number)).toBe(1);
  });

  test('S2-2 a start that fails after the answer leaves the event to recovery, which starts it once; nothing is lost', async () => {
    const deps = { db, engine: adminEngine(), catalogue: testContext().catalogue, logger: silentLogger };
    const res = await request(appWith(busyEngine('fails'))).post('/api/events').set('X-Api-Key', hotlineKey).send(report());
    expect(res.status).toBe(201);
    const number = res.body.number as string;
    await sleep(START_TAKES_MS + 200);
    // The failed start did not take the answered event back.
    expect(await rowOf(number)).toMatchObject({ processInstanceId: null });
    expect(await instancesOf(number)).toBe(0);
    await recoverStaleIntakes(deps, 0);
    const row = await rowOf(number);
    expect(row.processInstanceId).toEqual(expect.any(String));
    expect(await instancesOf(number)).toBe(1);
  });

  test('S2-2 an engine that refuses at once still gets a 503 and nothing is kept, as before', async () => {
    const down = createEngineClient('http://127.0.0.1:1/engine-rest', { user: 'x', password: 'y' }, 2000);
    const payload = report();
    const res = await request(appWith(down)).post('/api/events').set('X-Api-Key', hotlineKey).send(payload);
    expect(res.status).toBe(503);
    expect(await db.getRepository(EventEntity).countBy({ channel: 'hotline', externalId: payload.externalId })).toBe(0);
  });
});
