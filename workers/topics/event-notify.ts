import type { ExternalTask } from 'camunda-external-task-client-js';
import { queueEventNotices } from '../../src/handling/notices.js';
import { defineTopic, type TopicDefinition, type WorkerDeps } from '../topic.js';

export { noticeCauseKey } from '../../src/handling/notices.js';

/**
 * Sends the event process's notices: reads the step's variables and queues one notice per
 * recipient (`queueEventNotices` in src/handling/notices.ts: rendering, cause keys, outbox).
 * Templates, org chart and category names come from the context built at start.
 */
function str(task: ExternalTask, name: string): string | null {
  const v = task.variables.get(name);
  if (v === undefined || v === null) return null;
  const s = (v instanceof Date ? v.toISOString() : String(v)).trim();
  return s === '' ? null : s;
}

function int(task: ExternalTask, name: string): number | null {
  const s = str(task, name);
  if (s === null) return null;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new Error(`process variable ${name} is not a round number: ${s}`);
  return n;
}

function date(value: string | null): Date | null {
  if (value === null) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const eventNotify: TopicDefinition = defineTopic('event-notify', async (task: ExternalTask, { db, logger, context }: WorkerDeps) => {
  const template = str(task, 'noticeTemplate');
  if (!template) throw new Error('the service task sets no noticeTemplate input');
  const eventNumber = str(task, 'eventNumber') ?? task.businessKey;
  if (!eventNumber) throw new Error('neither an eventNumber variable nor a business key names the event');
  const notices = await queueEventNotices(
    db,
    { templates: context.noticeTemplates, orgChart: context.orgChart, categoryName: context.categoryName },
    {
      template,
      recipientSpec: str(task, 'noticeRecipient') ?? '',
      eventNumber,
      step: { processInstanceId: task.processInstanceId, activityId: task.activityId },
      handlingRound: int(task, 'handlingRound'),
      title: str(task, 'title'),
      category: str(task, 'category'),
      categoryName: str(task, 'categoryName'),
      address: str(task, 'address'),
      leadUnit: str(task, 'leadUnit'),
      cooperatingUnits: str(task, 'cooperatingUnits'),
      dueAt: date(str(task, 'dueAt')),
      returnReason: str(task, 'returnReason'),
      rejectReason: str(task, 'rejectReason'),
      mergeInto: str(task, 'mergeInto'),
      noticeUnit: str(task, 'noticeUnit'),
    },
    new Date(),
  );
  // Recipient ids only: never an address or a phone number in the log.
  logger.info('notices queued', { eventNumber, template, recipients: notices.map((n) => `${n.recipient}/${n.channel}`) });
});
