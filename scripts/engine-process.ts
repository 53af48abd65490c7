import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config.js';

/** Building and launching the engine jar; shared by `npm start` and the integration tests. */
export const ENGINE_DIR = path.resolve('engine');
export const ENGINE_JAR = path.join(ENGINE_DIR, 'target', 'engine.jar');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function engineJarIsCurrent(): boolean {
  if (!fs.existsSync(ENGINE_JAR)) return false;
  // The webapps' Chinese locales and styles (engine/webapps) are copied into the jar as well.
  const sources = Math.max(fs.statSync(path.join(ENGINE_DIR, 'pom.xml')).mtimeMs, newestMtime(path.join(ENGINE_DIR, 'src')), newestMtime(path.join(ENGINE_DIR, 'webapps')));
  return fs.statSync(ENGINE_JAR).mtimeMs >= sources;
}

/** Builds engine/target/engine.jar with Maven when it is missing or older than its sources. */
export function ensureEngineJar(log: (line: string) => void = console.log): void {
  if (engineJarIsCurrent()) return;
  log('Building the engine (Maven; the first build downloads dependencies and takes a few minutes)…');
  const result = spawnSync('mvn', ['-B', '--no-transfer-progress', '-f', path.join(ENGINE_DIR, 'pom.xml'), 'package', '-DskipTests'], {
    stdio: 'inherit',
  });
  if (result.error) throw new Error(`could not run Maven (mvn): ${result.error.message}. Install Maven and a JDK 17+.`);
  if (result.status !== 0) throw new Error(`the engine build failed (mvn exit ${result.status}); see the Maven output above`);
  fs.utimesSync(ENGINE_JAR, new Date(), new Date());
}

/** The environment the engine reads (see engine/src/main/resources/application.yaml). */
export function engineEnv(config: Config): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ENGINE_PORT: String(config.engine.port),
    DATA_DIR: config.dataDir,
    ENGINE_ADMIN_USER: config.engine.adminUser,
  };
  for (const [key, value] of [
    ['ENGINE_ADMIN_PASSWORD', config.engine.adminPassword],
    ['ENGINE_DB_URL', config.engine.dbUrl],
    ['ENGINE_DB_USER', config.engine.dbUser],
    ['ENGINE_DB_PASSWORD', config.engine.dbPassword],
  ] as const) {
    if (value) env[key] = value;
    else delete env[key];
  }
  return env;
}

/**
 * Starts the engine with its output in `$DATA_DIR/logs/engine.log`. Detached (own process group):
 * Ctrl-C reaches only the parent, which stops the children in order.
 */
export function startEngineProcess(config: Config, wrapper: string[] = []): { child: ChildProcess; logFile: string } {
  const logFile = path.join(config.dataDir, 'logs', 'engine.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const javaOpts = (process.env.ENGINE_JAVA_OPTS ?? '-Xmx1g').split(/\s+/).filter(Boolean);
  // `wrapper` (e.g. setpriv --pdeathsig SIGTERM --) runs java in its place (exec), same pid.
  const command = [...wrapper, 'java', ...javaOpts, '-jar', ENGINE_JAR];
  const child = spawn(command[0], command.slice(1), { env: engineEnv(config), stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  return { child, logFile };
}
