/**
 * Every notice type the processes may name in `noticeTemplate`, each with its own template
 * `templates/<type>.hbs`, and who it is written for (documentation; the BPMN names the recipients).
 */
export const NOTICE_TYPES = {
  'event-accepted': 'reporter: the event was accepted',
  'event-rejected': 'reporter: the event was not accepted, with the reason (rejectReason)',
  'event-merged': 'reporter: merged into another event (mergeInto)',
  'event-dispatched': 'lead unit and cooperating units: a new task and its due date',
  'event-dispatched-after-hours': "stationed lead unit's liaison: dispatched outside duty hours or with nobody on duty (S2-1)",
  'event-warning': 'unit: the due date is near',
  'event-overdue': 'unit, its liaison and the centre: the due date has passed (S2-5.1)',
  'event-escalated': 'centre: 15 working days have passed (S2-5.1)',
  'event-returned': 'centre: a unit returned the event, with the reason (returnReason)',
  'event-unclear-responsibility': 'social management office: returned twice, an item for the monthly consultation (S3-3.2)',
  'event-reopened': 'unit: verification failed, a new handling round',
  'event-closed': 'reporter: closed, thanks, satisfaction',
  'event-accept-overdue': 'centre: not accepted within 1 working day (S2-5.1)',
  'event-report-overdue': 'centre: not reported up to the district within 1 working day (S2-5.1)',
  'event-reported-up': 'district unit: the street cannot handle the event (S2-5.1)',
  'event-emergency': 'centre and the street (sub-centre, led by the street leader), with their liaisons: an urgent event, at once (S4-4.1)',
} as const;

export type NoticeType = keyof typeof NOTICE_TYPES;

export const NOTICE_TYPE_NAMES = Object.keys(NOTICE_TYPES) as NoticeType[];

export function isNoticeType(name: string): name is NoticeType {
  return Object.hasOwn(NOTICE_TYPES, name);
}
