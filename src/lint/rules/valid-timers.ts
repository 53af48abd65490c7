import cron from 'bpmnlint-plugin-camunda-compat/rules/utils/cron.js';
import iso8601 from 'bpmnlint-plugin-camunda-compat/rules/utils/iso8601.js';
import type { ModdleElement, Reporter, Rule } from '../types.js';
import { is, isExpression, label, nearestId } from './util.js';

/**
 * Timer definitions the engine can schedule: exactly one of date, duration and cycle, each an
 * ISO 8601 value (or a cron expression for cycles), or an expression such as `${dueAt}` (the
 * project hands computed due dates to timers as ISO date-times).
 */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const CYCLE_WITH_END = /^R(-1|\d+)?\/P[^/]+\/\d{4}-\d{2}-\d{2}T[^/]+$/;

export function validTimerValue(kind: 'timeDate' | 'timeDuration' | 'timeCycle', value: string): boolean {
  const v = value.trim();
  if (isExpression(v)) return true;
  if (kind === 'timeDate') return (iso8601.validateDate(v) || LOCAL_DATE_TIME.test(v)) && realDate(v);
  if (kind === 'timeDuration') return iso8601.validateDuration(v);
  return iso8601.validateCycle(v) || CYCLE_WITH_END.test(v) || cron.validateCronExpression(v) || validQuartzWithYear(v);
}

/** 2026-02-30 matches the pattern but is no day of the calendar. */
function realDate(v: string): boolean {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Quartz (the engine's cron) allows a seventh field, the year. */
function validQuartzWithYear(v: string): boolean {
  const fields = v.split(/\s+/);
  return fields.length === 7 && /^(\*|\d{4}(-\d{4})?(,\d{4})*)$/.test(fields[6]) && cron.validateCronExpression(fields.slice(0, 6).join(' '));
}

const KIND_NAMES = { timeDate: '日期', timeDuration: '持续时间', timeCycle: '循环' } as const;

export default function validTimers(): Rule {
  function check(node: ModdleElement, reporter: Reporter) {
    if (!is(node, 'bpmn:TimerEventDefinition')) return;
    // Report on the event (the shape), not on its definition.
    const id = nearestId(node.$parent) ?? nearestId(node) ?? '';
    const defined = (['timeDate', 'timeDuration', 'timeCycle'] as const)
      .map((kind) => ({ kind, expr: node.get(kind) as ModdleElement | undefined }))
      .filter((d) => d.expr);
    if (defined.length !== 1) {
      reporter.report(id, `${label(node)}：定时器必须且只能设置日期、持续时间或循环中的一种`);
      return;
    }
    const { kind, expr } = defined[0];
    const body = expr?.get('body');
    if (typeof body !== 'string' || body.trim() === '') {
      reporter.report(id, `${label(node)}：定时器的${KIND_NAMES[kind]}为空`);
    } else if (!validTimerValue(kind, body)) {
      const hint = kind === 'timeDate' ? '如 2026-12-01T09:00:00+08:00 或 ${dueAt}' : kind === 'timeDuration' ? '如 P3D、PT4H' : '如 R3/PT1H 或 0 0 9 * * ?';
      reporter.report(id, `${label(node)}：定时器的${KIND_NAMES[kind]} "${body}" 无效（${hint}）`);
    }
  }
  return { check, meta: { documentation: { description: '定时器定义有效' } } };
}
