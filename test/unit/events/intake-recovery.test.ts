import type { DataSource } from 'typeorm';
import { loadCatalogue } from '../../../src/catalogue/categories.js';
import { EventEntity, PatrolReportEntity } from '../../../src/db/entities/index.js';
import type { EngineClient } from '../../../src/engine/engine-client.js';
import { EngineError } from '../../../src/engine/engine-client.js';
import { recoverStaleIntakes, submitEvent, type IntakeDeps } from '../../../src/events/intake.js';
import type { IntakeInput } from '../../../src/events/intake-schema.js';
import { silentLogger } from '../../../src/logger.js';
import { fakeClock, memoryDatabase } from '../handling/support.js';

/**
 * The dual write of intake (issue 12 §3, issue 14 §1) and the event-number decision (issue 14 §7),
 * with the real app database (SQLite in memory, the project's migrations) and a scripted engine:
 * the engine's side of it (which instances exist under a business key) is what the test controls.
 */
const catalogue = loadCatalogue();
const category = catalogue.categories[0].code;

function report(externalId: string): IntakeInput {
  return {
    externalId,
    category,
    title: '井盖缺失',
    description: '人行道井盖缺失，有行人跌落风险',
    location: { address: '长河街道江南大道1号', street: '长河街道' },
    reporter: { name: '李四', phone: '13900000000' },
    attachments: [],
    reportedAt: '2026-11-30T01:00:00.000Z',
  } as unknown as IntakeInput;
}

interface ScriptedEngine {
  client: EngineClient;
  /** Instances that exist in the engine, by id → business key. */
  instances: Map<string, string>;
  started: Array<{ businessKey: string; variables: Record<string, { value: unknown }> }>;
  /** What the next start does: 'ok', 'hang' (the API dies while waiting), 'refuse' (engine down). */
  mode: 'ok' | 'hang' | 'refuse';
}

function scriptedEngine(): ScriptedEngine {
  const engine: ScriptedEngine = { instances: new Map(), started: [], mode: 'ok', client: undefined as unknown as EngineClient };
  let next = 0;
  const byKey = (key: string) => [...engine.instances].filter(([, k]) => k === key).map(([id]) => ({ id, businessKey: key }));
  engine.client = {
    processes: {
      start: async (_key: string, input: { businessKey: string; variables: Record<string, { value: unknown }> }) => {
        if (engine.mode === 'refuse') throw new EngineError('engine unreachable', 503);
        const id = `pi-${++next}`;
        // The engine has started the process whether or not the answer ever reaches the API.
        engine.instances.set(id, input.businessKey);
        engine.started.push(input);
        if (engine.mode === 'hang') return new Promise(() => undefined);
        return { id, businessKey: input.businessKey, definitionId: 'event-handling:1' };
      },
      list: async (q: { businessKey: string }) => {
        if (engine.mode === 'refuse') throw new EngineError('engine unreachable', 503);
        return byKey(q.businessKey);
      },
      delete: async (id: string) => void engine.instances.delete(id),
    },
    history: { processInstances: async () => [] },
  } as unknown as EngineClient;
  return engine;
}

