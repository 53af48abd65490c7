import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../errors.js';
import type { EngineClient } from './engine-client.js';
import { checkModelSafety, type ModelProblem } from './model-safety.js';

/**
 * Deploys models (BPMN, DMN, Camunda Forms) as ONE deployment with duplicate filtering.
 * Not "changed only": forms are referenced with binding `deployment`, so a changed process must be
 * redeployed together with its forms; an unchanged set is skipped as a whole by the engine.
 * Used at start-up (processes/ + forms/) and by the web modeler.
 */
export const DEPLOYMENT_NAME = 'linkage-platform';
export const MODEL_EXTENSIONS = ['.bpmn', '.dmn', '.form'];

export interface ModelFile {
  name: string;
  content: string;
}

export interface DeploymentResult {
  id: string;
  /** False when the engine found nothing changed and kept the previous deployment. */
  created: boolean;
  processDefinitions: Array<{ id: string; key: string; version: number }>;
  decisionDefinitions: Array<{ id: string; key: string; version: number }>;
}

export class UnsafeModelError extends DomainError {
  constructor(readonly problems: ModelProblem[]) {
    super('UNSAFE_MODEL', 422, `模型未通过安全检查：\n${problems.map((p) => `  ${p.file} ${p.element}: ${p.message}`).join('\n')}`, { detail: problems });
    this.name = 'UnsafeModelError';
  }
}

export function readModelFiles(...dirs: string[]): ModelFile[] {
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((f) => MODEL_EXTENSIONS.includes(path.extname(f)))
      .sort()
      .map((f) => ({ name: f, content: fs.readFileSync(path.join(dir, f), 'utf8') })),
  );
}

export async function deployModels(engine: EngineClient, files: ModelFile[], name = DEPLOYMENT_NAME, source = 'linkage-platform'): Promise<DeploymentResult> {
  if (files.length === 0) throw new Error('nothing to deploy');
  const problems = files.filter((f) => !f.name.endsWith('.form')).flatMap((f) => checkModelSafety(f.name, f.content));
  if (problems.length > 0) throw new UnsafeModelError(problems);

  type Def = { id: string; key: string; version: number };
  const res = await engine.deployments.create({ name, source, files });
  const pick = (defs: Record<string, Def> | null) => Object.values(defs ?? {}).map(({ id, key, version }) => ({ id, key, version }));
  const processDefinitions = pick(res.deployedProcessDefinitions);
  const decisionDefinitions = pick(res.deployedDecisionDefinitions);
  return { id: res.id, created: processDefinitions.length + decisionDefinitions.length > 0, processDefinitions, decisionDefinitions };
}
