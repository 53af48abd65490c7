import path from 'node:path';
import type { Config } from './config.js';
import { createContext } from './context.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile, resolveAdminPassword, writeCredentialsFile } from './credentials.js';
import { openDatabase } from './db/data-source.js';
import { deployModels, readModelFiles, type DeploymentResult } from './engine/deployment.js';
import { createEngineClient, type EngineClient } from './engine/engine-client.js';
import { removeDemoUsers, syncIdentity } from './identity/sync-identity.js';
import { fileHashes, recordAudit, sha256 } from './audit/audit.js';
import fs from 'node:fs';
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

export const ORG_CHART_FILE = path.resolve('config/org-chart.yaml');

export async function bootstrapPlatform(config: Config, logger: Logger): Promise<BootstrapResult> {
  // The reference files first: a broken org chart, responsibility list or template stops start-up here.
  const context = createContext(config);
  const db = await openDatabase(config);
  try {
    logger.info('app database migrated', { database: config.databaseUrl ? 'mysql' : 'sqlite' });
    const actor = config.engine.adminUser;

    const engine = adminEngineClient(config);
    // The routing table as deployed = the yaml catalogue + the consultation's settled answers (S3):
    // a restart never drops a meeting decision (src/consultation/routing.ts).
    const routing = await currentRoutingDmn(db, context.catalogue);
    const files = readModelFiles(PROCESSES_DIR, FORMS_DIR).map((f) => (f.name === ROUTING_FILE ? { ...f, content: routing } : f));
    const deployment = await deployModels(engine, files);
    logger.info(deployment.created ? 'models deployed' : 'models unchanged', {
      deploymentId: deployment.id,
      processes: deployment.processDefinitions.map((d) => `${d.key}:${d.version}`),
    });
    if (deployment.created) {
      await recordAudit(db, {
        actor,
        action: 'deployment',
        source: 'start-up',
        subject: deployment.id,
        detail: {
          files: fileHashes(files),
          processes: deployment.processDefinitions.map((d) => `${d.key}:${d.version}`),
          decisions: deployment.decisionDefinitions.map((d) => `${d.key}:${d.version}`),
        },
      });
    }

    const withDemoUsers = !config.isProduction;
    const demoFile = credentialsPath(config, DEMO_CREDENTIALS_FILE);
    const result = await syncIdentity(engine, context.orgChart, {
      adminPassword: resolveAdminPassword(config),
      demoPasswords: withDemoUsers ? readCredentialsFile(demoFile) : undefined,
    });
    if (withDemoUsers) writeCredentialsFile(demoFile, result.demoPasswords);
    const orgChartHash = fs.existsSync(ORG_CHART_FILE) ? sha256(fs.readFileSync(ORG_CHART_FILE, 'utf8')) : null;
    await recordAudit(db, { actor, action: 'org-chart.sync', source: 'start-up', subject: 'org-chart', detail: { units: result.groups, orgChartSha256: orgChartHash } });
    for (const change of result.grantChanges) {
      await recordAudit(db, { actor, action: 'authorization.changed', source: 'start-up', subject: change.groupId, detail: { ...change } });
    }
    if (!withDemoUsers) {
      // Production: demo users never exist, even when an earlier development start created them.
      const removed = await removeDemoUsers(engine, context.orgChart);
      if (removed.length > 0) {
        await recordAudit(db, { actor, action: 'demo-users.removed', source: 'start-up', detail: { users: removed } });
        logger.warn('demo users removed (production)', { users: removed });
      }
    }
    logger.info('org chart loaded', { units: result.groups, demoUsers: withDemoUsers ? Object.keys(result.demoPasswords).length : 0 });
    return { deployment, demoCredentialsFile: withDemoUsers ? demoFile : undefined };
  } finally {
    await db.destroy();
  }
}
