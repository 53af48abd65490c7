import { In, type DataSource } from 'typeorm';
import { toShanghaiDate } from '../calendar/index.js';
import {
  EventEntity,
  LedgerEntryEntity,
  SupervisionItemEntity,
  SupervisionMeetingEntity,
  SupervisionMeetingItemEntity,
  SupervisionOpinionEntity,
  type SupervisionEntry,
  type SupervisionItem,
  type SupervisionMeeting,
  type SupervisionOutcome,
} from '../db/entities/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import { chineseDateTime } from '../formatting/chinese-dates.js';
import { unitName, unitOrThrow, type OrgChart } from '../identity/org-chart.js';
import { archiveDecisionReference, excludeForDecisionReference, reopenForOriginalUnit, s0_6Note } from '../handling/ledger.js';
import { collectHandlingDetail } from './handling-detail.js';
import {
  FINAL_DECISIONS,
  itemBriefing,
  itemById,
  LEVEL2_CONCLUSIONS,
  opinionsOf,
  preliminarySummary,
  type FinalDecision,
  type Level2Conclusion,
  type ScopeType,
} from './items.js';
import { needsConfirmation } from './meeting-proposal.js';
import { closeAgenda, EMPTY_AGENDA, meetingName } from './meetings.js';
import type { LeaderReview } from './review.js';
import { notifyLiaisons } from './notices.js';
import { CENTRE, CONVENING_UNITS, DISTRICT_LEADER } from './org.js';

/**
 * The steps of the supervision processes (S0) as domain functions: each records what a step
 * decided in the app database, notifies the liaisons (S0-7) and returns what the process needs.
 * The worker topics `supervision-*` only read their variables and call these. Every write is keyed
 * or guarded, so a task delivered twice changes nothing. `cause` identifies the process step that
 * notifies (the process instance), for the notices' idempotency keys. `chart` is the org chart of
 * the context built at start (src/context.ts).
 */

const ENTRIES: SupervisionEntry[] = ['escalated', 'unit-report', 'centre'];

export interface ItemRegistration {
  processInstanceId: string;
  eventNumber: string;
  handlingRound?: number;
  title?: string;
  category?: string;
  /** As the process passes it; else looked up with `nameOf`. */
  categoryName?: string;
  street?: string;
  leadUnit?: string;
  entry?: string;
  scopeReason?: string;
}

/**
 * S0-4.1 (first step): registers the item of this process instance, attaching the event's handling
 * detail (附事件处置详情表) from the ledger and the engine's history. Keyed by process instance.
 */
export async function registerItem(
  db: DataSource,
  engine: EngineClient,
  chart: OrgChart,
  nameOf: (categoryCode: string) => string,
  input: ItemRegistration,
  now: Date,
): Promise<SupervisionItem> {
  const items = db.getRepository(SupervisionItemEntity);
  const found = await items.findOneBy({ processInstanceId: input.processInstanceId });
  if (found) return found;
  const event = await db.getRepository(EventEntity).findOneBy({ number: input.eventNumber });
  const entry = (input.entry ?? 'centre') as SupervisionEntry;
  if (!ENTRIES.includes(entry)) throw new Error(`supervisionEntry must be one of ${ENTRIES.join(', ')}, not ${entry}`);
  const category = input.category ?? event?.category ?? null;
  const detail = await collectHandlingDetail(db, engine, input.eventNumber, chart);
  await items
    .createQueryBuilder()
    .insert()
    .values({
      processInstanceId: input.processInstanceId,
      eventNumber: input.eventNumber,
      handlingRound: input.handlingRound ?? event?.handlingRound ?? 0,
      title: (input.title ?? event?.title ?? input.eventNumber).slice(0, 200),
      category,
      categoryName: input.categoryName ?? (category ? nameOf(category) : null),
      street: input.street ?? event?.street ?? null,
      leadUnit: input.leadUnit ?? event?.leadUnit ?? null,
      entry,
      scopeReason: input.scopeReason ?? null,
      status: 'declaring',
      handlingDetail: JSON.stringify(detail),
      enteredAt: now,
    })
    .orIgnore()
    // A row ignored as a duplicate has no id to reload defaults by (MySQL): do not reload.
    .updateEntity(false)
    .execute();
  return items.findOneByOrFail({ processInstanceId: input.processInstanceId });
}

