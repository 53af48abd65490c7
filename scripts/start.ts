import { spawn, type ChildProcess } from 'node:child_process';
import { loadCatalogue } from '../src/catalogue/categories.js';
import { validatePlatformConfig, type Config } from '../src/config.js';
import { bootstrapPlatform } from '../src/bootstrap.js';
import { describeCalendarStatus, loadCalendarStatus } from '../src/calendar/calendar-status.js';
import { ADMIN_CREDENTIALS_FILE, credentialsPath } from '../src/credentials.js';
import { openDatabase } from '../src/db/data-source.js';
import { waitForEngine } from '../src/engine/engine-client.js';
import { createLogger } from '../src/logger.js';
import { ensureModelerBundle } from '../src/modeler/bundle.js';
import { ensureEngineJar, startEngineProcess } from './engine-process.js';

/**
 * `npm start`: configuration check → engine → bootstrap (migrations, models, org chart) → workers + API.
 * The whole configuration (API, workers and engine) is checked before anything starts; a bad value
 * stops here, exit 1, with a message naming the variable and its rule.
 * One Ctrl-C stops everything; a child that dies is reported and takes the platform down with it,
 * so that nothing half-runs unnoticed.
 */
function checkedConfig(): Config {
  try {
    const checked = validatePlatformConfig();
    loadCatalogue(); // config/categories.yaml and its lint (e.g. S2-5.1 general events within 5 working days)
    return checked;
  } catch (err) {
    console.error(`✖ start-up refused, nothing was started. ${(err as Error).message}`);
    process.exit(1);
  }
}

const config = checkedConfig();
const logger = createLogger('start', config.logLevel);
const children = new Map<string, ChildProcess>();
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  // API and workers first, the engine last (workers finish their tasks against it).
  const order = ['api', 'workers', 'engine'];
  const stopNext = (i: number) => {
    if (i >= order.length) process.exit(code);
    const child = children.get(order[i]);
    if (!child || child.exitCode !== null || child.signalCode !== null) return stopNext(i + 1);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      stopNext(i + 1);
    });
    child.kill('SIGTERM');
  };
  stopNext(0);
}

function watch(name: string, child: ChildProcess): void {
  children.set(name, child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n✖ ${name} stopped unexpectedly (exit ${code ?? signal}); stopping the platform.`);
    stopAll(1);
  });
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

try {
  ensureModelerBundle();
  ensureEngineJar();
  const engine = startEngineProcess(config);
  console.log(`Starting the engine on port ${config.engine.port} (data in ${config.dataDir}, log in ${engine.logFile})…`);
  watch('engine', engine.child);
  await waitForEngine(config.engine.restUrl, 180_000, () => process.stdout.write('.'));
  console.log(' engine up.');
  const boot = await bootstrapPlatform(config, logger);
  const db = await openDatabase(config);
  const calendar = await loadCalendarStatus(db).finally(() => db.destroy());

  const tsx = ['--import', 'tsx'];
  const options = { stdio: 'inherit', env: process.env, detached: true } as const;
  watch('workers', spawn(process.execPath, [...tsx, 'workers/main.ts'], options));
  watch('api', spawn(process.execPath, [...tsx, 'src/main.ts'], options));

  const engineBase = `http://localhost:${config.engine.port}`;
  console.log(`
The platform is up.
  API health   http://localhost:${config.apiPort}/health
  Modeler      http://localhost:${config.apiPort}/modeler/ (process administrators deploy)
  Cockpit      ${engineBase}/operaton/app/cockpit/default/
  Tasklist     ${engineBase}/operaton/app/tasklist/default/
  Admin        ${engineBase}/operaton/app/admin/default/
  Engine REST  ${engineBase}/engine-rest
Credentials:
  admin        ${config.engine.adminPassword ? 'ENGINE_ADMIN_PASSWORD (from the environment)' : credentialsPath(config, ADMIN_CREDENTIALS_FILE)}${
    boot.demoCredentialsFile ? `\n  demo users   ${boot.demoCredentialsFile}` : ''
  }
  intake keys  ${process.env.INTAKE_API_KEYS ? 'INTAKE_API_KEYS (from the environment)' : credentialsPath(config, 'intake-api-keys')}
Calendar:
  ${describeCalendarStatus(calendar)}
Press Ctrl-C to stop.`);
} catch (err) {
  console.error(`\n✖ start-up failed: ${(err as Error).message}`);
  stopAll(1);
}
