import { createHash } from 'node:crypto';
import type { ExternalTask } from 'camunda-external-task-client-js';
import { EventEntity } from '../../src/db/entities/index.js';
import { defaultCatalogue, defaultOrgChart } from '../../src/events/reference-data.js';
import { findUnit, type OrgChart } from '../../src/identity/org-chart.js';
import { enqueueNotices, type NewNotice } from '../../src/notifications/outbox.js';
import { CENTRE_UNIT_ID, parseRecipientSpec, resolveRecipients, splitUnitList, type Recipient } from '../../src/notifications/recipients.js';
import { loadNoticeTemplates, type NoticeContext, type NoticeTemplates } from '../../src/notifications/templates.js';
import { NOTICE_TYPE_NAMES } from '../../src/notifications/types.js';
import type { TopicDefinition, WorkerDeps } from '../topic.js';

/**
 * Renders a notice for every recipient named by `noticeRecipient` (see src/notifications/recipients.ts)
 * and writes it to the outbox; src/notifications/delivery.ts sends it.
 *
 * A notice is never produced twice for the same cause. The cause key is
 * `<template>:<eventNumber>:<handlingRound>:<recipient>:<hash of processInstanceId + activityId>`:
 * the same service task redelivered (lock expired, worker restarted, retry after a failure) gives
 * the same keys and the insert is ignored, while the same step in a later handling round gives new
 * ones. The external task id is deliberately not part of it.
 *
 * Reporter contact comes from the event table (looked up by event number), never from engine
 * variables; no phone → the notice is recorded as `skipped`.
 */
const VARIABLES = [
  'eventNumber',
  'title',
  'category',
  'categoryName',
  'address',
  'leadUnit',
  'cooperatingUnits',
  'dueAt',
  'handlingRound',
  'returnReason',
  'rejectReason',
  'mergeInto',
  'noticeTemplate',
  'noticeRecipient',
  'noticeUnit',
];

export interface EventNotifyDeps {
  templates: NoticeTemplates;
  orgChart: OrgChart;
  /** Category code → Chinese name, for processes that pass only `category`. */
  categoryNames: Map<string, string>;
  now?: () => Date;
}

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

function date(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function noticeCauseKey(template: string, eventNumber: string, round: number, recipientId: string, task: Pick<ExternalTask, 'processInstanceId' | 'activityId'>): string {
  const cause = createHash('sha256').update(`${task.processInstanceId}/${task.activityId}`).digest('hex').slice(0, 16);
  return `${template}:${eventNumber}:${round}:${recipientId}:${cause}`;
}

export function createEventNotifyTopic(deps: EventNotifyDeps): TopicDefinition {
  const { templates, orgChart, categoryNames } = deps;
  const now = deps.now ?? (() => new Date());
  const unitName = (id: string | null) => (id ? (findUnit(orgChart, id)?.name ?? id) : null);
  const centreName = findUnit(orgChart, CENTRE_UNIT_ID)?.name ?? '社会治理联动指挥中心';

  return {
    topic: 'event-notify',
    label: '发送通知',
    description: '按模板为每个接收人生成通知写入发件箱（邮件或短信网关），同一原因只发一次',
    variables: VARIABLES,
    inputs: [
      { name: 'noticeTemplate', label: '通知模板', description: NOTICE_TYPE_NAMES.join(', ') },
      {
        name: 'noticeRecipient',
        label: '接收人',
        description: 'reporter, lead-unit, cooperating-units, centre, notice-unit, unit:<单位id>, liaison:<单位id>，可用逗号分隔多个',
      },
    ],
    async handle(task: ExternalTask, { db, logger }: WorkerDeps) {
      const template = str(task, 'noticeTemplate');
      if (!template) throw new Error('the service task sets no noticeTemplate input');
      if (!templates.has(template)) throw new Error(`unknown noticeTemplate ${template}; known: ${templates.types.join(', ')}`);
      const tokens = parseRecipientSpec(str(task, 'noticeRecipient') ?? '');
      const eventNumber = str(task, 'eventNumber') ?? task.businessKey;
      if (!eventNumber) throw new Error('neither an eventNumber variable nor a business key names the event');
      const round = int(task, 'handlingRound');

      // The event row fills in what the process does not carry, and holds the reporter's phone.
      const event = await db.getRepository(EventEntity).findOneBy({ number: eventNumber });
      const leadUnit = str(task, 'leadUnit') ?? event?.leadUnit ?? null;
      const cooperatingUnits = splitUnitList(str(task, 'cooperatingUnits') ?? event?.cooperatingUnits);
      const noticeUnit = str(task, 'noticeUnit');
      const recipients = resolveRecipients(tokens, { leadUnit, cooperatingUnits, noticeUnit, reporterPhone: event?.reporterPhone ?? null }, orgChart);

      const category = str(task, 'category') ?? event?.category ?? null;
      const base: Omit<NoticeContext, 'recipient' | 'isLead' | 'isCooperating' | 'isCentre' | 'isLiaison' | 'isReporter'> = {
        district: orgChart.district,
        centreName,
        eventNumber,
        title: str(task, 'title') ?? event?.title ?? '（无标题）',
        category,
        categoryName: str(task, 'categoryName') ?? (category ? (categoryNames.get(category) ?? category) : '未分类'),
        address: str(task, 'address') ?? event?.address ?? '未填写',
        leadUnit,
        leadUnitName: unitName(leadUnit),
        cooperatingUnitNames: cooperatingUnits.map((id) => unitName(id)).join('、'),
        dueAt: date(str(task, 'dueAt')) ?? event?.dueAt ?? null,
        handlingRound: round ?? event?.handlingRound ?? 0,
        returnReason: str(task, 'returnReason'),
        rejectReason: str(task, 'rejectReason'),
        mergeInto: str(task, 'mergeInto') ?? event?.mergedInto ?? null,
        unitName: unitName(noticeUnit ?? leadUnit),
        now: now(),
      };

      const notices = recipients.map((r: Recipient): NewNotice => {
        const role = r.view.role;
        const rendered = templates.render(template, {
          ...base,
          recipient: r.view,
          isLead: role === 'lead',
          isCooperating: role === 'cooperating',
          isCentre: role === 'centre',
          isLiaison: role === 'liaison',
          isReporter: role === 'reporter',
        });
        return {
          causeKey: noticeCauseKey(template, eventNumber, round ?? 0, r.id, task),
          template,
          channel: r.channel,
          recipient: r.id,
          eventNumber,
          payload: { to: r.address, toName: r.view.name, ...rendered },
        };
      });
      await enqueueNotices(db, notices);
      // Recipient ids only: never an address or a phone number in the log.
      logger.info('notices queued', { eventNumber, template, recipients: notices.map((n) => `${n.recipient}/${n.channel}`) });
    },
  };
}

function loadCategoryNames(): Map<string, string> {
  return new Map(defaultCatalogue().categories.map((c) => [c.code, c.name]));
}

// Loaded when the worker starts: a missing template or a broken org chart stops start-up.
export const eventNotify: TopicDefinition = createEventNotifyTopic({
  templates: loadNoticeTemplates(),
  orgChart: defaultOrgChart(),
  categoryNames: loadCategoryNames(),
});