/** Form 1's signers as the process prefills them: the convening units' heads and the district leader. */
export function formSigners(chart: OrgChart): Record<string, string> {
  return {
    ...Object.fromEntries(CONVENING_UNITS.map((u) => [`review${u.key}Signer`, unitOrThrow(chart, u.id).leader.name])),
    reviewSigner: unitOrThrow(chart, DISTRICT_LEADER).leader.name,
  };
}

/**
 * S0-4.1 (second step): records form 1's header as the centre filled it and sends the form to each
 * of the three convening units separately (their liaisons are notified).
 */
export async function declareItem(
  db: DataSource,
  chart: OrgChart,
  input: { itemId: number; scopeType: ScopeType; scopeReason: string; dispatchDate?: string; cause: string },
  now: Date,
): Promise<SupervisionItem> {
  const item = await itemById(db, input.itemId);
  await db.getRepository(SupervisionItemEntity).update(
    { id: item.id },
    {
      dispatchDate: input.dispatchDate ?? item.dispatchDate,
      scopeType: input.scopeType,
      scopeReason: input.scopeReason,
      declaredAt: item.declaredAt ?? now,
      ...(item.status === 'declaring' ? { status: 'reviewing' as const } : {}),
    },
  );
  await notifyLiaisons(
    db,
    chart,
    'supervision-declared',
    input.cause,
    CONVENING_UNITS.map((u) => u.id),
    { eventNumber: item.eventNumber, title: item.title, scopeReason: input.scopeReason },
  );
  return item;
}

export interface PreliminaryOpinion {
  unitId: string;
  listed: boolean;
  opinion: string;
  signer: string;
  sealed: boolean;
  signedOn: string | null;
}

/**
 * S0-4.2: records the three convening units' opinions (all three kept whatever the outcome) and
 * decides from the stored ones (a redelivery sees what was recorded the first time): any one yes →
 * listed for the level-2 meeting; all no → returned.
 */
export async function recordPreliminaryReview(
  db: DataSource,
  chart: OrgChart,
  input: { itemId: number; opinions: PreliminaryOpinion[]; cause: string },
  now: Date,
): Promise<{ listed: boolean; summary: string }> {
  const item = await itemById(db, input.itemId);
  const rows = input.opinions.map((o) => ({ causeKey: `${item.id}:preliminary:${o.unitId}`, itemId: item.id, stage: 'preliminary' as const, ...o }));
  await db.createQueryBuilder().insert().into(SupervisionOpinionEntity).values(rows).orIgnore().updateEntity(false).execute();
  const opinions = (await opinionsOf(db, item.id)).filter((o) => o.stage === 'preliminary');
  const listed = opinions.some((o) => o.listed);
  if (listed && item.status === 'reviewing') {
    await db.getRepository(SupervisionItemEntity).update({ id: item.id }, { status: 'listed', listedAt: now });
    await notifyLiaisons(db, chart, 'supervision-listed', input.cause, [CENTRE, item.leadUnit], { eventNumber: item.eventNumber, title: item.title });
  }
  return { listed, summary: preliminarySummary(opinions) };
}

/**
 * S0-4.4: records the district leader's review (区领导批示意见 on form 2), as `readLeaderReview`
 * (review.ts) checked it: submit to the level-1 meeting, or not — then, with the leader's reason,
 * the item continues to be handled (with the unit named; the original lead unit when none is
 * named). Listing it as a decision-reference event is a level-1 decision (S0-4.5), never a review one.
 */
export async function recordLeaderReview(db: DataSource, chart: OrgChart, input: { itemId: number; review: LeaderReview; cause: string }): Promise<void> {
  const item = await itemById(db, input.itemId);
  const review = input.review;
  await db.getRepository(SupervisionItemEntity).update(
    { id: item.id },
    {
      reviewDecision: review.decision,
      reviewInstruction: review.instruction,
      reviewReason: review.reason,
      reviewSigner: review.signer,
      reviewDate: review.date,
      ...(review.decision === 'level1' ? { status: 'level1' as const } : { redispatchUnit: review.leadUnit ?? item.leadUnit, finalDecision: 'continue' }),
    },
  );
  if (review.decision === 'level1') {
    await notifyLiaisons(db, chart, 'supervision-level1-submitted', input.cause, [DISTRICT_LEADER], {
      eventNumber: item.eventNumber,
      title: item.title,
      instruction: review.instruction,
    });
  }
}

