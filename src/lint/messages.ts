/**
 * Chinese wording for the problems of bpmnlint's recommended rules and the Camunda 7 compatibility
 * rules (their own messages are English). The project's rules report in Chinese already.
 */
export const RULE_MESSAGES: Record<string, string> = {
  'bpmnlint/ad-hoc-sub-process': '临时子流程的内容无效（不能有开始或结束事件）',
  'bpmnlint/conditional-flows': '网关或任务的分支缺少条件（或缺少默认分支）',
  'bpmnlint/end-event-required': '流程缺少结束事件',
  'bpmnlint/event-based-gateway': '事件网关的后续必须是中间捕获事件或接收任务',
  'bpmnlint/event-sub-process-typed-start-event': '事件子流程的开始事件必须有类型（消息、定时器等）',
  'bpmnlint/fake-join': '任务有多条入线（隐式合并），请用网关合并',
  'bpmnlint/global': '全局元素（消息、信号、错误等）重复或未被使用',
  'bpmnlint/label-required': '元素缺少名称',
  'bpmnlint/link-event': '链接事件不匹配（缺少同名的抛出或捕获链接事件）',
  'bpmnlint/no-bpmndi': '元素没有图形信息（BPMN DI），在建模器中看不到',
  'bpmnlint/no-complex-gateway': '不允许复杂网关',
  'bpmnlint/no-disconnected': '元素没有连线（孤立元素）',
  'bpmnlint/no-duplicate-sequence-flows': '重复的连线',
  'bpmnlint/no-gateway-join-fork': '网关不能同时合并和分支',
  'bpmnlint/no-implicit-split': '元素有多条出线却不是网关（隐式分支），请用网关分支',
  'bpmnlint/no-implicit-end': '元素没有出线却不是结束事件（隐式结束）',
  'bpmnlint/no-implicit-start': '元素没有入线却不是开始事件（隐式开始）',
  'bpmnlint/no-inclusive-gateway': '尽量不要使用包容网关',
  'bpmnlint/no-overlapping-elements': '元素相互重叠',
  'bpmnlint/single-blank-start-event': '只能有一个空开始事件',
  'bpmnlint/single-event-definition': '事件只能有一个事件定义',
  'bpmnlint/start-event-required': '流程缺少开始事件',
  'bpmnlint/sub-process-blank-start-event': '子流程的开始事件必须是空开始事件',
  'bpmnlint/superfluous-gateway': '多余的网关（只有一条入线和一条出线）',
  'bpmnlint/superfluous-label': '多余的名称',
  'bpmnlint/superfluous-termination': '多余的终止结束事件，请用普通结束事件',
  'bpmnlint-plugin-camunda-compat/history-time-to-live': '提示：流程应设置历史保留期（historyTimeToLive）',
};

/** The Chinese message for a problem reported by `rule` (package-qualified, e.g. `bpmnlint/label-required`). */
export function translateMessage(rule: string, message: string): string {
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  const chinese = RULE_MESSAGES[rule];
  return chinese ?? `${message}（${rule}）`;
}
