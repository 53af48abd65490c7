import { In, type DataSource } from 'typeorm';
import { toIsoWithOffset } from '../calendar/index.js';
import {
  EventEntity,
  SupervisionItemEntity,
  SupervisionMeetingEntity,
  SupervisionMeetingItemEntity,
  type SupervisionItem,
  type SupervisionMeeting,
  type SupervisionStatus,
} from '../db/entities/index.js';
import { EngineError, type EngineClient } from '../engine/engine-client.js';
import { typed, variables } from '../engine/variables.js';
import { SupervisionError, SUPERVISION_MESSAGES } from './errors.js';
import { ACTIVE_STATUSES, opinionsOf, SCOPE_TYPES, STATUS_NAMES, type ScopeType } from './items.js';
import { meetingName, waitingItems } from './meetings.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';
import { confirmingUnits, proposingUnit } from './meeting-proposal.js';
import { DISTRICT_LEADER } from './org.js';

/**
 * The supervision use cases behind the HTTP edge (no express here): declaring an item by hand,
 * convening a meeting, and reading items and meetings.
 */
export const SUPERVISION_PROCESS = 'supervision';
export const CONVENE_MESSAGE = 'supervision-meeting-convene';

export interface SupervisionDeps {
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  /** Category code → Chinese name (src/context.ts). */
  categoryName(code: string): string;
}

export interface Staff {
  userId: string;
  groups: string[];
}

async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof EngineError && err.httpStatus >= 500) throw new SupervisionError(503, 'ENGINE_UNAVAILABLE', SUPERVISION_MESSAGES.engineDown);
    throw err;
  }
}

export interface DeclareInput {
  eventNumber: string;
  scopeReason: string;
  scopeType?: ScopeType;
}

/** The event process's message that takes an event being handled into supervision (S0-2). */
export const SUPERVISION_DECLARED_MESSAGE = 'supervision-declared';

export type DeclareResult =
  /** The event is being handled: its own process now goes to supervision (call activity). */
  | { via: 'event-process'; eventNumber: string; eventProcessInstanceId: string }
  /** No event process runs (e.g. a closed or legacy item): supervision started on its own. */
  | { via: 'standalone'; eventNumber: string; processInstanceId: string };

/**
 * S0-4.1 by hand: the centre declares an event for supervision with its scope reason.
 * An event still being handled goes through its own process (the handling is interrupted, the
 * round recorded, and the call activity starts `supervision`), so that the meeting's conclusion
 * comes back to it; an event with no running process gets `supervision` started on its own with
 * the same variables (`supervisionEntry` = `centre`). 404 for an unknown event, 409 when it already
 * has an active supervision, or when its process is at a step where the centre decides in Tasklist.
 */
export async function declareByHand(deps: SupervisionDeps, staff: Staff, input: DeclareInput): Promise<DeclareResult> {
  const event = await deps.db.getRepository(EventEntity).findOneBy({ number: input.eventNumber });
  if (!event) throw new SupervisionError(404, 'EVENT_NOT_FOUND', SUPERVISION_MESSAGES.eventNotFound);
  const active = await deps.db.getRepository(SupervisionItemEntity).countBy({ eventNumber: input.eventNumber, status: In(ACTIVE_STATUSES) });
  const running = await engineCall(() => deps.engine.processes.list({ processDefinitionKey: SUPERVISION_PROCESS, businessKey: input.eventNumber, active: true }));
  if (active > 0 || running.length > 0) throw new SupervisionError(409, 'SUPERVISION_ACTIVE', SUPERVISION_MESSAGES.alreadyActive);

  const handling = await engineCall(() => deps.engine.processes.list({ processDefinitionKey: 'event-handling', businessKey: input.eventNumber, active: true }));
  if (handling.length > 0) {
    try {
      await engineCall(() =>
        deps.engine.messages.correlate(SUPERVISION_DECLARED_MESSAGE, {
          processInstanceId: handling[0].id,
          processVariables: variables({ supervisionEntry: 'centre', scopeReason: input.scopeReason, scopeType: input.scopeType, declaredBy: staff.userId }),
        }),
      );
    } catch (err) {
      // 400: no execution waits for the message, i.e. the event is not being handled right now.
      if (err instanceof EngineError && err.httpStatus === 400) throw new SupervisionError(409, 'EVENT_NOT_IN_HANDLING', SUPERVISION_MESSAGES.notInHandling);
      throw err;
    }
    return { via: 'event-process', eventNumber: input.eventNumber, eventProcessInstanceId: handling[0].id };
  }

  const started = await engineCall(() =>
    deps.engine.processes.start(SUPERVISION_PROCESS, {
      businessKey: input.eventNumber,
      variables: variables({
        eventNumber: input.eventNumber,
        title: event.title,
        category: event.category,
        categoryName: deps.categoryName(event.category),
        street: event.street ?? '',
        leadUnit: event.leadUnit ?? '',
        handlingRound: typed.integer(event.handlingRound),
        supervisionEntry: 'centre',
        scopeReason: input.scopeReason,
        scopeType: input.scopeType,
        declaredBy: staff.userId,
      }),
    }),
  );
  return { via: 'standalone', processInstanceId: started.id, eventNumber: input.eventNumber };
}

