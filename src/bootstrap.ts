import path from 'node:path';
import type { Config } from './config.js';
import { createContext } from './context.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile, resolveAdminPassword, writeCredentialsFile } from './credentials.js';
import { openDatabase } from './db/data-source.js';
import { deployModels, readModelFiles, type DeploymentResult } from './engine/deployment.js';
import { createEngineClient, type EngineClient } from './engine/engine-client.js';
import { syncIdentity } from './identity/sync-identity.js';
import { currentRoutingDmn, ROUTING_FILE } from './consultation/routing.js';
import type { Logger } from './logger.js';

/**
 * What runs once the engine answers, before the API and the workers start: app-database
 * migrations, deployment of processes/ and forms/, and the org chart. Safe to repeat.
 */
export const PROCESSES_DIR = path.resolve('processes');
export const FORMS_DIR = path.resolve('forms');

export function adminEngineClient(config: Config): EngineClient {
  return createEngineClient(config.engine.restUrl, { user: config.engine.adminUser, password: resolveAdminPassword(config) });
}

export interface BootstrapResult {
  deployment: DeploymentResult;
  demoCredentialsFile?: string;
}

export async function bootstrapPlatform(config: Config, logger: Logger): Promise<BootstrapResult> {
  // The reference files first: a broken org chart, responsibility list or template stops start-up here.
  const context = createContext(config);
  const db = await openDatabase(config);
  // The routing table as deployed = the yaml catalogue + the consultation's settled answers (S3):
  // a restart never drops a meeting decision (src/consultation/routing.ts).
  const routing = await currentRoutingDmn(db, context.catalogue);
  await db.destroy();
  logger.info('app database migrated', { database: config.databaseUrl ? 'mysql' : 'sqlite' });

  const engine = adminEngineClient(config);
  const files = readModelFiles(PROCESSES_DIR, FORMS_DIR).map((f) => (f.name === ROUTING_FILE ? { ...f, content: routing } : f));
  const deployment = await deployModels(engine, files);
  logger.info(deployment.created ? 'models deployed' : 'models unchanged', {
    deploymentId: deployment.id,
    processes: deployment.processDefinitions.map((d) => `${d.key}:${d.version}`),
  });

  const withDemoUsers = !config.isProduction;
  const demoFile = credentialsPath(config, DEMO_CREDENTIALS_FILE);
  const result = await syncIdentity(engine, context.orgChart, {
    adminPassword: resolveAdminPassword(config),
    demoPasswords: withDemoUsers ? readCredentialsFile(demoFile) : undefined,
  });
  if (withDemoUsers) writeCredentialsFile(demoFile, result.demoPasswords);
  logger.info('org chart loaded', { units: result.groups, demoUsers: withDemoUsers ? Object.keys(result.demoPasswords).length : 0 });
  return { deployment, demoCredentialsFile: withDemoUsers ? demoFile : undefined };
}