/**
 * S0-4.6 / S0-5 (start): the item was listed as a decision-reference event. From now until it is
 * archived its ledger rows of the round are excluded (src/handling/ledger.ts); the units' liaisons
 * are told. Returns the number of rows excluded now and the archiving form's prefill.
 */
export async function startDecisionReference(
  db: DataSource,
  chart: OrgChart,
  input: { itemId: number; cause: string },
  now: Date,
): Promise<{ excluded: number; item: SupervisionItem; archiveSummary: string; archiveReason: string }> {
  const item = await itemById(db, input.itemId);
  const from = item.decisionReferenceAt ?? now;
  if (!item.decisionReferenceAt || item.status !== 'archiving') {
    await db.getRepository(SupervisionItemEntity).update({ id: item.id }, { decisionReferenceAt: from, status: 'archiving', finalDecision: item.finalDecision ?? 'decision-reference' });
  }
  const excluded = await excludeForDecisionReference(db, item, from);
  const rows = await db.getRepository(LedgerEntryEntity).findBy({ eventNumber: item.eventNumber, round: item.handlingRound });
  await notifyLiaisons(db, chart, 'supervision-decision-reference', input.cause, [CENTRE, item.leadUnit, ...rows.map((r) => r.unitId)], {
    eventNumber: item.eventNumber,
    title: item.title,
  });
  const decidedBy = item.level1MeetingId ? `一级督办联席会议（${item.level1Date ?? ''}）` : `区领导审核（${item.reviewDate ?? ''}）`;
  return {
    excluded,
    item,
    archiveSummary: `${item.title}（${item.eventNumber}），原处置单位：${unitName(chart, item.leadUnit) || '无'}。提请理由：${item.scopeReason ?? ''}`,
    archiveReason: `经${decidedBy}决定：${FINAL_DECISIONS['decision-reference']}。`,
  };
}

export const SUPERVISION_CONCLUSIONS: SupervisionOutcome[] = ['returned', 'redispatch', 'decision-reference'];

export interface Communication {
  parties: string;
  date: string | null;
  method: string | null;
  content: string;
  response: string | null;
}

export interface ArchiveForm {
  summary: string;
  reason: string;
  centreOpinion: string;
  handler: string | null;
  signer: string;
  sealed: boolean;
  date: string | null;
}

/** What the event process reads back from its call activity. */
export interface SupervisionResult {
  supervisionOutcome: SupervisionOutcome;
  assignedLeadUnit: string;
  assignedCooperatingUnits: string;
  supervisionSummary: string;
}

function redispatchSummary(chart: OrgChart, item: SupervisionItem, unit: string, original: boolean): string {
  const who = unitName(chart, unit);
  let why: string;
  if (item.finalDecision === 'continue' && item.level1MeetingId) why = `一级督办联席会议终审决定继续处置：${item.level1Opinion ?? ''}`;
  else if (item.finalDecision === 'continue') why = `区领导审核未提交一级会商（理由：${item.reviewReason ?? item.reviewInstruction ?? ''}），决定继续处置：${item.reviewInstruction ?? ''}`;
  else why = `二级督办联席会议会商${LEVEL2_CONCLUSIONS[(item.level2Conclusion ?? 'resolved') as Level2Conclusion] ?? ''}：${item.level2Opinion ?? ''}`;
  return `${why}。重新派遣至${who}。${original ? `（${s0_6Note(item.handlingRound)}）` : ''}`;
}

/**
 * The end of a supervision item:
 *  - `returned` (S0-4.2, all three units said no): back to handling with the same lead unit;
 *  - `redispatch` (S0-4.3 resolved with a lead unit, or S0-4.4/S0-4.5 "continue handling"): a new
 *    round with the unit named. Back to the ORIGINAL unit → S0-6 (the round is `reopened`);
 *  - `decision-reference` (S0-4.6): records the centre's communication with the parties and the
 *    closing-and-archiving approval form, archives the item → S0-5 end.
 * `communication` and `archiveForm` are read only for `decision-reference`.
 */
