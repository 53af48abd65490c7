import type { ModdleElement, Reporter, Rule } from '../types.js';
import { is, label, nearestId } from './util.js';

/**
 * No script anywhere: script tasks, scripts in listeners and input/output mappings, script
 * conditions, and non-JUEL/FEEL expression languages. The engine would run them on the server.
 * The browser-side twin of src/engine/model-safety.ts (which reads the raw XML and guards every
 * deployment): this one works on the diagram, so that the problem is marked on its element.
 */
const ALLOWED_EXPRESSION_LANGUAGES = /^(feel|juel|feel-juel|feel-scala)$|omg\.org\/spec\/(dmn\/\d+\/)?feel/i;

export default function noScripts(): Rule {
  function check(node: ModdleElement, reporter: Reporter) {
    if (is(node, 'bpmn:ScriptTask')) {
      reporter.report(node.id ?? '', `${label(node)}：不允许脚本任务，脚本会在引擎服务器上执行任意代码；请改用服务任务并选择一个工作程序`);
    } else if (is(node, 'camunda:Script')) {
      const where = is(node.$parent, 'camunda:ExecutionListener') || is(node.$parent, 'camunda:TaskListener') ? '监听器' : '输入输出映射';
      reporter.report(nearestId(node) ?? '', `${label(node)}：不允许脚本（${where}中的脚本）`);
    } else if (is(node, 'bpmn:FormalExpression') && (node.get('language') || node.get('camunda:resource'))) {
      reporter.report(nearestId(node) ?? '', `${label(node)}：不允许脚本条件（language="${String(node.get('language') ?? '')}"），请使用 \${...} 表达式`);
    }
    const language = Object.prototype.hasOwnProperty.call(node, 'expressionLanguage') ? node.get('expressionLanguage') : undefined;
    if (typeof language === 'string' && !ALLOWED_EXPRESSION_LANGUAGES.test(language)) {
      reporter.report(nearestId(node) ?? '', `不允许的表达式语言 "${language}"，只能使用 FEEL 或 JUEL`);
    }
  }
  return { check, meta: { documentation: { description: '不允许脚本任务和任何脚本（监听器、条件、输入输出映射）' } } };
}
