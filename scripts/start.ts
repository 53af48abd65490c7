import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
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
import { RestartPolicy } from './supervision-policy.js';

/**
 * `npm start`: configuration check → engine → bootstrap (migrations, models, org chart) → workers + API.
 * The whole configuration (API, workers and engine) is checked before anything starts; a bad value
 * stops here, exit 1, with a message naming the variable and its rule.
 * One Ctrl-C (or a process manager's SIGTERM) stops everything in order: API, workers, engine. A
 * child that dies is restarted with back-off (1 s, 2 s, 4 s … 30 s), so that a crash of the workers does
 * not stop intake and Tasklist; one that keeps crashing (5 times in 10 minutes) stops the platform,
 * loudly. The children die with `npm start` even when it is killed outright (SIGKILL, OOM): each
 * runs under `setpriv --pdeathsig SIGTERM`, and the API and workers also watch their parent.
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

const policies = new Map<string, RestartPolicy>();
const restartTimers = new Set<NodeJS.Timeout>();
/** The kernel sends SIGTERM to the child when this process dies, however it dies (Linux, util-linux). */
const SETPRIV = '/usr/bin/setpriv';
const pdeathsig = fs.existsSync(SETPRIV);
const STOP_GRACE_MS = 15_000;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const t of restartTimers) clearTimeout(t);
  // API and workers first, the engine last (workers finish their tasks against it).
  const order = ['api', 'workers', 'engine'];
  const stopNext = (i: number) => {
    if (i >= order.length) process.exit(code);
    const child = children.get(order[i]);
    if (!child || child.exitCode !== null || child.signalCode !== null) return stopNext(i + 1);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      stopNext(i + 1);
    });
    child.kill('SIGTERM');
  };
  stopNext(0);
}

/** Runs `start()` as the child `name`, and again (with back-off) each time it dies unexpectedly. */
function supervise(name: string, start: () => ChildProcess): void {
  const policy = policies.get(name) ?? new RestartPolicy();
  policies.set(name, policy);
  const child = start();
  children.set(name, child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const decision = policy.crashed(Date.now());
    if (!decision.restart) {
      console.error(`\n✖✖ ${name} keeps crashing (${decision.crashes} times within 10 minutes, last exit ${code ?? signal}); NOT restarting it — stopping the platform.`);
      stopAll(1);
      return;
    }
    console.error(`\n✖ ${name} stopped unexpectedly (exit ${code ?? signal}); restarting it in ${decision.delayMs / 1000} s (crash ${decision.crashes} within 10 minutes).`);
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (!stopping) supervise(name, start);
    }, decision.delayMs);
    restartTimers.add(timer);
  });
}

/** A node child (API or workers), dying with this process. */
function startNodeChild(script: string): ChildProcess {
  const command = [process.execPath, '--import', 'tsx', script];
  const options: SpawnOptions = { stdio: 'inherit', env: { ...process.env, LINKAGE_PARENT_PID: String(process.pid) }, detached: true };
  return pdeathsig ? spawn(SETPRIV, ['--pdeathsig', 'SIGTERM', '--', ...command], options) : spawn(command[0], command.slice(1), options);
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
if (!pdeathsig) console.warn(`⚠ ${SETPRIV} not found: the engine keeps running if npm start is killed with SIGKILL (the API and workers watch their parent).`);

try {
  ensureModelerBundle();
  ensureEngineJar();
  let logFile = '';
  supervise('engine', () => {
    const engine = startEngineProcess(config, pdeathsig ? [SETPRIV, '--pdeathsig', 'SIGTERM', '--'] : []);
    logFile = engine.logFile;
    return engine.child;
  });
  console.log(`Starting the engine on port ${config.engine.port} (data in ${config.dataDir}, log in ${logFile})…`);
  await waitForEngine(config.engine.restUrl, 180_000, () => process.stdout.write('.'));
  console.log(' engine up.');
  const boot = await bootstrapPlatform(config, logger);
  const db = await openDatabase(config);
  const calendar = await loadCalendarStatus(db).finally(() => db.destroy());

  supervise('workers', () => startNodeChild('workers/main.ts'));
  supervise('api', () => startNodeChild('src/main.ts'));

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
