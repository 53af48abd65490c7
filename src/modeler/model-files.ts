import fs from 'node:fs';
import path from 'node:path';
import { MODEL_EXTENSIONS, type ModelFile } from '../engine/deployment.js';
import { DomainError } from '../errors.js';

/**
 * The repository's model files (processes/ and forms/) as the modeler sees them, and the rule that
 * completes a deployment: a BPMN's forms (`camunda:formRef`, bound per deployment) and decisions
 * (`camunda:decisionRef`) go into the same deployment, from the request or else from the repository.
 */
export const MODEL_DIRS = { processes: path.resolve('processes'), forms: path.resolve('forms') } as const;
export type ModelDir = keyof typeof MODEL_DIRS;

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,190}\.(bpmn|dmn|form)$/;

export function assertFileName(name: string): void {
  if (!FILE_NAME.test(name) || name.includes('..')) {
    throw new DomainError('BAD_FILE_NAME', 400, `文件名无效："${name}"（只能用字母、数字、点、横线和下划线，以 .bpmn、.dmn 或 .form 结尾）`);
  }
}

export function kindOf(name: string): 'bpmn' | 'dmn' | 'form' {
  return path.extname(name).slice(1) as 'bpmn' | 'dmn' | 'form';
}

export interface RepositoryFile {
  dir: ModelDir;
  name: string;
  kind: 'bpmn' | 'dmn' | 'form';
}

export function listRepositoryFiles(dirs = MODEL_DIRS): RepositoryFile[] {
  const out: RepositoryFile[] = [];
  for (const [dir, full] of Object.entries(dirs) as Array<[ModelDir, string]>) {
    if (!fs.existsSync(full)) continue;
    for (const name of fs.readdirSync(full).sort()) {
      if (MODEL_EXTENSIONS.includes(path.extname(name)) && FILE_NAME.test(name)) out.push({ dir, name, kind: kindOf(name) });
    }
  }
  return out;
}

export function readRepositoryFile(dir: string, name: string, dirs = MODEL_DIRS): ModelFile {
  if (!(dir in dirs)) throw new DomainError('NOT_FOUND', 404, `没有这个目录：${dir}`);
  assertFileName(name);
  const full = path.join(dirs[dir as ModelDir], name);
  if (!fs.existsSync(full)) throw new DomainError('NOT_FOUND', 404, `没有这个文件：${dir}/${name}`);
  return { name, content: fs.readFileSync(full, 'utf8') };
}

const attr = (name: string) => new RegExp(`\\b(?:camunda|operaton):${name}="([^"]+)"`, 'g');

export function referencedForms(bpmn: string): string[] {
  return [...new Set([...bpmn.matchAll(attr('formRef'))].map((m) => m[1]).filter((v) => !/^[$#]\{/.test(v)))];
}

export function referencedDecisions(bpmn: string): string[] {
  return [...new Set([...bpmn.matchAll(attr('decisionRef'))].map((m) => m[1]).filter((v) => !/^[$#]\{/.test(v)))];
}

export function formId(content: string): string | undefined {
  try {
    const id = (JSON.parse(content) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export function decisionIds(dmn: string): string[] {
  return [...dmn.matchAll(/<(?:\w+:)?decision\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
}

/**
 * The files plus the forms and decisions their BPMN references that they do not carry themselves,
 * taken from the repository. Returns the completed list and the names that were added.
 */
export function completeDeployment(files: ModelFile[], dirs = MODEL_DIRS): { files: ModelFile[]; added: string[] } {
  const result = [...files];
  const added: string[] = [];
  const has = (name: string) => result.some((f) => f.name === name);
  const repo = listRepositoryFiles(dirs).map((f) => ({ ...f, ...readRepositoryFile(f.dir, f.name, dirs) }));
  const forms = new Set(result.filter((f) => f.name.endsWith('.form')).map((f) => formId(f.content)));
  const decisions = new Set(result.filter((f) => f.name.endsWith('.dmn')).flatMap((f) => decisionIds(f.content)));
  for (const bpmn of files.filter((f) => f.name.endsWith('.bpmn'))) {
    for (const id of referencedForms(bpmn.content)) {
      if (forms.has(id)) continue;
      const file = repo.find((r) => r.kind === 'form' && formId(r.content) === id);
      if (file && !has(file.name)) {
        result.push({ name: file.name, content: file.content });
        added.push(file.name);
        forms.add(id);
      }
    }
    for (const id of referencedDecisions(bpmn.content)) {
      if (decisions.has(id)) continue;
      const file = repo.find((r) => r.kind === 'dmn' && decisionIds(r.content).includes(id));
      if (file && !has(file.name)) {
        result.push({ name: file.name, content: file.content });
        added.push(file.name);
        for (const d of decisionIds(file.content)) decisions.add(d);
      }
    }
  }
  return { files: result, added };
}
