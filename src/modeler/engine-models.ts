import type { EngineClient } from '../engine/engine-client.js';
import type { ModelFile } from '../engine/deployment.js';
import { DomainError } from '../errors.js';

/**
 * What is deployed in the engine, for the modeler's "open" list: process definitions with running
 * instances and open incidents per version, decisions, and forms (forms have no definition API in
 * Camunda 7: they are read as resources of the recent deployments).
 */
export interface ProcessVersion {
  id: string;
  key: string;
  name: string | null;
  version: number;
  versionTag: string | null;
  deploymentId: string;
  resource: string;
  instances: number;
  incidents: number;
}

export interface DecisionVersion {
  id: string;
  key: string;
  name: string | null;
  version: number;
  deploymentId: string;
  resource: string;
}

export interface FormVersion {
  name: string;
  deploymentId: string;
  deploymentTime: string;
  resourceId: string;
}

export interface DeployedModels {
  processes: ProcessVersion[];
  decisions: DecisionVersion[];
  forms: FormVersion[];
}


/** How many of the newest deployments are searched for forms. */
const FORM_DEPLOYMENTS = 30;

export async function listDeployedModels(engine: EngineClient): Promise<DeployedModels> {
  const [definitions, statistics, decisions, deployments] = await Promise.all([
    engine.definitions.processes(),
    engine.definitions.processStatistics(),
    engine.definitions.decisions(),
    engine.deployments.newest(FORM_DEPLOYMENTS),
  ]);
  const stats = new Map(statistics.map((s) => [s.id, s]));
  const processes = definitions
    .map((d) => {
      const s = stats.get(d.id);
      return {
        id: d.id,
        key: d.key,
        name: d.name,
        version: d.version,
        versionTag: d.versionTag ?? null,
        deploymentId: d.deploymentId,
        resource: d.resource,
        instances: s?.instances ?? 0,
        incidents: (s?.incidents ?? []).reduce((n, i) => n + i.incidentCount, 0),
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version);
  const forms: FormVersion[] = [];
  for (const dep of deployments) {
    const resources = await engine.deployments.resources(dep.id);
    for (const r of resources) if (r.name.endsWith('.form')) forms.push({ name: r.name, deploymentId: dep.id, deploymentTime: dep.deploymentTime, resourceId: r.id });
  }
  return {
    processes,
    decisions: decisions
      .map(({ id, key, name, version, deploymentId, resource }) => ({ id, key, name, version, deploymentId, resource }))
      .sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version),
    forms,
  };
}

function notFoundIn(what: string): DomainError {
  return new DomainError('NOT_FOUND', 404, `引擎中没有这个${what}`);
}

export async function fetchProcessXml(engine: EngineClient, id: string): Promise<ModelFile & { key: string; version: number }> {
  const def = await engine.definitions.process(id);
  if (!def) throw notFoundIn('流程定义');
  return { name: baseName(def.resource), content: await engine.definitions.processXml(id), key: def.key, version: def.version };
}

/** The newest deployed version of a process key, or undefined when the key was never deployed. */
export async function fetchLatestProcessXml(engine: EngineClient, key: string): Promise<(ModelFile & { key: string; version: number; id: string }) | undefined> {
  const [def] = await engine.definitions.processes({ key, latestVersion: true });
  if (!def) return undefined;
  return { ...(await fetchProcessXml(engine, def.id)), id: def.id };
}

export async function fetchDecisionXml(engine: EngineClient, id: string): Promise<ModelFile & { key: string; version: number }> {
  const def = await engine.definitions.decision(id);
  if (!def) throw notFoundIn('决策');
  return { name: baseName(def.resource), content: await engine.definitions.decisionXml(id), key: def.key, version: def.version };
}

export async function fetchDeployedForm(engine: EngineClient, deploymentId: string, resourceId: string): Promise<ModelFile> {
  const meta = await engine.deployments.resource(deploymentId, resourceId);
  if (!meta) throw notFoundIn('表单');
  if (!meta.name.endsWith('.form')) throw new DomainError('NOT_FOUND', 404, '这个资源不是表单');
  // The data of a form is its JSON: the client parses it, so serialise it back for the editor.
  const data = await engine.deployments.resourceData(deploymentId, resourceId);
  return { name: baseName(meta.name), content: `${JSON.stringify(data, null, 2)}\n` };
}

function baseName(resource: string): string {
  return resource.split('/').pop() ?? resource;
}
