import { In, type DataSource } from 'typeorm';
import {
  ConsultationItemEntity,
  ConsultationTrackingEntity,
  EventEntity,
  LedgerEntryEntity,
  type ConsultationItem,
  type ConsultationItemStatus,
  type ConsultationPrinciple,
  type ConsultationReturn,
  type ConsultationSource,
} from '../db/entities/index.js';
import { conflict, DomainError, invalidField } from '../errors.js';
import { findUnit, unitName, type OrgChart } from '../identity/org-chart.js';
import type { WorkingCalendar } from '../calendar/index.js';
import { cycleDates, monthOf, nextMonth } from './dates.js';
import { DISTRICT_LEADER } from './org.js';

/**
 * Consultation items (S3-3.2 collection; S3-3.1 decision). Plain functions on the app database.
 */
export const SOURCE_NAMES: Record<ConsultationSource, string> = {
  event: '事件二次退回（职责不清）',
  leader: '市、区领导交办',
  platform: '乡镇街道或职能部门无法协调',
  media: '媒体曝光',
  netizen: '网民投诉',
};

export const PRINCIPLE_NAMES: Record<ConsultationPrinciple, string> = {
  statutory: '法定',
  negotiated: '商定',
  designated: '指定',
  leader: '提交区领导研究',
};

export const STATUS_NAMES: Record<ConsultationItemStatus, string> = {
  collected: '收集中',
  'on-agenda': '已列入议题',
  decided: '已议定',
  leader: '已提交区领导研究',
  assigned: '已交办',
};

export const MESSAGES = {
  notFound: '没有找到这个会商研判议题',
  alreadyDecided: '该议题已有议定结果，不能再次议定',
  notOnAgenda: '该议题尚未列入会商研判会议议题，不能议定',
  leaderOnly: '该议题已提交区领导研究，只能由区领导作出决定',
  leaderCannotSubmit: '区领导的决定须为法定、商定或指定之一',
  citationRequired: '法定原则须写明依据的法律法规或文件（条款）',
  leadRequired: '须确定责任主体（责任单位）',
  unknownUnit: (id: string) => `组织架构中没有单位 "${id}"`,
  leadAlsoCooperating: '责任主体不能同时是配合单位',
  negotiatedNeedsCooperating: '商定原则适用于涉及2个以上单位的事件，须写明配合单位',
} as const;

export class ItemNotFoundError extends DomainError {
  constructor() {
    super('CONSULTATION_ITEM_NOT_FOUND', 404, MESSAGES.notFound);
  }
}