export async function concludeItem(
  db: DataSource,
  chart: OrgChart,
  input: { itemId: number; conclusion: SupervisionOutcome; cause: string; communication?: () => Communication; archiveForm?: () => ArchiveForm },
  now: Date,
): Promise<SupervisionResult> {
  let item = await itemById(db, input.itemId);
  const items = db.getRepository(SupervisionItemEntity);
  const context = { eventNumber: item.eventNumber, title: item.title };

  if (input.conclusion === 'returned') {
    const summary = `区纪委、区委办、区府办初审均认为不必列入督办联席会议会商，予以退回，由原处置单位继续处置。${preliminarySummary(await opinionsOf(db, item.id))}`;
    if (!item.outcome) await items.update({ id: item.id }, { status: 'returned', outcome: 'returned', summary, closedAt: now });
    await notifyLiaisons(db, chart, 'supervision-returned', input.cause, [CENTRE, item.leadUnit], { ...context, summary });
    return { supervisionOutcome: 'returned', assignedLeadUnit: item.leadUnit ?? '', assignedCooperatingUnits: '', supervisionSummary: summary };
  }

  if (input.conclusion === 'redispatch') {
    const unit = item.redispatchUnit ?? item.leadUnit;
    if (!unit) throw new Error(`supervision item ${item.id} names no unit to re-dispatch to`);
    const original = unit === item.leadUnit;
    if (original) await reopenForOriginalUnit(db, item);
    const summary = item.summary && item.outcome === 'redispatch' ? item.summary : redispatchSummary(chart, item, unit, original);
    if (!item.outcome) await items.update({ id: item.id }, { status: 'redispatched', outcome: 'redispatch', redispatchUnit: unit, summary, closedAt: now });
    await notifyLiaisons(db, chart, 'supervision-redispatched', input.cause, [CENTRE, unit, item.leadUnit], { ...context, leadUnitName: unitName(chart, unit), summary });
    return { supervisionOutcome: 'redispatch', assignedLeadUnit: unit, assignedCooperatingUnits: item.redispatchCooperatingUnits ?? '', supervisionSummary: summary };
  }

  // decision-reference: archive.
  if (!item.archivedAt) {
    if (!input.communication || !input.archiveForm) throw new Error('archiving a decision-reference event needs the communication record and the archiving form');
    await items.update({ id: item.id }, { communication: JSON.stringify(input.communication()), archiveForm: JSON.stringify(input.archiveForm()), archivedAt: now });
    item = await itemById(db, item.id);
  }
  const archivedAt = item.archivedAt as Date;
  await archiveDecisionReference(db, item, archivedAt);
  const summary = `经${item.level1MeetingId ? '一级督办联席会议终审' : '区领导审核'}，同意列为决策参考事件；联动中心已与当事人沟通并填写《决策参考事件终结归档审批表》，终结归档（计入已办结，S0-5）。`;
  if (!item.outcome) await items.update({ id: item.id }, { status: 'archived', outcome: 'decision-reference', summary, closedAt: archivedAt });
  await notifyLiaisons(db, chart, 'supervision-archived', input.cause, [CENTRE, item.leadUnit], context);
  return { supervisionOutcome: 'decision-reference', assignedLeadUnit: '', assignedCooperatingUnits: '', supervisionSummary: summary };
}

export interface MeetingRequest {
  processInstanceId: string;
  kind: 'monthly' | 'ad-hoc';
  level?: number;
  meetingAt?: Date;
  place?: string;
  convenedBy?: string;
  /** Ad hoc level 2 (S0-3): the convening unit that proposed it. */
  proposedBy?: string;
  requestedItems?: string;
}

/**
 * S0-3: opens a supervision meeting, one row per process instance. Monthly (level 2): `monthlyTimes`
 * gives the meeting and agenda-closing times; ad hoc: the time given (else now), the agenda closing at once.
 */
