import crypto from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bootstrapPlatform } from '../src/bootstrap.js';
import { loadConfig, type Config } from '../src/config.js';
import { waitForEngine } from '../src/engine/engine-client.js';
import { silentLogger } from '../src/logger.js';
import { ensureEngineJar, startEngineProcess } from './engine-process.js';

/**
 * A throwaway platform back end for tests and benchmarks: a real engine on a free port with its
 * own data directory, bootstrapped like `npm start` (migrations, models, org chart). Sets the
 * variables in process.env so that loadConfig() in the same process (or its children) finds it.
 * ENGINE_DB_URL / DATABASE_URL, when set, are passed through (MariaDB runs).
 */
export interface EphemeralEngine {
  config: Config;
  child: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export async function startEphemeralEngine(prefix = 'linkage-it-'): Promise<EphemeralEngine> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.env.NODE_ENV = process.env.NODE_ENV === 'production' ? 'production' : 'test';
  process.env.DATA_DIR = dataDir;
  process.env.ENGINE_PORT = String(await freePort());
  process.env.ENGINE_HOST = '127.0.0.1';
  // The engine's actuator (Prometheus metrics) on a loopback management port of its own, scraped by the operations test.
  process.env.ENGINE_MANAGEMENT_PORT = String(await freePort());
  delete process.env.ENGINE_URL;
  // Production requires a set admin password of at least 12 characters; elsewhere the engine generates one.
  if (process.env.NODE_ENV === 'production') process.env.ENGINE_ADMIN_PASSWORD = crypto.randomBytes(18).toString('base64url');
  else delete process.env.ENGINE_ADMIN_PASSWORD;
  // Tests and the benchmark send many requests per channel: the per-channel rate limit must not
  // get in their way (the security test sets its own small limit).
  process.env.INTAKE_RATE_LIMIT ??= '1000000';
  const config = loadConfig();

  ensureEngineJar((line) => process.stderr.write(`${line}\n`));
  const { child, logFile } = startEngineProcess(config);
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    if (!process.env.KEEP_TEST_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForEngine(config.engine.restUrl, Number(process.env.ENGINE_BOOT_TIMEOUT_MS ?? 300_000));
    await bootstrapPlatform(config, silentLogger);
  } catch (err) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
    child.kill('SIGKILL');
    throw new Error(`the engine did not start: ${(err as Error).message}\n--- engine log (tail) ---\n${tail}`);
  }
  return { config, child, dataDir, stop };
}
