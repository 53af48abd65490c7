import type { ModdleElement } from '../types.js';

/** `${…}` or `#{…}`: evaluated by the engine at run time, so not checkable here. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && /^\s*[$#]\{[\s\S]*\}\s*$/.test(value);
}

export function is(node: ModdleElement | undefined, type: string): boolean {
  return !!node && typeof node.$instanceOf === 'function' && node.$instanceOf(type);
}

/** The id of the node or of its nearest ancestor with one (extension elements have none). */
export function nearestId(node: ModdleElement | undefined): string | undefined {
  for (let n = node; n; n = n.$parent) if (typeof n.id === 'string' && n.id) return n.id;
  return undefined;
}

/** `name` + ` (id)` for messages, e.g. 「受理事件」. */
export function label(node: ModdleElement | undefined): string {
  for (let n = node; n; n = n.$parent) {
    if (typeof n.id === 'string' && n.id) {
      const name = typeof n.get === 'function' ? n.get('name') : undefined;
      return typeof name === 'string' && name ? `「${name}」` : n.id;
    }
  }
  return '模型';
}

/** True when the element belongs to a process that the engine will not run. */
export function inNonExecutableProcess(node: ModdleElement): boolean {
  for (let n: ModdleElement | undefined = node; n; n = n.$parent) {
    if (is(n, 'bpmn:Process')) return n.get('isExecutable') === false;
    if (is(n, 'bpmn:Participant')) return false;
  }
  return false;
}
