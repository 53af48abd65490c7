import { toIsoWithOffset } from '../../src/calendar/index.js';
import { createItemFromEvent } from '../../src/consultation/items.js';
import {
  closeLeaderItems,
  closeMeeting,
  fixAgenda,
  markAgendaOverdue,
  recordMissingMaterial,
  recordMissingReport,
  recordReport,
  reportingUnits,
  scheduleCycle,
  MINUTES_STEPS,
} from '../../src/consultation/meetings.js';
import { afterMeetingDueDates } from '../../src/consultation/dates.js';
import { CONVENERS } from '../../src/consultation/org.js';
import { bool, int, optDate, optText, text } from '../../src/supervision/variables.js';
import { defineTopic, type TopicDefinition, type WorkerDeps } from '../topic.js';

/**
 * The topics of the responsibility consultation (SPEC S3, processes/responsibility-consultation.bpmn):
 * each reads its variables, calls src/consultation, and returns variables. All idempotent.
 */
const closeDeps = async ({ db, engine, context }: WorkerDeps) => ({ engine, catalogue: context.catalogue, orgChart: context.orgChart, calendar: await context.calendar(db) });

export const consultationSchedule: TopicDefinition = defineTopic('consultation-schedule', async (task, { db, context }) => {
  const now = new Date();
  const kind = optText(task.variables, 'meetingKind') === 'ad-hoc' ? 'ad-hoc' : 'monthly';
  const m = await scheduleCycle(db, await context.calendar(db), { kind, processInstanceId: task.processInstanceId, month: optText(task.variables, 'meetingMonth') }, now);
  const close = new Date(m.collectionCloseAt);
  return {
    meetingId: m.id,
    meetingRef: m.ref,
    collectionCloseAt: toIsoWithOffset(close),
    agendaDueAt: toIsoWithOffset(new Date(m.agendaDueAt)),
    waitForCollection: close.getTime() > now.getTime() + 60_000,
  };
});

export const consultationAgendaOverdue: TopicDefinition = defineTopic('consultation-agenda-overdue', async (task, { db }) => {
  await markAgendaOverdue(db, int(task.variables, 'meetingId'), new Date());
  return {};
});

export const consultationAgenda: TopicDefinition = defineTopic('consultation-agenda', async (task, { db, context }) => {
  const v = task.variables;
  const now = new Date();
  const r = await fixAgenda(db, { calendar: await context.calendar(db), orgChart: context.orgChart }, { meetingId: int(v, 'meetingId'), meetingDate: optDate(v, 'meetingDate'), place: optText(v, 'meetingPlace'), requirements: optText(v, 'leadershipRequirements') }, now);
  return {
    involvedUnits: r.involvedUnits.join(','),
    involvedCount: r.involvedUnits.length,
    itemCount: r.itemCount,
    materialDueAt: toIsoWithOffset(r.materialDueAt),
    meetingAt: toIsoWithOffset(new Date(r.meeting.meetingAt!)),
  };
});

export const consultationUnitOverdue: TopicDefinition = defineTopic('consultation-unit-overdue', async (task, { db }) => {
  const v = task.variables;
  const meetingId = int(v, 'meetingId');
  const unitId = text(v, 'unitId');
  if (text(v, 'overdueKind') === 'missing-material') await recordMissingMaterial(db, meetingId, unitId, new Date());
  else await recordMissingReport(db, { meetingId, unitId }, new Date());
  return {};
});

export const consultationMeetingClose: TopicDefinition = defineTopic('consultation-meeting-close', async (task, deps) => {
  const v = task.variables;
  const closing = await closeDeps(deps);
  const now = new Date();
  const r = await closeMeeting(
    deps.db,
    closing,
    int(v, 'meetingId'),
    { heldAt: optDate(v, 'heldAt'), steps: MINUTES_STEPS.map((_, i) => optText(v, `minutesStep${i + 1}`) ?? ''), requirements: optText(v, 'leadershipRequirements') },
    now,
  );
  const after = afterMeetingDueDates(closing.calendar, now);
  return {
    leaderItems: r.leaderItems,
    reportDueAt: toIsoWithOffset(r.reportDueAt),
    conveners: CONVENERS.join(','),
    specialReportDueAt: toIsoWithOffset(after.specialReportDueAt),
    leaderDecisionDueAt: toIsoWithOffset(after.leaderDecisionDueAt),
  };
});

export const consultationLeaderClose: TopicDefinition = defineTopic('consultation-leader-close', async (task, deps) => {
  const r = await closeLeaderItems(deps.db, await closeDeps(deps), int(task.variables, 'meetingId'), new Date());
  return { leaderItems: r.stillOpen };
});

export const consultationFollowUp: TopicDefinition = defineTopic('consultation-follow-up', async (task, { db }) => {
  const r = await reportingUnits(db, int(task.variables, 'meetingId'));
  return { reportingUnits: r.units.join(','), reportingCount: r.units.length, reportDueAt: r.dueAt ? toIsoWithOffset(r.dueAt) : toIsoWithOffset(new Date()) };
});

export const consultationReportRecord: TopicDefinition = defineTopic('consultation-report-record', async (task, { db }) => {
  const v = task.variables;
  await recordReport(db, { meetingId: int(v, 'meetingId'), unitId: text(v, 'unitId'), implemented: bool(v, 'reportImplemented'), text: optText(v, 'reportText') ?? '' }, new Date());
  return {};
});

export const consultationItemFromEvent: TopicDefinition = defineTopic('consultation-item-from-event', async (task, { db, context }) => {
  const item = await createItemFromEvent(db, { calendar: await context.calendar(db), categoryName: context.categoryName }, { eventNumber: text(task.variables, 'eventNumber'), processInstanceId: task.processInstanceId }, new Date());
  // An event whose item was already decided (the decided unit returned it again) is not held a
  // second time: the decision stands and the centre re-dispatches it.
  return { consultationItemId: item.id, consultationMonth: item.month, consultationWaiting: item.status !== 'assigned' };
});