describe('intake recovery: no event lost when the API dies between storing a report and starting its process', () => {
  let db: DataSource;
  let engine: ScriptedEngine;
  let clock: ReturnType<typeof fakeClock>;
  let deps: IntakeDeps;
  beforeEach(async () => {
    db = await memoryDatabase();
    engine = scriptedEngine();
    clock = fakeClock('2026-11-30T02:00:00Z');
    deps = { db, engine: engine.client, catalogue, logger: silentLogger, now: clock.now };
  });
  afterEach(() => db.destroy());

  async function halfDone(externalId: string, channel: 'hotline' | 'patrol' = 'hotline', extra: Partial<IntakeInput> = {}): Promise<string> {
    engine.mode = 'hang';
    void submitEvent(deps, channel, { ...report(externalId), ...extra }); // never answers: the API process is gone
    for (let i = 0; i < 50; i++) {
      const row = await db.getRepository(EventEntity).findOneBy({ externalId });
      if (row?.number && engine.started.some((s) => s.businessKey === row.number)) return row.number;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('the half-done intake was not stored');
  }

  test('S4-4.4 the retry after the grace links the instance the engine already has and answers with the same number', async () => {
    const number = await halfDone('r-1');
    engine.mode = 'ok';
    // Within the grace period the original request may still be at work: 409 in progress.
    clock.set('2026-11-30T02:00:05Z');
    expect(await submitEvent(deps, 'hotline', report('r-1'))).toEqual({ kind: 'in-progress' });
    clock.set('2026-11-30T02:00:11Z');
    expect(await submitEvent(deps, 'hotline', report('r-1'))).toEqual({ kind: 'existing', number, status: 'received' });
    const row = await db.getRepository(EventEntity).findOneByOrFail({ externalId: 'r-1' });
    expect(row.processInstanceId).toBe('pi-1');
    expect([...engine.instances.keys()]).toEqual(['pi-1']);
    expect(engine.started).toHaveLength(1);
  });

  test('S4-4.1 S4-4.6 an urgent patrol report finished by the recovery loop keeps its urgent flag and inspector, and is booked as a patrol report', async () => {
    const number = await halfDone('r-patrol', 'patrol', { urgent: true, inspectorId: 'XC-0101' });
    engine.instances.clear();
    engine.mode = 'ok';
    clock.set('2026-11-30T02:00:11Z');
    expect(await recoverStaleIntakes(deps)).toEqual({ linked: 0, started: 1, already: 0, unavailable: 0 });
    const restarted = engine.started[1];
    expect(restarted.businessKey).toBe(number);
    expect(restarted.variables.urgent.value).toBe(true);
    expect(restarted.variables.inspectorId.value).toBe('XC-0101');
    expect(await db.getRepository(PatrolReportEntity).findBy({ eventNumber: number })).toEqual([
      expect.objectContaining({ eventNumber: number, inspectorId: 'XC-0101', outcome: 'pending', month: '2026-11' }),
    ]);
  });

  test('the recovery loop starts the process when the engine has none, with the variables intake uses', async () => {
    const number = await halfDone('r-2');
    engine.instances.clear(); // the API died before the engine committed the start
    engine.mode = 'ok';
    clock.set('2026-11-30T02:00:09Z');
    expect(await recoverStaleIntakes(deps)).toEqual({ linked: 0, started: 0, already: 0, unavailable: 0 });
    clock.set('2026-11-30T02:00:11Z');
    expect(await recoverStaleIntakes(deps)).toEqual({ linked: 0, started: 1, already: 0, unavailable: 0 });
    const restarted = engine.started[1];
    expect(restarted.businessKey).toBe(number);
    expect(restarted.variables.eventNumber.value).toBe(number);
    expect(restarted.variables.category.value).toBe(category);
    expect(restarted.variables.street.value).toBe('长河街道');
    expect(restarted.variables.hasReporter.value).toBe(true);
    expect(restarted.variables.receivedAt.value).toBe('2026-11-30T02:00:00.000Z');
    const row = await db.getRepository(EventEntity).findOneByOrFail({ externalId: 'r-2' });
    expect(row.processInstanceId).toBe('pi-2');
    // A second pass finds nothing left to do.
    expect(await recoverStaleIntakes(deps)).toEqual({ linked: 0, started: 0, already: 0, unavailable: 0 });
  });

  test('two recoverers at once (two API processes) leave exactly one instance, the linked one', async () => {
    await halfDone('r-3');
    engine.instances.clear();
    engine.mode = 'ok';
    clock.set('2026-11-30T02:00:20Z');
    const [a, b] = await Promise.all([recoverStaleIntakes(deps), recoverStaleIntakes(deps)]);
    expect(a.started + b.started).toBe(1);
    expect(a.already + b.already).toBe(1);
    const row = await db.getRepository(EventEntity).findOneByOrFail({ externalId: 'r-3' });
    expect([...engine.instances.keys()]).toEqual([row.processInstanceId]);
  });

  test('while the engine is down recovery keeps the row and tries again on the next pass', async () => {
    await halfDone('r-4');
    engine.instances.clear();
    engine.mode = 'refuse';
    clock.set('2026-11-30T02:00:20Z');
    expect(await recoverStaleIntakes(deps)).toMatchObject({ unavailable: 1 });
    expect(await submitEvent(deps, 'hotline', report('r-4'))).toEqual({ kind: 'engine-unavailable' });
    engine.mode = 'ok';
    expect(await recoverStaleIntakes(deps)).toMatchObject({ started: 1 });
  });
});

describe('S4-4.4 event numbers: unique and increasing; a report refused while the engine is down leaves a documented gap', () => {
  test('the refused report keeps nothing, its number is never given to another event, and retries during the outage consume no numbers', async () => {
    const db = await memoryDatabase();
    const engine = scriptedEngine();
    const deps: IntakeDeps = { db, engine: engine.client, catalogue, logger: silentLogger, now: () => new Date('2026-11-30T02:00:00Z') };
    const first = await submitEvent(deps, 'hotline', report('n-1'));
    engine.mode = 'refuse';
    expect(await submitEvent(deps, 'hotline', report('n-2'))).toEqual({ kind: 'engine-unavailable' });
    // The channel retries while the engine is still down: answered 503, no row, no number.
    for (let i = 0; i < 5; i++) expect(await submitEvent(deps, 'hotline', report('n-2'))).toEqual({ kind: 'engine-unavailable' });
    expect(await db.getRepository(EventEntity).count()).toBe(1);
    engine.mode = 'ok';
    const third = await submitEvent(deps, 'hotline', report('n-3'));
    const retried = await submitEvent(deps, 'hotline', report('n-2'));
    expect(first).toEqual({ kind: 'created', number: 'SJ-20261130-000001', status: 'received' });
    // 000002 went to the first refused attempt (answered 503, nothing kept) and is skipped for good;
    // the five retries during the outage took none.
    expect(third).toEqual({ kind: 'created', number: 'SJ-20261130-000003', status: 'received' });
    expect(retried).toEqual({ kind: 'created', number: 'SJ-20261130-000004', status: 'received' });
    expect(await db.getRepository(EventEntity).count()).toBe(3);
    await db.destroy();
  });
});