export async function openMeeting(
  db: DataSource,
  request: MeetingRequest,
  monthlyTimes: () => Promise<{ meetingAt: Date; agendaAt: Date }>,
  now: Date,
): Promise<SupervisionMeeting> {
  const meetings = db.getRepository(SupervisionMeetingEntity);
  const found = await meetings.findOneBy({ processInstanceId: request.processInstanceId });
  if (found) return found;
  const level = request.kind === 'monthly' ? 2 : (request.level ?? 2);
  if (level !== 1 && level !== 2) throw new Error(`meetingLevel must be 1 or 2, not ${level}`);
  const { meetingAt, agendaAt } = request.kind === 'monthly' ? await monthlyTimes() : { meetingAt: request.meetingAt ?? now, agendaAt: now };
  await meetings
    .createQueryBuilder()
    .insert()
    .values({
      processInstanceId: request.processInstanceId,
      level,
      kind: request.kind,
      // S0-3: an ad hoc level-2 meeting is only proposed until the other two convening units confirm.
      status: needsConfirmation(request.kind, level) ? 'proposed' : 'planned',
      proposedBy: needsConfirmation(request.kind, level) ? (request.proposedBy ?? null) : null,
      meetingAt,
      agendaAt,
      place: request.place ?? (level === 1 ? '区政府会议室' : '区委会议室'),
      convenedBy: request.convenedBy ?? null,
      requestedItems: request.requestedItems ?? null,
    })
    .orIgnore()
    // A row ignored as a duplicate has no id to reload defaults by (MySQL): do not reload.
    .updateEntity(false)
    .execute();
  return meetings.findOneByOrFail({ processInstanceId: request.processInstanceId });
}

/**
 * S0-3 / S0-4.3: closes the meeting's agenda and notifies the participants through their liaisons
 * (S0-7): the conveners (level 2: 区纪委, 区委办, 区府办; level 1: the district leader, with the
 * three), the centre, and the parties of the listed items (their lead and cooperating units).
 * An empty agenda does not cancel the meeting (S0-3): the participants are told either way.
 */
export async function announceAgenda(db: DataSource, chart: OrgChart, meetingId: number): Promise<SupervisionItem[]> {
  const agenda = await closeAgenda(db, meetingId);
  const meeting = await db.getRepository(SupervisionMeetingEntity).findOneByOrFail({ id: meetingId });
  {
    const ledger = agenda.length ? await db.getRepository(LedgerEntryEntity).findBy({ eventNumber: In(agenda.map((i) => i.eventNumber)) }) : [];
    const parties = agenda.flatMap((item) => [
      item.leadUnit,
      ...ledger.filter((r) => r.eventNumber === item.eventNumber && r.round === item.handlingRound).map((r) => r.unitId),
    ]);
    const conveners = [...(meeting.level === 1 ? [DISTRICT_LEADER] : []), ...CONVENING_UNITS.map((u) => u.id)];
    await notifyLiaisons(
      db,
      chart,
      'supervision-meeting',
      `meeting-${meeting.id}`,
      [...conveners, CENTRE, ...parties],
      {
        meetingName: meetingName(meeting),
        meetingTime: chineseDateTime(meeting.meetingAt),
        place: meeting.place ?? '',
        agenda: agenda.length ? agenda.map((i, n) => `${n + 1}. ${i.eventNumber} ${i.title}`).join('；') : EMPTY_AGENDA,
      },
      null,
    );
  }
  return agenda;
}

/**
 * One agenda item in front of the meeting: the read-only briefing of its recording form and the
 * form's defaults (today's date, and at level 1 the district leader as signer; at level 2 the
 * convening units' heads sign afterwards in their own tasks, S0-4.3).
 */
export async function meetingItemBriefing(db: DataSource, chart: OrgChart, input: { itemId: number; level: number }, now: Date): Promise<Record<string, unknown>> {
  const item = await itemById(db, input.itemId);
  const today = toShanghaiDate(now);
  const common = {
    itemEventNumber: item.eventNumber,
    itemTitle: item.title,
    itemLeadUnit: item.leadUnit ?? '',
    itemLeadUnitName: unitName(chart, item.leadUnit),
    itemBriefing: itemBriefing(item, await opinionsOf(db, item.id), chart),
  };
  if (input.level === 1) return { ...common, finalSigner: unitOrThrow(chart, DISTRICT_LEADER).leader.name, finalDate: today };
  return { ...common, meetingDate: today };
}

export type MeetingConclusion =
  | {
      level: 2;
      conclusion: Level2Conclusion;
      opinion: string;
      /** Only for `resolved`; the original lead unit when none is named. */
      leadUnit?: string;
      cooperatingUnits?: string;
      date?: string;
    }
  | { level: 1; decision: FinalDecision; opinion: string; leadUnit?: string; signer: string; date?: string };

export type RecordedConclusion =
  | { delivered: true }
  | { delivered: false; item: SupervisionItem; agendaRowId: number; variables: Record<string, { value: unknown; type: string }> };

