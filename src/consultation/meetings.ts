import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { recordAccountability } from '../accountability/records.js';
import type { WorkingCalendar } from '../calendar/index.js';
import { parseInstant } from '../calendar/civil-date.js';
import type { Catalogue } from '../catalogue/categories.js';
import {
  AccountabilityRecordEntity,
  ConsultationItemEntity,
  ConsultationMeetingEntity,
  ConsultationTrackingEntity,
  type ConsultationItem,
  type ConsultationMeeting,
  type ConsultationTracking,
} from '../db/entities/index.js';
import { conflict, DomainError } from '../errors.js';
import type { EngineClient } from '../engine/engine-client.js';
import { EngineError } from '../engine/engine-client.js';
import { variables } from '../engine/variables.js';
import { toShanghaiDate } from '../calendar/index.js';
import { cycleDates, monthOf, nextMonth, reportDueAt } from './dates.js';
import { itemById, parseList, PRINCIPLE_NAMES, unitsOf } from './items.js';
import { CONVENERS, GOVERNMENT_OFFICE } from './org.js';
import { deployRoutingDecision } from './routing.js';
import { notifyConsultationLiaisons } from './notices.js';
import { chineseDateTime } from '../formatting/chinese-dates.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';

/**
 * The monthly cycle (S3-1, S3-2, S3-3.2, S3-3.3, S3-4) as plain functions the workers call.
 */
export const CONSULTATION_DECIDED_MESSAGE = 'consultation-decided';
export const CONSULTATION_CONVENE_MESSAGE = 'consultation-convene';
export const MEETING_TIME = '09:30:00';
/** Units involved submit their written material by the end of the working day before the meeting. */
export const MATERIAL_NOTICE_WORKING_DAYS = 1;

export const AGENDA_PARTS = [
  '通报上次会商研判议定事件落实情况',
  '现场督办未落实到位的上次会商研判议定事件',
  '会商研判近期网格化管理职责不清问题',
  '现场交办本次会商研判议定事件',
  '议定需提交区领导决策事件',
  '传达区委、区政府有关要求',
] as const;

export const MINUTES_STEPS = [
  '区社管办通报近期区委、区政府工作要求及上次会议议定事件落实情况',
  '上次会议议定事件落实不到位的单位说明情况，提出整改落实措施',
  '3家召集单位与会领导对落实不到位的单位提出要求',
  '区社管办按先后顺序提出本次会议需要议定事件',
  '议定事件涉及单位对事件情况作简要说明',
  '休会期间3家召集单位会商研判，确定责任主体、责任单位、配合单位',
  '区社管办通报会议议定事项，并对事件涉及单位提出落实要求',
] as const;

export async function meetingById(db: DataSource, id: number): Promise<ConsultationMeeting> {
  const m = await db.getRepository(ConsultationMeetingEntity).findOneBy({ id });
  if (!m) throw new DomainError('CONSULTATION_MEETING_NOT_FOUND', 404, '没有找到这次会商研判会议');
  return m;
}

const json = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

/**
 * Opens the cycle: the monthly meeting of the month of `now` (the 18th / 21st dates on the working
 * calendar), or an ad hoc meeting proposed by 区府办 (collection closes at once). Idempotent on the
 * process instance (a redelivered task finds its meeting).
 */
