import type { ModdleElement, Reporter, Rule } from '../types.js';
import { is, isExpression, label, nearestId } from './util.js';

/**
 * Every external task names a topic that a worker in workers/ handles; a service or send task
 * without any implementation is refused too (the engine would not deploy it). The list of topics
 * comes from the workers' own registry, handed in as rule configuration.
 */
export interface RegisteredTopicConfig {
  topics?: Array<{ topic: string; label: string }> | string[];
}

export default function registeredTopic(config?: RegisteredTopicConfig): Rule {
  const topics = (config?.topics ?? []).map((t) => (typeof t === 'string' ? { topic: t, label: t } : t));
  const known = new Set(topics.map((t) => t.topic));
  const list = topics.map((t) => `${t.label}（${t.topic}）`).join('、') || '（无）';

  function check(node: ModdleElement, reporter: Reporter) {
    const get = (name: string) => {
      try {
        return node.get(name);
      } catch {
        return undefined;
      }
    };
    const type = get('camunda:type');
    if (type === 'external') {
      const topic = get('camunda:topic');
      if (typeof topic !== 'string' || topic.trim() === '') {
        reporter.report(nearestId(node) ?? '', `${label(node)}：外部任务没有主题，请在模板中选择一个工作程序`);
      } else if (!isExpression(topic) && !known.has(topic)) {
        reporter.report(nearestId(node) ?? '', `${label(node)}：主题 "${topic}" 没有已注册的工作程序。已注册：${list}`);
      }
      return;
    }
    if (type) {
      reporter.report(nearestId(node) ?? '', `${label(node)}：不支持的实现类型 "${String(type)}"，请使用外部任务（external）`);
      return;
    }
    const implemented = ['camunda:class', 'camunda:delegateExpression', 'camunda:expression'].some((n) => get(n));
    if (implemented) return; // reported by no-java-delegates
    if (is(node, 'bpmn:ServiceTask') || is(node, 'bpmn:SendTask')) {
      reporter.report(node.id ?? '', `${label(node)}：服务任务没有实现方式，请选择一个工作程序模板（如「发送通知」）`);
    } else if (is(node, 'bpmn:BusinessRuleTask') && !get('camunda:decisionRef')) {
      reporter.report(node.id ?? '', `${label(node)}：业务规则任务没有引用决策表（decisionRef）`);
    }
  }
  return { check, meta: { documentation: { description: '外部任务的主题必须有已注册的工作程序' } } };
}
