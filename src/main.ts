import { adminEngineClient } from './bootstrap.js';
import { loadConfig } from './config.js';
import { createContext } from './context.js';
import { openDatabase } from './db/data-source.js';
import { startRetentionJob } from './events/retention.js';
import { createLogger } from './logger.js';
import { startWebServer, stopWebServer } from './server.js';

// The API process: reads the environment, opens the database, listens. Nothing else has side effects.
const config = loadConfig();
const logger = createLogger('api', config.logLevel);
const context = createContext(config);
const db = await openDatabase(config);
const { server, port } = await startWebServer({ config, db, engine: adminEngineClient(config), logger, context }, config.apiPort);
logger.info('API listening', { url: `http://localhost:${port}` });
// Reporters' names and phones are erased from events closed longer than REPORTER_RETENTION_MONTHS.
const stopRetention = startRetentionJob(db, { months: config.retention.reporterMonths, intervalMs: config.retention.intervalMs, logger });

const shutdown = async () => {
  stopRetention();
  await stopWebServer(server);
  await db.destroy();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
