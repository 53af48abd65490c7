import type { EngineClient } from '../engine/engine-client.js';
import type { ModelFile } from '../engine/deployment.js';
import { AppError } from '../http/errors.js';

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

type EngineDefinition = { id: string; key: string; name: string | null; version: number; versionTag?: string | null; deploymentId: string; resource: string };
type Statistics = { id: string; instances: number; incidents: Array<{ incidentType: string; incidentCount: number }> };

/** How many of the newest deployments are searched for forms. */
const FORM_DEPLOYMENTS = 30;

export async function listDeployedModels(engine: EngineClient): Promise<DeployedModels> {
  const [definitions, statistics, decisions, deployments] = await Promise.all([
    engine.get<EngineDefinition[]>('/process-definition', { sortBy: 'key', sortOrder: 'asc' }),
    engine.get<Statistics[]>('/process-definition/statistics', { incidents: true }),
    engine.get<EngineDefinition[]>('/decision-definition', { sortBy: 'key', sortOrder: 'asc' }),
    engine.get<Array<{ id: string; deploymentTime: string }>>('/deployment', { sortBy: 'deploymentTime', sortOrder: 'desc', maxResults: FORM_DEPLOYMENTS }),
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
    const resources = await engine.get<Array<{ id: string; name: string }>>(`/deployment/${encodeURIComponent(dep.id)}/resources`);
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

function notFoundIn(what: string) {
  return (err: unknown) => {
    if ((err as { httpStatus?: number }).httpStatus === 404) throw new AppError(404, 'NOT_FOUND', `引擎中没有这个${what}`);
    throw err;
  };
}

export async function fetchProcessXml(engine: EngineClient, id: string): Promise<ModelFile & { key: string; version: number }> {
  const def = await engine.get<EngineDefinition>(`/process-definition/${encodeURIComponent(id)}`).catch(notFoundIn('流程定义'));
  const { bpmn20Xml } = await engine.get<{ bpmn20Xml: string }>(`/process-definition/${encodeURIComponent(id)}/xml`);
  return { name: baseName(def.resource), content: bpmn20Xml, key: def.key, version: def.version };
}

/** The newest deployed version of a process key, or undefined when the key was never deployed. */
export async function fetchLatestProcessXml(engine: EngineClient, key: string): Promise<(ModelFile & { key: string; version: number; id: string }) | undefined> {
  const [def] = await engine.get<EngineDefinition[]>('/process-definition', { key, latestVersion: true });
  if (!def) return undefined;
  return { ...(await fetchProcessXml(engine, def.id)), id: def.id };
}

export async function fetchDecisionXml(engine: EngineClient, id: string): Promise<ModelFile & { key: string; version: number }> {
  const def = await engine.get<EngineDefinition>(`/decision-definition/${encodeURIComponent(id)}`).catch(notFoundIn('决策'));
  const { dmnXml } = await engine.get<{ dmnXml: string }>(`/decision-definition/${encodeURIComponent(id)}/xml`);
  return { name: baseName(def.resource), content: dmnXml, key: def.key, version: def.version };
}

export async function fetchDeployedForm(engine: EngineClient, deploymentId: string, resourceId: string): Promise<ModelFile> {
  const base = `/deployment/${encodeURIComponent(deploymentId)}/resources/${encodeURIComponent(resourceId)}`;
  const meta = await engine.get<{ name: string }>(base).catch(notFoundIn('表单'));
  if (!meta.name.endsWith('.form')) throw new AppError(404, 'NOT_FOUND', '这个资源不是表单');
  // The data of a form is its JSON: the client parses it, so serialise it back for the editor.
  const data = await engine.get<unknown>(`${base}/data`);
  return { name: baseName(meta.name), content: `${JSON.stringify(data, null, 2)}\n` };
}

function baseName(resource: string): string {
  return resource.split('/').pop() ?? resource;
}