export interface ConveneInput {
  level: 1 | 2;
  meetingAt?: string;
  place?: string;
  items?: number[];
}

/**
 * S0-3: level 1 is convened by the district leader; level 2 jointly by 区纪委, 区委办 and 区府办 —
 * an ad hoc one is proposed by one of them (and confirmed by the other two in the meeting
 * process). The centre prepares meetings but convenes none.
 */
export function mayConvene(staff: Staff, level: 1 | 2): boolean {
  if (level === 1) return staff.groups.includes(DISTRICT_LEADER);
  return proposingUnit(staff.groups) !== null;
}

export interface ConveneResult {
  processInstanceId: string;
  items: number[];
  /** `proposed`: an ad hoc level-2 meeting waiting for the other two convening units to confirm. */
  status: 'proposed' | 'planned';
  proposedBy: string | null;
  /** The units asked to confirm (level 2). */
  confirmingUnits: string[];
}

/**
 * S0-3: an ad hoc meeting. Level 2 proposed by one convening unit (convened once the other two
 * confirm), level 1 by the district leader. Its agenda is the named items, or every item waiting
 * for that level.
 */
export async function conveneMeeting(deps: SupervisionDeps, staff: Staff, input: ConveneInput): Promise<ConveneResult> {
  if (!mayConvene(staff, input.level)) {
    throw new SupervisionError(403, 'FORBIDDEN', input.level === 1 ? SUPERVISION_MESSAGES.level1OnlyLeader : SUPERVISION_MESSAGES.level2OnlyConveners);
  }
  const proposer = input.level === 2 ? proposingUnit(staff.groups) : null;
  const waiting = await waitingItems(deps.db, input.level, input.items);
  if (input.items) {
    const missing = input.items.filter((id) => !waiting.some((w) => w.id === id));
    if (missing.length > 0) throw new SupervisionError(409, 'NOT_WAITING', SUPERVISION_MESSAGES.notWaiting, { items: missing });
  }
  if (waiting.length === 0) throw new SupervisionError(409, 'NOTHING_WAITING', SUPERVISION_MESSAGES.nothingWaiting);
  const result = await engineCall(() =>
    deps.engine.messages.correlate(CONVENE_MESSAGE, {
      processVariables: variables({
        meetingKind: 'ad-hoc',
        meetingLevel: typed.integer(input.level),
        meetingAt: input.meetingAt ?? toIsoWithOffset(new Date()),
        place: input.place ?? '',
        requestedItems: input.items ? input.items.join(',') : '',
        convenedBy: staff.userId,
        proposedBy: proposer?.id ?? '',
      }),
    }),
  );
  const id = result[0]?.processInstance?.id;
  if (!id) throw new Error('the convene message started no meeting process');
  return {
    processInstanceId: id,
    items: waiting.map((w) => w.id),
    status: proposer ? 'proposed' : 'planned',
    proposedBy: proposer?.id ?? null,
    confirmingUnits: proposer ? confirmingUnits(proposer.id).map((u) => u.id) : [],
  };
}

export function itemSummary(item: SupervisionItem, chart: OrgChart) {
  return {
    id: item.id,
    eventNumber: item.eventNumber,
    title: item.title,
    category: item.category,
    categoryName: item.categoryName,
    street: item.street,
    leadUnit: item.leadUnit,
    leadUnitName: unitName(chart, item.leadUnit),
    handlingRound: item.handlingRound,
    entry: item.entry,
    status: item.status,
    statusName: STATUS_NAMES[item.status],
    outcome: item.outcome,
    processInstanceId: item.processInstanceId,
    enteredAt: item.enteredAt,
    closedAt: item.closedAt,
  };
}

