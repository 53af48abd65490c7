import type { ExternalTask } from 'camunda-external-task-client-js';
import { NoticeEntity } from '../../src/db/entities/index.js';
import type { TopicDefinition, WorkerDeps } from '../topic.js';

/**
 * Writes a notice into the outbox. The cause key (template + process instance + activity)
 * makes a redelivered task a no-op: a notice is never produced twice for the same cause.
 */
export const eventNotify: TopicDefinition = {
  topic: 'event-notify',
  label: '发送通知',
  description: '按模板生成一条通知写入发件箱，同一原因只发一次',
  variables: ['eventNumber', 'title', 'noticeTemplate', 'noticeRecipient'],
  inputs: [
    { name: 'noticeTemplate', label: '通知模板', description: '例如 event-accepted' },
    { name: 'noticeRecipient', label: '接收单位或地址' },
  ],
  async handle(task: ExternalTask, { db }: WorkerDeps) {
    const v = task.variables;
    const template = String(v.get('noticeTemplate') ?? '');
    if (!template) throw new Error('the service task sets no noticeTemplate input');
    const eventNumber = (v.get('eventNumber') as string | undefined) ?? task.businessKey ?? null;
    const causeKey = `${template}:${task.processInstanceId}:${task.activityId}`;
    await db
      .createQueryBuilder()
      .insert()
      .into(NoticeEntity)
      .values({
        causeKey,
        template,
        channel: 'none',
        recipient: String(v.get('noticeRecipient') ?? ''),
        eventNumber,
        payload: JSON.stringify({ eventNumber, title: v.get('title') ?? null }),
        status: 'pending',
        attempts: 0,
      })
      .orIgnore()
      .execute();
    return { lastNoticeCause: causeKey };
  },
};
