import type { ModdleElement, Reporter, Rule } from '../types.js';
import { is, isExpression, label } from './util.js';

/**
 * Every candidate group of a user task is a unit of the org chart (config/org-chart.yaml), so
 * that the task shows up in some unit's Tasklist. Expressions (`${leadUnit}`) are decided at run
 * time and accepted.
 */
export interface CandidateGroupsConfig {
  groups?: string[];
}

/** Splits `a, b, ${x ? 'c' : 'd'}` on the commas outside expressions. */
export function splitCandidates(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '{') depth += 1;
    if (ch === '}') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

export default function candidateGroups(config?: CandidateGroupsConfig): Rule {
  const groups = new Set(config?.groups ?? []);
  function check(node: ModdleElement, reporter: Reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    const value = node.get('camunda:candidateGroups');
    const assignee = node.get('camunda:assignee');
    const users = node.get('camunda:candidateUsers');
    if (typeof value !== 'string' || value.trim() === '') {
      if (!assignee && !users) reporter.report(node.id ?? '', `${label(node)}：没有候选单位（candidateGroups），任何单位的任务列表都看不到这个任务`);
      return;
    }
    for (const group of splitCandidates(value)) {
      if (isExpression(group)) continue;
      if (!groups.has(group)) reporter.report(node.id ?? '', `${label(node)}：候选单位 "${group}" 不在组织架构（config/org-chart.yaml）中`);
    }
  }
  return { check, meta: { documentation: { description: '候选单位必须在组织架构中' } } };
}
