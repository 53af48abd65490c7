import { stopWhenParentDies } from './parent-watch.js';
import { adminEngineClient } from './bootstrap.js';
import { loadConfig } from './config.js';
import { createContext } from './context.js';
import { openDatabase } from './db/data-source.js';
import { startIntakeRecovery } from './events/intake.js';
import { createLogger } from './logger.js';
import { startWebServer, stopWebServer } from './server.js';

// The API process: reads the environment, opens the database, listens. Nothing else has side effects.
const config = loadConfig();
const logger = createLogger('api', config.logLevel);
const context = createContext(config);
const db = await openDatabase(config);
const engine = adminEngineClient(config);
const { server, port } = await startWebServer({ config, db, engine, logger, context }, config.apiPort);
logger.info('API listening', { url: `http://localhost:${port}` });
// Finishes intakes left half-done by an API process that died between storing a report and starting
// its process (issue 12 §3, issue 14 §1); safe with several API processes on one database.
const recovery = startIntakeRecovery({ db, engine, catalogue: context.catalogue, logger });

let shuttingDown = false;
const shutdown = async () => {
  if (shuttingDown) return;
  shuttingDown = true;
  // Whatever hangs (a long poll, a keep-alive socket), the process is gone within 12 s.
  setTimeout(() => process.exit(1), 12_000).unref();
  await recovery.stop();
  await stopWebServer(server);
  await db.destroy();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
stopWhenParentDies(() => void shutdown());
