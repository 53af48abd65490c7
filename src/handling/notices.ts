import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { unitName as nameOf, type OrgChart } from '../identity/org-chart.js';
import { enqueueNotices, type NewNotice } from '../notifications/outbox.js';
import { CENTRE_UNIT_ID, parseRecipientSpec, resolveRecipients, splitUnitList, type Recipient } from '../notifications/recipients.js';
import type { NoticeContext, NoticeTemplates } from '../notifications/templates.js';
import { findEvent } from './transitions.js';

/**
 * The event process's notices: one per recipient named by `noticeRecipient` (see
 * src/notifications/recipients.ts), rendered and written to the outbox; src/notifications/delivery.ts
 * sends them.
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
export function noticeCauseKey(template: string, eventNumber: string, round: number, recipientId: string, step: { processInstanceId: string; activityId: string }): string {
  const cause = createHash('sha256').update(`${step.processInstanceId}/${step.activityId}`).digest('hex').slice(0, 16);
  return `${template}:${eventNumber}:${round}:${recipientId}:${cause}`;
}

export interface EventNoticeDeps {
  templates: NoticeTemplates;
  orgChart: OrgChart;
  /** Category code → Chinese name, for processes that pass only `category`. */
  categoryName(code: string): string;
}

/** What the process step says; anything missing is filled in from the event row. */
export interface EventNoticeRequest {
  template: string;
  recipientSpec: string;
  eventNumber: string;
  /** The process step that sends the notice (its cause). */
  step: { processInstanceId: string; activityId: string };
  handlingRound: number | null;
  title?: string | null;
  category?: string | null;
  categoryName?: string | null;
  address?: string | null;
  leadUnit?: string | null;
  cooperatingUnits?: string | null;
  dueAt?: Date | null;
  returnReason?: string | null;
  rejectReason?: string | null;
  mergeInto?: string | null;
  noticeUnit?: string | null;
}

/** Queues the notices of one process step; returns them (recipient ids and channels are safe to log, addresses are not). */
export async function queueEventNotices(db: DataSource, deps: EventNoticeDeps, request: EventNoticeRequest, now: Date): Promise<NewNotice[]> {
  const { templates, orgChart } = deps;
  const { template, eventNumber } = request;
  if (!templates.has(template)) throw new Error(`unknown noticeTemplate ${template}; known: ${templates.types.join(', ')}`);
  const tokens = parseRecipientSpec(request.recipientSpec);
  const nameOrNull = (id: string | null) => (id ? nameOf(orgChart, id) : null);
  const centreName = nameOf(orgChart, CENTRE_UNIT_ID);

  // The event row fills in what the process does not carry, and holds the reporter's phone.
  const event = await findEvent(db, eventNumber);
  const leadUnit = request.leadUnit ?? event?.leadUnit ?? null;
  const cooperatingUnits = splitUnitList(request.cooperatingUnits ?? event?.cooperatingUnits);
  const noticeUnit = request.noticeUnit ?? null;
  const recipients = resolveRecipients(tokens, { leadUnit, cooperatingUnits, noticeUnit, reporterPhone: event?.reporterPhone ?? null }, orgChart);

  const category = request.category ?? event?.category ?? null;
  const round = request.handlingRound;
  const base: Omit<NoticeContext, 'recipient' | 'isLead' | 'isCooperating' | 'isCentre' | 'isLiaison' | 'isReporter'> = {
    district: orgChart.district,
    centreName,
    eventNumber,
    title: request.title ?? event?.title ?? '（无标题）',
    category,
    categoryName: request.categoryName ?? (category ? deps.categoryName(category) : '未分类'),
    address: request.address ?? event?.address ?? '未填写',
    leadUnit,
    leadUnitName: nameOrNull(leadUnit),
    cooperatingUnitNames: cooperatingUnits.map((id) => nameOf(orgChart, id)).join('、'),
    dueAt: request.dueAt ?? event?.dueAt ?? null,
    handlingRound: round ?? event?.handlingRound ?? 0,
    returnReason: request.returnReason ?? null,
    rejectReason: request.rejectReason ?? null,
    mergeInto: request.mergeInto ?? event?.mergedInto ?? null,
    unitName: nameOrNull(noticeUnit ?? leadUnit),
    now,
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
      causeKey: noticeCauseKey(template, eventNumber, round ?? 0, r.id, request.step),
      template,
      channel: r.channel,
      recipient: r.id,
      eventNumber,
      payload: { to: r.address, toName: r.view.name, ...rendered },
    };
  });
  await enqueueNotices(db, notices);
  return notices;
}
