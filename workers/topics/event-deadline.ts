import { toIsoWithOffset } from '../../src/calendar/index.js';
import { loadWorkingCalendar } from '../../src/calendar/calendar-store.js';
import type { TopicDefinition } from '../topic.js';
import { optionalNumber, optionalString, requiredString } from '../task-variables.js';

/**
 * Computes a working-day deadline (S2-5.1: accept within 1 working day, report up within 1, …)
 * and hands it to the process as an ISO date-time with offset, ready for a BPMN timer.
 */
export const eventDeadline: TopicDefinition = {
  topic: 'event-deadline',
  label: '计算办理期限',
  description: '按工作日历（含法定节假日与调休）计算期限，写入流程变量供定时器使用',
  variables: ['deadlineWorkingDays', 'deadlineVariable', 'deadlineFrom'],
  inputs: [
    { name: 'deadlineWorkingDays', label: '工作日数', description: '例如 1（受理）、5（处置）' },
    { name: 'deadlineVariable', label: '结果变量名', description: '例如 acceptDueAt' },
    { name: 'deadlineFrom', label: '起算时间（可选）', description: 'ISO 时间；缺省为当前时间' },
  ],
  async handle(task, { db }) {
    const days = optionalNumber(task, 'deadlineWorkingDays') ?? 1;
    const variable = requiredString(task, 'deadlineVariable');
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(variable)) throw new Error(`deadlineVariable "${variable}" is not a valid variable name`);
    const from = optionalString(task, 'deadlineFrom');
    const calendar = await loadWorkingCalendar(db);
    return { [variable]: toIsoWithOffset(calendar.addWorkingDays(from ?? new Date(), days)) };
  },
};
