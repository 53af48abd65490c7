import { bootstrapPlatform } from '../src/bootstrap.js';
import { validatePlatformConfig } from '../src/config.js';
import { waitForEngine } from '../src/engine/engine-client.js';
import { createLogger } from '../src/logger.js';

/**
 * One-shot start-up step of a deployment where the engine, API and workers run as separate services
 * (docker-compose's `bootstrap` service): check the configuration, wait for the engine, migrate the
 * app database, deploy `processes/` and `forms/`, load the org chart into the engine. Idempotent (the
 * deployment is duplicate-filtered, migrations run once), so running it on every `up` is safe.
 */
const config = validatePlatformConfig();
const logger = createLogger('bootstrap', config.logLevel);
await waitForEngine(config.engine.restUrl, 300_000);
await bootstrapPlatform(config, logger);
logger.info('bootstrap done');
