import type { ModdleElement, Reporter, Rule } from '../types.js';
import { is, label } from './util.js';

/**
 * Every executable process sets `camunda:historyTimeToLive` (the engine enforces it at deploy;
 * history cleanup needs it) to a value the engine accepts: a number of days or an ISO duration in
 * days such as `P1825D`. (bpmnlint-plugin-camunda-compat's rule only hints at a missing value.)
 */
export default function historyTimeToLive(): Rule {
  function check(node: ModdleElement, reporter: Reporter) {
    if (!is(node, 'bpmn:Process') || node.get('isExecutable') !== true) return;
    const raw = node.get('camunda:historyTimeToLive');
    const value = raw === undefined || raw === null ? '' : String(raw).trim();
    if (value === '') {
      reporter.report(node.id ?? '', `流程 ${label(node)} 没有设置历史保留期（historyTimeToLive），例如 P1825D`);
    } else if (!/^\d+$/.test(value) && !/^P\d+D$/.test(value)) {
      reporter.report(node.id ?? '', `流程 ${label(node)} 的历史保留期 "${value}" 无效：请填天数或 P<天数>D，例如 P1825D`);
    }
  }
  return { check, meta: { documentation: { description: '每个可执行流程都设置历史保留期' } } };
}
