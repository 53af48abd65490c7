import { toIsoWithOffset } from '../../src/calendar/index.js';
import { emergencyAcceptDue } from '../../src/street/emergency.js';
import { defineTopic, type TopicDefinition } from '../topic.js';
import { optionalNumber, optionalString, requiredString } from '../task-variables.js';

/**
 * Computes a working-day deadline (S2-5.1: accept within 1 working day, report up within 1, …)
 * and hands it to the process as an ISO date-time with offset, ready for a BPMN timer.
 */
export const eventDeadline: TopicDefinition = defineTopic('event-deadline', async (task, { db, context }) => {
  const days = optionalNumber(task, 'deadlineWorkingDays') ?? 1;
  const variable = requiredString(task, 'deadlineVariable');
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(variable)) throw new Error(`deadlineVariable "${variable}" is not a valid variable name`);
  const from = optionalString(task, 'deadlineFrom');
  // An urgent event (S4-4.1) is due for acceptance within minutes, not a working day.
  if (variable === 'acceptDueAt' && task.variables.get('urgent') === true) return { [variable]: emergencyAcceptDue(context.streetLinkage, from ? new Date(from) : new Date()) };
  const calendar = await context.calendar(db);
  return { [variable]: toIsoWithOffset(calendar.addWorkingDays(from ?? new Date(), days)) };
});
