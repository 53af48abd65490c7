import type { ModdleElement, Reporter, Rule } from '../types.js';
import { is, isExpression, label } from './util.js';

/**
 * Every user task has a Camunda Form that exists, referenced with `camunda:formRef` and binding
 * `deployment` (the form is deployed together with the process). A `formKey` is refused:
 * Tasklist treats `camunda-forms:` keys as external forms.
 */
export interface UserTaskFormConfig {
  forms?: string[];
}

export default function userTaskForm(config?: UserTaskFormConfig): Rule {
  const forms = new Set(config?.forms ?? []);
  function check(node: ModdleElement, reporter: Reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    const formRef = node.get('camunda:formRef');
    const formKey = node.get('camunda:formKey');
    if (formKey && !formRef) {
      reporter.report(node.id ?? '', `${label(node)}：请用表单引用（camunda:formRef）选择 Camunda 表单，不要使用 formKey "${String(formKey)}"`);
      return;
    }
    if (typeof formRef !== 'string' || formRef.trim() === '') {
      reporter.report(node.id ?? '', `${label(node)}：用户任务没有表单（camunda:formRef）`);
      return;
    }
    if (!isExpression(formRef) && !forms.has(formRef)) {
      reporter.report(node.id ?? '', `${label(node)}：表单 "${formRef}" 不存在（forms/ 中没有这个表单，本次部署也不包含它）`);
    }
    if (node.get('camunda:formRefBinding') !== 'deployment') {
      reporter.report(node.id ?? '', `${label(node)}：表单绑定（formRefBinding）必须为 deployment，表单与流程一起部署`);
    }
  }
  return { check, meta: { documentation: { description: '每个用户任务都有一个存在的表单' } } };
}
