import { stopWhenParentDies } from '../src/parent-watch.js';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { resolveAdminPassword } from '../src/credentials.js';
import { openDatabase } from '../src/db/data-source.js';
import { adminEngineClient } from '../src/bootstrap.js';
import { createLogger } from '../src/logger.js';
import { createNoticeDelivery } from '../src/notifications/delivery.js';
import { topics } from './index.js';
import { createWorker } from './runner.js';

// The worker process: one client for every registered topic; SIGTERM/SIGINT stop it gracefully.
const config = loadConfig();
const logger = createLogger('workers', config.logLevel);
// Org chart, responsibility list, notice templates: read once; a broken file stops the workers here.
const context = createContext(config);
const db = await openDatabase(config);
const worker = createWorker(
  { engineUrl: config.engine.restUrl, user: config.engine.adminUser, password: resolveAdminPassword(config), worker: config.worker },
  { db, engine: adminEngineClient(config), logger, context },
  topics,
);
worker.start();
logger.info('workers polling', { workerId: config.worker.workerId, topics: topics.map((t) => t.topic) });
// Sends the notification outbox (e-mail, webhook) every NOTIFY_INTERVAL_MS.
const notices = createNoticeDelivery({ db, config, logger: createLogger('notifications', config.logLevel), claimant: config.worker.workerId });
notices.start();

let shuttingDown = false;
const shutdown = async () => {
  if (shuttingDown) return;
  shuttingDown = true;
  // Whatever hangs (a long poll, a keep-alive socket), the process is gone within 12 s.
  setTimeout(() => process.exit(1), 12_000).unref();
  await worker.stop();
  await notices.stop();
  await db.destroy();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
stopWhenParentDies(() => void shutdown());
