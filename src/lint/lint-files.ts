import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { checkModelSafety } from '../engine/model-safety.js';
import type { ModelFile } from '../engine/deployment.js';
import { Linter, nodeLintSetup } from './external-rules.js';
import type { LintContext, LintProblem } from './types.js';

/**
 * Checks model files on the server (Node): BPMN with the same bpmnlint configuration as the
 * modeler page, plus model-safety (the raw-XML check that also guards every deployment), DMN with
 * model-safety, forms for well-formed JSON with an id. Used before every deployment through the
 * API and by `npm test` over processes/.
 */
const require = createRequire(import.meta.url);
const camundaModdle = require('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

export async function lintBpmn(file: string, xml: string, context: LintContext): Promise<LintProblem[]> {
  const problems: LintProblem[] = [];
  const moddle = new BpmnModdle({ camunda: camundaModdle });
  let root: unknown;
  try {
    const parsed = await moddle.fromXML(xml, 'bpmn:Definitions', { lax: true });
    root = parsed.rootElement;
    for (const w of parsed.warnings) {
      // Unknown elements and attributes are kept; only real errors would break the engine's parser.
      if (/unparsable content|unresolved reference/i.test(w.message)) {
        problems.push({ file, element: file, rule: 'xml', category: 'error', message: `BPMN 内容有误：${w.message}` });
      }
    }
  } catch (err) {
    return [{ file, element: file, rule: 'xml', category: 'error', message: `不是有效的 BPMN 文件：${(err as Error).message}` }];
  }
  const reports = await new Linter(nodeLintSetup().linterOptions(context)).lint(root);
  for (const [rule, entries] of Object.entries(reports)) {
    for (const r of entries) {
      problems.push({ file, element: r.id || file, rule: qualify(rule), category: r.category === 'rule-error' ? 'error' : (r.category as LintProblem['category']), message: r.message });
    }
  }
  return [...problems, ...safetyProblems(file, xml, problems)];
}

/** model-safety's findings that the diagram rules did not already report for the same element. */
function safetyProblems(file: string, xml: string, found: LintProblem[]): LintProblem[] {
  const flagged = new Set(found.filter((p) => p.rule === 'linkage/no-scripts' || p.rule === 'linkage/no-java-delegates').map((p) => p.element));
  return checkModelSafety(file, xml)
    .filter((p) => {
      const id = /#([^\s(]+)/.exec(p.element)?.[1];
      return !id || !flagged.has(id);
    })
    .map((p) => ({ file, element: /#([^\s(]+)/.exec(p.element)?.[1] ?? file, rule: `model-safety/${p.code}`, category: 'error' as const, message: p.message }));
}

function qualify(rule: string): string {
  if (rule.startsWith('camunda-compat/')) return `bpmnlint-plugin-camunda-compat/${rule.slice('camunda-compat/'.length)}`;
  return rule.includes('/') ? rule : `bpmnlint/${rule}`;
}

export function lintForm(file: string, content: string): LintProblem[] {
  try {
    const form = JSON.parse(content) as { id?: unknown; components?: unknown };
    const problems: LintProblem[] = [];
    if (typeof form.id !== 'string' || !form.id) problems.push({ file, element: file, rule: 'form', category: 'error', message: '表单没有 id（任务用 formRef 引用这个 id）' });
    if (!Array.isArray(form.components)) problems.push({ file, element: file, rule: 'form', category: 'error', message: '表单没有字段（components）' });
    return problems;
  } catch (err) {
    return [{ file, element: file, rule: 'form', category: 'error', message: `表单不是有效的 JSON：${(err as Error).message}` }];
  }
}

export function lintDmn(file: string, xml: string): LintProblem[] {
  const problems: LintProblem[] = checkModelSafety(file, xml).map((p) => ({
    file,
    element: /#([^\s(]+)/.exec(p.element)?.[1] ?? file,
    rule: `model-safety/${p.code}`,
    category: 'error' as const,
    message: p.message,
  }));
  // The engine refuses decisions without historyTimeToLive at deploy.
  for (const m of xml.matchAll(/<(?:\w+:)?decision\b([^>]*)>/g)) {
    const id = /\bid="([^"]+)"/.exec(m[1])?.[1] ?? file;
    if (!/historyTimeToLive="[^"]+"/.test(m[1])) {
      problems.push({ file, element: id, rule: 'linkage/history-time-to-live', category: 'error', message: `决策 ${id} 没有设置历史保留期（historyTimeToLive）` });
    }
  }
  return problems;
}

/** Every problem of every file; `.bpmn`, `.dmn` and `.form` by extension, anything else refused. */
export async function lintFiles(files: ModelFile[], context: LintContext): Promise<LintProblem[]> {
  const all: LintProblem[] = [];
  for (const f of files) {
    if (f.name.endsWith('.bpmn')) all.push(...(await lintBpmn(f.name, f.content, context)));
    else if (f.name.endsWith('.dmn')) all.push(...lintDmn(f.name, f.content));
    else if (f.name.endsWith('.form')) all.push(...lintForm(f.name, f.content));
    else all.push({ file: f.name, element: f.name, rule: 'file', category: 'error', message: '只能部署 .bpmn、.dmn 和 .form 文件' });
  }
  return all;
}

export function hasErrors(problems: LintProblem[]): boolean {
  return problems.some((p) => p.category === 'error');
}