export async function scheduleCycle(
  db: DataSource,
  calendar: WorkingCalendar,
  input: { kind: 'monthly' | 'ad-hoc'; processInstanceId: string; month?: string },
  now: Date,
): Promise<ConsultationMeeting> {
  const repo = db.getRepository(ConsultationMeetingEntity);
  const mine = await repo.findOneBy({ processInstanceId: input.processInstanceId });
  if (mine) return mine;
  const month = input.month ?? monthOf(now);
  const dates = cycleDates(month, calendar);
  let ref = month;
  if (input.kind === 'ad-hoc') {
    const count = await repo.countBy({ month, kind: 'ad-hoc' });
    ref = `${month}-L${count + 1}`;
  } else if (await repo.findOneBy({ ref })) {
    throw conflict('CONSULTATION_MEETING_EXISTS', `${month} 的会商研判例会已经安排`);
  }
  await repo.insert({
    ref,
    month,
    kind: input.kind,
    status: 'collecting',
    collectionCloseAt: input.kind === 'ad-hoc' ? now : dates.collectionCloseAt,
    agendaDueAt: input.kind === 'ad-hoc' ? calendar.addWorkingDays(now, 1) : dates.agendaDueAt,
    processInstanceId: input.processInstanceId,
    createdAt: now,
  });
  return repo.findOneByOrFail({ ref });
}

/** The 21st passed without an agenda: recorded on the meeting (the task stays with 社管办). */
export async function markAgendaOverdue(db: DataSource, meetingId: number, now: Date): Promise<void> {
  const m = await meetingById(db, meetingId);
  if (!m.agendaOverdueAt) await db.getRepository(ConsultationMeetingEntity).update({ id: meetingId }, { agendaOverdueAt: now });
}

/** Rows of the tracking ledger still open (not implemented or unreported), from meetings before this one. */
export async function openTracking(db: DataSource, beforeMeetingId?: number): Promise<ConsultationTracking[]> {
  const rows = await db.getRepository(ConsultationTrackingEntity).find({ where: { status: In(['pending', 'not-implemented', 'missing-report']) }, order: { id: 'ASC' } });
  return beforeMeetingId ? rows.filter((r) => r.meetingId !== beforeMeetingId) : rows;
}

export interface Agenda {
  parts: Array<{ no: number; title: string; entries: Array<Record<string, unknown>> }>;
}

/**
 * S3-3.2 (2) and S3-2: 社管办 fixes the agenda (by the 21st). New items: every item still collected
 * for this month or earlier. Part 2 is filled automatically from the tracking ledger: rows not
 * implemented or not reported, with the accountability records written for them.
 */