export const parseList = (text: string | null | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const json = <T>(text: string | null, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
export const unitsOf = (item: Pick<ConsultationItem, 'unitsInvolved'>): string[] => json<string[]>(item.unitsInvolved, []);
export const returnsOf = (item: Pick<ConsultationItem, 'returns'>): ConsultationReturn[] => json<ConsultationReturn[]>(item.returns, []);

/** The agenda month an item entered now is collected for: this month until collection closes (the 18th), then the next. */
export function collectingMonth(now: Date, calendar: WorkingCalendar): string {
  const month = monthOf(now);
  return now.getTime() <= cycleDates(month, calendar).collectionCloseAt.getTime() ? month : nextMonth(month);
}

export async function itemById(db: DataSource, id: number): Promise<ConsultationItem> {
  const item = await db.getRepository(ConsultationItemEntity).findOneBy({ id });
  if (!item) throw new ItemNotFoundError();
  return item;
}

function checkUnit(chart: OrgChart, field: string, id: string): void {
  if (!findUnit(chart, id)) throw new DomainError('UNKNOWN_UNIT', 422, MESSAGES.unknownUnit(id), { field });
}

export interface HandItemInput {
  source: Exclude<ConsultationSource, 'event'>;
  title: string;
  description: string;
  sourceRef?: string;
  category?: string;
  street?: string;
  unitsInvolved: string[];
  /** Defaults to the month now collecting. */
  month?: string;
}

/** S3-3.2 (1): 社管办 enters an item by hand (a leader's assignment, a platform item, media, netizens). */
export async function createItemByHand(
  db: DataSource,
  deps: { orgChart: OrgChart; calendar: WorkingCalendar; categoryKnown(code: string): boolean },
  by: string,
  input: HandItemInput,
  now: Date,
): Promise<ConsultationItem> {
  input.unitsInvolved.forEach((u, i) => checkUnit(deps.orgChart, `unitsInvolved.${i}`, u));
  if (input.category && !deps.categoryKnown(input.category)) throw invalidField('category', `事件类别 "${input.category}" 不在事部件清单中`);
  const repo = db.getRepository(ConsultationItemEntity);
  const row = await repo.save({
    month: input.month ?? collectingMonth(now, deps.calendar),
    source: input.source,
    title: input.title,
    description: input.description,
    sourceRef: input.sourceRef ?? null,
    category: input.category ?? null,
    street: input.street ?? null,
    unitsInvolved: JSON.stringify([...new Set(input.unitsInvolved)]),
    eventNumber: null,
    eventProcessInstanceId: null,
    returns: '[]',
    status: 'collected',
    createdBy: by,
    createdAt: now,
  });
  return itemById(db, row.id);
}

/** A note on the ledger rows of the units that returned the event: their clock stopped there (S3, 职责不清). */
export const CONSULTATION_HOLD_NOTE = 'S3 职责不清，二次退回后提交会商研判，不再计入退回单位的办理时限';

/**
 * S3-3.2 from the event process: an event returned "not our responsibility" a second time becomes
 * an item holding the event, with every return and its reason from the ledger. The returning units'
 * rows are closed by the round already; they get the hold note, so the assessment sees that their
 * clock stopped at the return. Idempotent on the event number (a redelivered task finds the item).
 */
export async function createItemFromEvent(
  db: DataSource,
  deps: { calendar: WorkingCalendar; categoryName(code: string): string },
  input: { eventNumber: string; processInstanceId: string },
  now: Date,
): Promise<ConsultationItem> {
  const repo = db.getRepository(ConsultationItemEntity);
  const existing = await repo.findOneBy({ eventNumber: input.eventNumber });
  if (existing) return existing;
  const event = await db.getRepository(EventEntity).findOneBy({ number: input.eventNumber });
  if (!event) throw new Error(`event ${input.eventNumber} is not in the app database`);
  const ledger = db.getRepository(LedgerEntryEntity);
  const rows = await ledger.find({ where: { eventNumber: input.eventNumber }, order: { round: 'ASC' } });
  const returned = rows.filter((r) => r.outcome === 'returned' && r.role === 'lead');
  const returns: ConsultationReturn[] = returned.map((r) => ({ round: r.round, unitId: r.unitId, reason: r.note, returnedAt: r.completedAt ? new Date(r.completedAt).toISOString() : null }));
  for (const r of returned) {
    if (r.note?.includes('S3 职责不清')) continue;
    await ledger.update({ id: r.id }, { note: r.note ? `${r.note}；${CONSULTATION_HOLD_NOTE}` : CONSULTATION_HOLD_NOTE });
  }
  const units = [...new Set(rows.map((r) => r.unitId))];
  try {
    await repo.insert({
      month: collectingMonth(now, deps.calendar),
      source: 'event',
      title: `${deps.categoryName(event.category)}：${event.title}`,
      description: event.description,
      sourceRef: input.eventNumber,
      category: event.category,
      street: event.street,
      unitsInvolved: JSON.stringify(units),
      eventNumber: input.eventNumber,
      eventProcessInstanceId: input.processInstanceId,
      returns: JSON.stringify(returns),
      status: 'collected',
      createdBy: 'event-process',
      createdAt: now,
    });
  } catch (err) {
    // A concurrent delivery inserted it first (unique event number).
    const again = await repo.findOneBy({ eventNumber: input.eventNumber });
    if (!again) throw err;
    return again;
  }
  return repo.findOneByOrFail({ eventNumber: input.eventNumber });
}

export interface ItemFilter {
  month?: string;
  status?: ConsultationItemStatus;
  source?: ConsultationSource;
  unit?: string;
}

export async function listItems(db: DataSource, chart: OrgChart, filter: ItemFilter) {
  const where: Record<string, unknown> = {};
  if (filter.month) where.month = filter.month;
  if (filter.status) where.status = filter.status;
  if (filter.source) where.source = filter.source;
  const rows = await db.getRepository(ConsultationItemEntity).find({ where, order: { id: 'ASC' } });
  const filtered = filter.unit
    ? rows.filter((r) => unitsOf(r).includes(filter.unit!) || r.leadUnit === filter.unit || parseList(r.cooperatingUnits).includes(filter.unit!))
    : rows;
  return filtered.map((r) => summary(chart, r));
}

export function summary(chart: OrgChart, r: ConsultationItem) {
  return {
    id: r.id,
    month: r.month,
    source: r.source,
    sourceName: SOURCE_NAMES[r.source],
    title: r.title,
    status: r.status,
    statusName: STATUS_NAMES[r.status],
    category: r.category,
    street: r.street,
    eventNumber: r.eventNumber,
    unitsInvolved: unitsOf(r).map((id) => ({ id, name: unitName(chart, id) })),
    returns: returnsOf(r).map((x) => ({ ...x, unitName: unitName(chart, x.unitId) })),
    meetingId: r.meetingId,
  };
}

/** One item with the events behind it (history, returns, units) and its decision. */
export async function itemDetail(db: DataSource, chart: OrgChart, id: number) {
  const item = await itemById(db, id);
  const events = item.eventNumber ? await db.getRepository(EventEntity).findBy({ number: item.eventNumber }) : [];
  const rounds = item.eventNumber ? await db.getRepository(LedgerEntryEntity).find({ where: { eventNumber: item.eventNumber }, order: { round: 'ASC', id: 'ASC' } }) : [];
  const tracking = await db.getRepository(ConsultationTrackingEntity).find({ where: { itemId: id }, order: { id: 'ASC' } });
  return {
    ...summary(chart, item),
    description: item.description,
    sourceRef: item.sourceRef,
    determination: item.determination,
    legalAdvice: item.legalAdvice,
    events: events.map((e) => ({
      number: e.number,
      title: e.title,
      category: e.category,
      street: e.street,
      address: e.address,
      status: e.status,
      stage: e.stage,
      handlingRound: e.handlingRound,
      returnCount: e.returnCount,
      leadUnit: e.leadUnit,
      receivedAt: e.receivedAt,
      rounds: rounds.map((r) => ({ round: r.round, unitId: r.unitId, unitName: unitName(chart, r.unitId), role: r.role, outcome: r.outcome, dispatchedAt: r.dispatchedAt, completedAt: r.completedAt, note: r.note })),
    })),
    decision: item.principle
      ? {
          principle: item.principle,
          principleName: PRINCIPLE_NAMES[item.principle],
          leadUnit: item.leadUnit,
          leadUnitName: item.leadUnit ? unitName(chart, item.leadUnit) : null,
          cooperatingUnits: parseList(item.cooperatingUnits).map((u) => ({ id: u, name: unitName(chart, u) })),
          citation: item.citation,
          note: item.decisionNote,
          decidedBy: item.decidedBy,
          decidedAt: item.decidedAt,
          leaderSubmittedAt: item.leaderSubmittedAt,
          routingVersion: item.routingVersion,
          dispatchedAt: item.dispatchedAt,
        }
      : null,
    tracking: tracking.map((t) => ({ ...t, unitName: unitName(chart, t.unitId) })),
  };
}

/** 编办's determination (from each unit's statutory functions) or 法制办's advice on a hard case. */
export async function recordOpinion(db: DataSource, id: number, kind: 'determination' | 'legal-advice', text: string): Promise<ConsultationItem> {
  const item = await itemById(db, id);
  if (item.status === 'assigned') throw conflict('CONSULTATION_ITEM_DECIDED', MESSAGES.alreadyDecided);
  await db.getRepository(ConsultationItemEntity).update({ id }, kind === 'determination' ? { determination: text } : { legalAdvice: text });
  return itemById(db, id);
}

export interface DecisionInput {
  principle: ConsultationPrinciple;
  leadUnit?: string;
  cooperatingUnits?: string[];
  citation?: string;
  note?: string;
}

/**
 * S3-3.1: the conveners decide an item on the agenda by one of the four principles; a district
 * leader answers an item submitted to district leaders with one of the first three. Checked:
 * a principle (the schema), a citation for 法定, a lead unit (and units) of the org chart, cooperating
 * units for 商定, and no second decision (409).
 */
export async function decide(db: DataSource, chart: OrgChart, id: number, input: DecisionInput, by: { userId: string; groups: readonly string[] }, now: Date): Promise<ConsultationItem> {
  const item = await itemById(db, id);
  if (item.status === 'decided' || item.status === 'assigned') throw conflict('CONSULTATION_ITEM_DECIDED', MESSAGES.alreadyDecided);
  if (item.status === 'collected') throw conflict('CONSULTATION_ITEM_NOT_ON_AGENDA', MESSAGES.notOnAgenda);
  if (item.status === 'leader') {
    if (!by.groups.includes(DISTRICT_LEADER)) throw new DomainError('FORBIDDEN', 403, MESSAGES.leaderOnly);
    if (input.principle === 'leader') throw invalidField('principle', MESSAGES.leaderCannotSubmit);
  }
  const repo = db.getRepository(ConsultationItemEntity);
  if (input.principle === 'leader') {
    const changed = await repo.update({ id, status: 'on-agenda' }, { status: 'leader', principle: 'leader', decisionNote: input.note ?? null, leaderSubmittedAt: now, decidedBy: by.userId });
    if (!changed.affected) throw conflict('CONSULTATION_ITEM_DECIDED', MESSAGES.alreadyDecided);
    return itemById(db, id);
  }
  if (input.principle === 'statutory' && !input.citation?.trim()) throw invalidField('citation', MESSAGES.citationRequired);
  if (!input.leadUnit) throw invalidField('leadUnit', MESSAGES.leadRequired);
  checkUnit(chart, 'leadUnit', input.leadUnit);
  const cooperating = [...new Set(input.cooperatingUnits ?? [])];
  cooperating.forEach((u, i) => checkUnit(chart, `cooperatingUnits.${i}`, u));
  if (cooperating.includes(input.leadUnit)) throw invalidField('cooperatingUnits', MESSAGES.leadAlsoCooperating);
  if (input.principle === 'negotiated' && cooperating.length === 0) throw invalidField('cooperatingUnits', MESSAGES.negotiatedNeedsCooperating);
  // Guarded by the status it was read in: of two concurrent decisions only one writes.
  const changed = await repo.update(
    { id, status: In(['on-agenda', 'leader']) },
    {
      status: 'decided',
      principle: input.principle,
      leadUnit: input.leadUnit,
      cooperatingUnits: cooperating.join(',') || null,
      citation: input.citation?.trim() || null,
      decisionNote: input.note ?? item.decisionNote,
      decidedBy: by.userId,
      decidedAt: now,
    },
  );
  if (!changed.affected) throw conflict('CONSULTATION_ITEM_DECIDED', MESSAGES.alreadyDecided);
  return itemById(db, id);
}
