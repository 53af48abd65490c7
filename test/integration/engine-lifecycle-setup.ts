import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bootstrapPlatform } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { waitForEngine } from '../../src/engine/engine-client.js';
import { silentLogger } from '../../src/logger.js';
import { ensureEngineJar, startEngineProcess } from '../../scripts/engine-process.js';

/**
 * Starts ONE real engine for the whole integration run, on a free port with a throwaway data
 * directory (so a developer's running platform is untouched), then deploys the models and loads
 * the org chart exactly as `npm start` does. ENGINE_DB_URL / DATABASE_URL, when set (the MariaDB
 * pass of .ci/run), are passed through.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkage-it-'));
  process.env.NODE_ENV = 'test';
  process.env.DATA_DIR = dataDir;
  process.env.ENGINE_PORT = String(await freePort());
  process.env.ENGINE_HOST = '127.0.0.1';
  delete process.env.ENGINE_URL;
  delete process.env.ENGINE_ADMIN_PASSWORD;
  const config = loadConfig();

  ensureEngineJar((line) => process.stderr.write(`${line}\n`));
  const { child, logFile } = startEngineProcess(config);
  (globalThis as Record<string, unknown>).__ENGINE__ = { child, dataDir };
  try {
    await waitForEngine(config.engine.restUrl, 180_000);
    await bootstrapPlatform(config, silentLogger);
  } catch (err) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
    child.kill('SIGKILL');
    throw new Error(`integration engine did not start: ${(err as Error).message}\n--- engine log (tail) ---\n${tail}`);
  }
}