export async function fixAgenda(
  db: DataSource,
  deps: { calendar: WorkingCalendar; orgChart: OrgChart },
  input: { meetingId: number; meetingDate?: string | null; place?: string | null; requirements?: string | null },
  now: Date,
): Promise<{ meeting: ConsultationMeeting; involvedUnits: string[]; materialDueAt: Date; itemCount: number }> {
  const meetings = db.getRepository(ConsultationMeetingEntity);
  const items = db.getRepository(ConsultationItemEntity);
  const calendar = deps.calendar;
  const meeting = await meetingById(db, input.meetingId);
  if (!meeting.agenda) {
    await items.update({ status: 'collected', month: LessThanOrEqual(meeting.month) }, { status: 'on-agenda', meetingId: meeting.id });
  }
  const newItems = await items.find({ where: { meetingId: meeting.id, status: In(['on-agenda', 'decided', 'leader', 'assigned']) }, order: { id: 'ASC' } });
  const tracking = await openTracking(db, meeting.id);
  const allRows = await db.getRepository(ConsultationTrackingEntity).find({ order: { id: 'ASC' } });
  const defaulters = tracking.filter((t) => t.status !== 'pending');
  const records = await db.getRepository(AccountabilityRecordEntity).find({ where: { source: 'responsibility-consultation' }, order: { id: 'ASC' } });
  const parts: Agenda['parts'] = [
    { no: 1, title: AGENDA_PARTS[0], entries: allRows.filter((t) => t.meetingId !== meeting.id).map((t) => ({ itemId: t.itemId, unitId: t.unitId, status: t.status, reportedAt: t.reportedAt })) },
    {
      no: 2,
      title: AGENDA_PARTS[1],
      entries: defaulters.map((t) => ({
        itemId: t.itemId,
        unitId: t.unitId,
        status: t.status,
        records: records.filter((r) => r.unitId === t.unitId && r.itemRef === String(t.itemId)).map((r) => ({ kind: r.kind, month: r.month })),
      })),
    },
    { no: 3, title: AGENDA_PARTS[2], entries: newItems.map((i) => ({ itemId: i.id, title: i.title, source: i.source, returns: JSON.parse(i.returns) as unknown[] })) },
    { no: 4, title: AGENDA_PARTS[3], entries: [] },
    { no: 5, title: AGENDA_PARTS[4], entries: [] },
    { no: 6, title: AGENDA_PARTS[5], entries: input.requirements ? [{ text: input.requirements }] : [] },
  ];
  const involved = [...new Set([...newItems.flatMap((i) => unitsOf(i)), ...defaulters.map((t) => t.unitId)])].sort();
  const participants = [GOVERNMENT_OFFICE, ...CONVENERS, ...involved.filter((u) => u !== GOVERNMENT_OFFICE && !(CONVENERS as readonly string[]).includes(u))];
  const meetingDay = input.meetingDate ?? toShanghaiDate(calendar.addWorkingDays(meeting.agendaDueAt, 2));
  const meetingAt = parseInstant(`${meetingDay}T${MEETING_TIME}`);
  let materialDay = meetingDay;
  for (let counted = 0; counted < MATERIAL_NOTICE_WORKING_DAYS; ) {
    const d = new Date(`${materialDay}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    materialDay = d.toISOString().slice(0, 10);
    if (calendar.isWorkingDay(materialDay)) counted += 1;
  }
  const materialDueAt = new Date(Math.max(parseInstant(`${materialDay}T17:30:00`).getTime(), now.getTime()));
  await meetings.update(
    { id: meeting.id },
    { status: 'agenda', agenda: JSON.stringify({ parts }), participants: JSON.stringify(participants), meetingAt, place: input.place ?? meeting.place, agendaFixedAt: meeting.agendaFixedAt ?? now },
  );
  // Participants are notified through their liaisons (S3-1.3, S3-3.2(2)).
  await notifyConsultationLiaisons(db, deps.orgChart, 'consultation-meeting', meeting.ref, participants.map((unitId) => ({ unitId })), {
    meetingRef: meeting.ref,
    meetingTime: chineseDateTime(meetingAt),
    place: input.place ?? meeting.place ?? '另行通知的地点',
    materialDue: chineseDateTime(materialDueAt),
  });
  return { meeting: await meetingById(db, meeting.id), involvedUnits: involved, materialDueAt, itemCount: newItems.length };
}

/** A unit did not submit its written material before the meeting (S3-1.3 → S3-4). */
export async function recordMissingMaterial(db: DataSource, meetingId: number, unitId: string, now: Date): Promise<void> {
  const m = await meetingById(db, meetingId);
  await recordAccountability(db, { source: 'responsibility-consultation', unitId, month: m.month, itemRef: `meeting-${m.ref}`, kind: 'missing-material', note: `会商研判会议 ${m.ref} 前未提交书面材料` }, now);
}

export interface CloseDeps {
  engine: EngineClient;
  catalogue: Catalogue;
  orgChart: OrgChart;
  calendar: WorkingCalendar;
}

/**
 * The decision is carried out (S3-3.3 and the loop into routing): a new routing version when the
 * item names a category, a tracking-ledger row per implementing unit, and the waiting event
 * dispatched to the decided units (message `consultation-decided` to its process). Each step is
 * idempotent, so a redelivered task completes what is missing and repeats nothing.
 */
export async function applyDecision(db: DataSource, deps: CloseDeps, item: ConsultationItem, meeting: ConsultationMeeting, now: Date): Promise<void> {
  if (item.status !== 'decided' && item.status !== 'assigned') return;
  if (!item.leadUnit) throw new Error(`item ${item.id} decided without a lead unit`);
  if (item.category) await deployRoutingDecision(db, deps.engine, deps, item, meeting.ref);
  const tracking = db.getRepository(ConsultationTrackingEntity);
  const units = [{ unitId: item.leadUnit, role: 'lead' as const }, ...parseList(item.cooperatingUnits).map((u) => ({ unitId: u, role: 'cooperating' as const }))];
  await tracking
    .createQueryBuilder()
    .insert()
    .values(units.map((u) => ({ itemId: item.id, meetingId: meeting.id, unitId: u.unitId, role: u.role, assignedAt: now, status: 'pending' as const })))
    .orIgnore()
    .updateEntity(false)
    .execute();
  await notifyConsultationLiaisons(
    db,
    deps.orgChart,
    'consultation-assigned',
    `item-${item.id}`,
    units.map((u) => ({ unitId: u.unitId, context: { role: u.role === 'lead' ? '本单位为责任单位' : '本单位为配合单位' } })),
    { meetingRef: meeting.ref, itemId: item.id, title: item.title, leadUnitName: unitName(deps.orgChart, item.leadUnit), principle: PRINCIPLE_NAMES[item.principle ?? 'designated'] },
  );
  const fresh = await itemById(db, item.id);
  if (fresh.eventProcessInstanceId && !fresh.dispatchedAt) {
    try {
      await deps.engine.messages.correlate(CONSULTATION_DECIDED_MESSAGE, {
        processInstanceId: fresh.eventProcessInstanceId,
        processVariables: variables({
          assignedLeadUnit: fresh.leadUnit!,
          assignedCooperatingUnits: fresh.cooperatingUnits ?? '',
          consultationItemId: fresh.id,
          consultationPrinciple: fresh.principle!,
        }),
      });
    } catch (err) {
      // 400: the event is not waiting (any more). Delivered before if its process went on.
      if (!(err instanceof EngineError && err.httpStatus === 400)) throw err;
      const waiting = await deps.engine.history.activityInstances({ processInstanceId: fresh.eventProcessInstanceId, activityId: 'Message_ConsultationDecided', finished: true });
      if (waiting.length === 0) throw err;
    }
    await db.getRepository(ConsultationItemEntity).update({ id: item.id }, { dispatchedAt: now });
  }
  await db.getRepository(ConsultationItemEntity).update({ id: item.id, status: 'decided' }, { status: 'assigned', assignedAt: now });
}

export interface MeetingMinutes {
  heldAt?: string | null;
  steps: string[];
  requirements?: string | null;
}

/**
 * After the meeting (S3-3.3): decided items are carried out; items submitted to district leaders
 * wait for the special report; items not decided go to next month's collection. The units with
 * open rows in the tracking ledger owe a written report by the 15th of next month.
 */
export async function closeMeeting(db: DataSource, deps: CloseDeps, meetingId: number, minutes: MeetingMinutes, now: Date) {
  const meeting = await meetingById(db, meetingId);
  const items = db.getRepository(ConsultationItemEntity);
  await items.update({ meetingId, status: 'on-agenda' }, { status: 'collected', month: nextMonth(meeting.month), meetingId: null });
  for (const item of await items.find({ where: { meetingId, status: In(['decided', 'assigned']) }, order: { id: 'ASC' } })) {
    await applyDecision(db, deps, item, meeting, now);
  }
  const leaderItems = await items.countBy({ meetingId, status: 'leader' });
  const due = reportDueAt(meeting.month, deps.calendar);
  if (!meeting.heldAt) {
    await db.getRepository(ConsultationMeetingEntity).update(
      { id: meetingId },
      { status: 'held', heldAt: minutes.heldAt ? parseInstant(minutes.heldAt) : now, minutes: JSON.stringify({ steps: MINUTES_STEPS.map((title, i) => ({ no: i + 1, title, record: minutes.steps[i] ?? '' })), requirements: minutes.requirements ?? null }), reportDueAt: due },
    );
  }
  return { leaderItems, reportDueAt: due };
}

/** The district leader answered (S3-3.1 fourth principle): carries out every item now decided. */
export async function closeLeaderItems(db: DataSource, deps: CloseDeps, meetingId: number, now: Date): Promise<{ stillOpen: number }> {
  const meeting = await meetingById(db, meetingId);
  const items = db.getRepository(ConsultationItemEntity);
  for (const item of await items.find({ where: { meetingId, status: 'decided' }, order: { id: 'ASC' } })) await applyDecision(db, deps, item, meeting, now);
  await db.getRepository(ConsultationMeetingEntity).update({ id: meetingId }, { specialReportApprovedAt: meeting.specialReportApprovedAt ?? now });
  return { stillOpen: await items.countBy({ meetingId, status: 'leader' }) };
}

/** The units that owe the written report of the 15th: every unit with an open row in the tracking ledger. */
export async function reportingUnits(db: DataSource, meetingId: number): Promise<{ units: string[]; dueAt: Date | null; month: string | null }> {
  const meeting = await meetingById(db, meetingId);
  const rows = await openTracking(db);
  const dueAt = meeting.reportDueAt ? new Date(meeting.reportDueAt) : null;
  const month = dueAt ? monthOf(dueAt) : null;
  if (dueAt) await db.getRepository(ConsultationTrackingEntity).update({ id: In(rows.map((r) => r.id).concat([-1])) }, { reportMonth: month, reportDueAt: dueAt });
  return { units: [...new Set(rows.map((r) => r.unitId))].sort(), dueAt, month };
}

/**
 * A unit's written report (S3-3.3): every open row of the unit becomes implemented or not; a row
 * not implemented is recorded against the unit (S3-4), and a report after the due time is late.
 */
export async function recordReport(db: DataSource, input: { meetingId: number; unitId: string; implemented: boolean; text: string }, now: Date): Promise<number> {
  const meeting = await meetingById(db, input.meetingId);
  const rows = (await openTracking(db)).filter((r) => r.unitId === input.unitId);
  const tracking = db.getRepository(ConsultationTrackingEntity);
  const dueAt = meeting.reportDueAt ? new Date(meeting.reportDueAt) : null;
  const month = dueAt ? monthOf(dueAt) : monthOf(now);
  for (const row of rows) {
    await tracking.update({ id: row.id }, { status: input.implemented ? 'implemented' : 'not-implemented', reportedAt: now, reportText: input.text });
    if (!input.implemented) {
      await recordAccountability(db, { source: 'responsibility-consultation', unitId: input.unitId, month, itemRef: String(row.itemId), kind: 'not-implemented', note: `会商研判议定事件（议题 ${row.itemId}）未落实到位：${input.text}`.slice(0, 1000) }, now);
    }
    if (dueAt && now.getTime() > dueAt.getTime()) {
      await recordAccountability(db, { source: 'responsibility-consultation', unitId: input.unitId, month, itemRef: String(row.itemId), kind: 'late-report', note: `落实情况书面报告逾期（应于 ${toShanghaiDate(dueAt)} 前报送）` }, now);
    }
  }
  return rows.length;
}

/** The 15th passed without the unit's report: recorded against the unit for every open item (S3-4). */
export async function recordMissingReport(db: DataSource, input: { meetingId: number; unitId: string }, now: Date): Promise<number> {
  const meeting = await meetingById(db, input.meetingId);
  const dueAt = meeting.reportDueAt ? new Date(meeting.reportDueAt) : now;
  const month = monthOf(dueAt);
  const rows = (await openTracking(db)).filter((r) => r.unitId === input.unitId);
  for (const row of rows) {
    await db.getRepository(ConsultationTrackingEntity).update({ id: row.id }, { status: 'missing-report' });
    await recordAccountability(db, { source: 'responsibility-consultation', unitId: input.unitId, month, itemRef: String(row.itemId), kind: 'missing-report', note: `未在 ${toShanghaiDate(dueAt)} 前报送会商研判议定事件落实情况书面报告` }, now);
  }
  return rows.length;
}

export function agendaOf(meeting: ConsultationMeeting): Agenda | null {
  return json<Agenda | null>(meeting.agenda, null);
}
