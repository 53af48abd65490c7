import type { DataSource } from 'typeorm';
import { adminEngineClient } from '../../../src/bootstrap.js';
import { loadConfig, type Config } from '../../../src/config.js';
import { createContext, type PlatformContext } from '../../../src/context.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile } from '../../../src/credentials.js';
import { openDatabase } from '../../../src/db/data-source.js';
import type { EngineClient } from '../../../src/engine/engine-client.js';
import { demoUserId } from '../../../src/identity/org-chart.js';
import { silentLogger, type Logger } from '../../../src/logger.js';
import { topics as registeredTopics } from '../../../workers/index.js';
import { createWorker, type Worker } from '../../../workers/runner.js';
import type { TopicDefinition } from '../../../workers/topic.js';

/**
 * Access to the run's real engine (started by global-setup) and real app database. Intake waits for
 * the engine's start here however long it takes (INTAKE_ENGINE_WAIT_MS), so a test that reads an
 * event's instance right after posting it does not depend on the machine's speed; the answer before
 * a slow start is tested on its own (intake-slow-engine.test.ts), and the fault suite and the bench
 * run with the default.
 */
export function testConfig(): Config {
  return loadConfig({ INTAKE_ENGINE_WAIT_MS: '600000', ...process.env });
}

/** The shared context as the platform builds it at start, from the repository's config files. */
let context: PlatformContext | undefined;
export function testContext(): PlatformContext {
  context ??= createContext(testConfig());
  return context;
}

export function adminEngine(): EngineClient {
  return adminEngineClient(testConfig());
}

/** The engine as the demo user of a unit, i.e. as that unit's staff in Tasklist. */
export function unitEngine(unitId: string): EngineClient {
  const config = testConfig();
  const user = demoUserId(unitId);
  const password = readCredentialsFile(credentialsPath(config, DEMO_CREDENTIALS_FILE))[user];
  if (!password) throw new Error(`no demo password for ${user}`);
  return adminEngine().as({ user, password });
}

/** The `Authorization` header of a unit's demo user, for API requests as that unit's staff. */
export function demoAuthHeader(unitId: string): string {
  const config = testConfig();
  const user = demoUserId(unitId);
  const password = readCredentialsFile(credentialsPath(config, DEMO_CREDENTIALS_FILE))[user];
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function openTestDatabase(): Promise<DataSource> {
  return openDatabase(testConfig());
}

/** The real worker client, tuned for tests: short long-poll and no retry delay. */
export function startWorkers(db: DataSource, topics: TopicDefinition[] = registeredTopics, overrides: Partial<Config['worker']> = {}, logger: Logger = silentLogger): Worker {
  const config = testConfig();
  const worker = createWorker(
    {
      engineUrl: config.engine.restUrl,
      user: config.engine.adminUser,
      password: config.engine.adminPassword ?? readCredentialsFile(credentialsPath(config, 'admin-credentials')).ENGINE_ADMIN_PASSWORD,
      worker: { ...config.worker, workerId: `test-worker-${process.pid}`, asyncResponseTimeoutMs: 1000, lockDurationMs: 20_000, retryDelayMs: 0, ...overrides },
    },
    { db, engine: adminEngine(), logger, context: testContext() },
    topics,
  );
  worker.start();
  return worker;
}

/** Polls until `probe` returns a truthy value; never sleeps blindly. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let counter = 0;
export function uniqueKey(prefix = 'TEST'): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${process.pid}-${counter}`;
}