export async function listItems(deps: SupervisionDeps, filter: { status?: SupervisionStatus; eventNumber?: string }) {
  const items = await deps.db.getRepository(SupervisionItemEntity).find({
    where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.eventNumber ? { eventNumber: filter.eventNumber } : {}) },
    order: { id: 'DESC' },
    take: 500,
  });
  return items.map((item) => itemSummary(item, deps.orgChart));
}

export async function itemDetail(deps: SupervisionDeps, id: number) {
  const item = await deps.db.getRepository(SupervisionItemEntity).findOneBy({ id });
  if (!item) throw new SupervisionError(404, 'NOT_FOUND', SUPERVISION_MESSAGES.itemNotFound);
  const opinions = await opinionsOf(deps.db, id);
  const agenda = await deps.db.getRepository(SupervisionMeetingItemEntity).findBy({ itemId: id });
  const meetings = agenda.length
    ? await deps.db.getRepository(SupervisionMeetingEntity).findBy({ id: In(agenda.map((a) => a.meetingId)) })
    : [];
  return {
    ...itemSummary(item, deps.orgChart),
    scopeType: item.scopeType,
    scopeTypeName: item.scopeType ? (SCOPE_TYPES[item.scopeType as ScopeType] ?? item.scopeType) : null,
    scopeReason: item.scopeReason,
    dispatchDate: item.dispatchDate,
    level2: { meetingId: item.level2MeetingId, conclusion: item.level2Conclusion, opinion: item.level2Opinion, date: item.level2Date },
    review: { decision: item.reviewDecision, instruction: item.reviewInstruction, signer: item.reviewSigner, date: item.reviewDate },
    level1: { meetingId: item.level1MeetingId, opinion: item.level1Opinion, date: item.level1Date },
    final: { decision: item.finalDecision, signer: item.finalSigner, date: item.finalDate },
    redispatchUnit: item.redispatchUnit,
    decisionReferenceAt: item.decisionReferenceAt,
    archivedAt: item.archivedAt,
    summary: item.summary,
    opinions: opinions.map((o) => ({ stage: o.stage, unitId: o.unitId, unitName: unitName(deps.orgChart, o.unitId), listed: o.listed, opinion: o.opinion, signer: o.signer, sealed: o.sealed, signedOn: o.signedOn })),
    meetings: agenda.map((a) => {
      const m = meetings.find((x) => x.id === a.meetingId);
      return { meetingId: a.meetingId, name: m ? meetingName(m) : null, meetingAt: m?.meetingAt ?? null, conclusion: a.conclusion, leadUnit: a.leadUnit, opinion: a.opinion, deliveredAt: a.deliveredAt };
    }),
  };
}

export function meetingSummary(m: SupervisionMeeting) {
  let confirmations: unknown = null;
  try {
    confirmations = m.confirmations ? JSON.parse(m.confirmations) : null;
  } catch {
    confirmations = null;
  }
  return { id: m.id, name: meetingName(m), level: m.level, kind: m.kind, status: m.status, meetingAt: m.meetingAt, place: m.place, convenedBy: m.convenedBy, proposedBy: m.proposedBy ?? null, confirmations, processInstanceId: m.processInstanceId, heldAt: m.heldAt, summary: m.summary };
}

export async function listMeetings(deps: SupervisionDeps) {
  const meetings = await deps.db.getRepository(SupervisionMeetingEntity).find({ order: { id: 'DESC' }, take: 200 });
  return meetings.map(meetingSummary);
}

export async function meetingDetail(deps: SupervisionDeps, id: number) {
  const meeting = await deps.db.getRepository(SupervisionMeetingEntity).findOneBy({ id });
  if (!meeting) throw new SupervisionError(404, 'NOT_FOUND', '没有找到这次会议');
  const agenda = await deps.db.getRepository(SupervisionMeetingItemEntity).find({ where: { meetingId: id }, order: { position: 'ASC' } });
  const items = agenda.length ? await deps.db.getRepository(SupervisionItemEntity).findBy({ id: In(agenda.map((a) => a.itemId)) }) : [];
  return {
    ...meetingSummary(meeting),
    agenda: agenda.map((a) => {
      const item = items.find((i) => i.id === a.itemId);
      return { itemId: a.itemId, eventNumber: item?.eventNumber ?? null, title: item?.title ?? null, conclusion: a.conclusion, leadUnit: a.leadUnit, opinion: a.opinion, recordedAt: a.recordedAt, deliveredAt: a.deliveredAt };
    }),
  };
}
