import type { ModdleElement, Reporter, Rule } from '../types.js';
import { is, label, nearestId } from './util.js';

/**
 * No Java delegates: `camunda:class`, `camunda:delegateExpression` and `camunda:expression` as an
 * implementation of a service-like task or event, and the same on execution and task listeners.
 * Work that is not a person's is done by external-task workers (one module per topic in workers/).
 */
const IMPLEMENTATIONS = ['class', 'delegateExpression', 'expression'] as const;
const VENDOR_ATTR = /^(camunda|operaton):(class|delegateExpression|expression)$/;

export default function noJavaDelegates(): Rule {
  function check(node: ModdleElement, reporter: Reporter) {
    const listener = is(node, 'camunda:ExecutionListener') || is(node, 'camunda:TaskListener');
    for (const attr of IMPLEMENTATIONS) {
      const value = listener ? node.get(attr) : safeGet(node, `camunda:${attr}`);
      if (!value) continue;
      const what = listener ? '监听器' : '实现方式';
      const message =
        attr === 'expression'
          ? `${label(node)}：不允许以表达式作为${what}（expression），请使用外部任务（external）`
          : `${label(node)}：不允许 Java 委托作为${what}（${attr}="${String(value)}"），请使用外部任务（external）`;
      reporter.report(nearestId(node) ?? '', message);
    }
    // Vendor attributes moddle does not know (e.g. the operaton: prefix) land in $attrs.
    const attrs = (node.$attrs ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(attrs)) {
      if (VENDOR_ATTR.test(key)) reporter.report(nearestId(node) ?? '', `${label(node)}：不允许 Java 委托或表达式实现（${key}），请使用外部任务（external）`);
    }
  }
  return { check, meta: { documentation: { description: '不允许 Java 委托（class、delegateExpression、expression）' } } };
}

function safeGet(node: ModdleElement, name: string): unknown {
  try {
    return node.get(name);
  } catch {
    return undefined;
  }
}