/**
 * S0-4.3 / S0-4.5: records what the meeting concluded for one agenda item, and returns the
 * variables to deliver to the item's process (by message correlation). An agenda row already
 * delivered is not recorded again (`delivered: true`).
 */
export async function recordMeetingConclusion(
  db: DataSource,
  input: { itemId: number; meetingId: number; conclusion: MeetingConclusion },
  now: Date,
): Promise<RecordedConclusion> {
  const item = await itemById(db, input.itemId);
  const agendaRows = db.getRepository(SupervisionMeetingItemEntity);
  const row = await agendaRows.findOneByOrFail({ meetingId: input.meetingId, itemId: item.id });
  if (row.deliveredAt) return { delivered: true };
  const items = db.getRepository(SupervisionItemEntity);
  const c = input.conclusion;

  if (c.level === 2) {
    const lead = c.conclusion === 'resolved' ? (c.leadUnit ?? item.leadUnit) : null;
    const cooperating = c.conclusion === 'resolved' ? (c.cooperatingUnits ?? null) : null;
    const date = c.date ?? null;
    await agendaRows.update({ id: row.id }, { conclusion: c.conclusion, leadUnit: lead, opinion: c.opinion, recordedAt: row.recordedAt ?? now });
    await items.update(
      { id: item.id },
      {
        level2MeetingId: input.meetingId,
        level2Conclusion: c.conclusion,
        level2Opinion: c.opinion,
        level2Date: date,
        pendingMeetingId: null,
        ...(c.conclusion === 'resolved' ? { redispatchUnit: lead, redispatchCooperatingUnits: cooperating } : { status: 'review' as const }),
      },
    );
    // The convening units' heads sign afterwards, each in its own task of the item's process (S0-4.3, signatures.ts).
    const summary = `${LEVEL2_CONCLUSIONS[c.conclusion]}（${date ?? ''}）：${c.opinion}`;
    return {
      delivered: false,
      item,
      agendaRowId: row.id,
      variables: {
        level2Conclusion: { value: c.conclusion, type: 'String' },
        level2Summary: { value: summary, type: 'String' },
        level2MeetingId: { value: input.meetingId, type: 'Integer' },
      },
    };
  }

  const lead = c.decision === 'continue' ? (c.leadUnit ?? item.leadUnit) : null;
  await agendaRows.update({ id: row.id }, { conclusion: c.decision, leadUnit: lead, opinion: c.opinion, recordedAt: row.recordedAt ?? now });
  await items.update(
    { id: item.id },
    {
      level1MeetingId: input.meetingId,
      level1Opinion: c.opinion,
      level1Date: c.date ?? null,
      finalDecision: c.decision,
      finalSigner: c.signer,
      finalDate: c.date ?? null,
      pendingMeetingId: null,
      ...(c.decision === 'continue' ? { redispatchUnit: lead } : {}),
    },
  );
  return {
    delivered: false,
    item,
    agendaRowId: row.id,
    variables: { finalDecision: { value: c.decision, type: 'String' }, level1MeetingId: { value: input.meetingId, type: 'Integer' } },
  };
}

/** The conclusion reached the item's process. */
export async function markConclusionDelivered(db: DataSource, agendaRowId: number, now: Date): Promise<void> {
  await db.getRepository(SupervisionMeetingItemEntity).update({ id: agendaRowId }, { deliveredAt: now });
}

/** Closes a meeting once every agenda item is concluded: status `held` and a one-line record (an empty agenda: `EMPTY_AGENDA`). */
export async function closeMeeting(db: DataSource, meetingId: number, now: Date): Promise<string> {
  const meetings = db.getRepository(SupervisionMeetingEntity);
  const meeting = await meetings.findOneByOrFail({ id: meetingId });
  const rows = await db.getRepository(SupervisionMeetingItemEntity).findBy({ meetingId });
  const names: Record<string, string> = { ...LEVEL2_CONCLUSIONS, ...FINAL_DECISIONS };
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.conclusion ?? '未记录', (counts.get(r.conclusion ?? '未记录') ?? 0) + 1);
  const summary = rows.length ? `会商事项 ${rows.length} 项：${[...counts].map(([c, n]) => `${names[c] ?? c} ${n} 项`).join('，')}` : EMPTY_AGENDA;
  if (meeting.status !== 'held') await meetings.update({ id: meetingId }, { status: 'held', heldAt: now, summary });
  return meeting.summary ?? summary;
}
