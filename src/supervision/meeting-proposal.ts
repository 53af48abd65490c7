import { In, type DataSource } from 'typeorm';
import { SupervisionItemEntity, SupervisionMeetingEntity, type SupervisionMeeting } from '../db/entities/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import { chineseDateTime } from '../formatting/chinese-dates.js';
import { parseIdList } from './meetings.js';
import { notifyLiaisons } from './notices.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';
import { CENTRE, CONVENING_UNITS, type ConveningUnit } from './org.js';
import { completedBy } from './signatures.js';
import { optText, type VariableSource } from './variables.js';

/**
 * S0-3: "二级督办联席会议由区纪委、区委办、区政府办联合召集". An ad hoc level-2 meeting is proposed by
 * one convening unit and confirmed by the other two, each in its own task
 * (`UserTask_ConfirmMeeting<Key>`, candidate group = that unit). It is convened only when both
 * confirm; a decline ends the proposal, and the three units and the centre are told. The centre
 * prepares the meeting (agenda, materials, the record) but does not convene it. The monthly meeting
 * is the three units' standing joint arrangement and needs no confirmation.
 */
export const confirmTaskId = (u: ConveningUnit) => `UserTask_ConfirmMeeting${u.key}`;
export const confirmDecisionVar = (u: ConveningUnit) => `confirm${u.key}Decision`;
export const confirmOpinionVar = (u: ConveningUnit) => `confirm${u.key}Opinion`;

export const PROPOSAL_OUTCOMES = ['confirmed', 'declined'] as const;
export type ProposalOutcome = (typeof PROPOSAL_OUTCOMES)[number];

/** Only an ad hoc level-2 meeting waits for the other two convening units. */
export function needsConfirmation(kind: SupervisionMeeting['kind'], level: number): boolean {
  return kind === 'ad-hoc' && level === 2;
}

/** The convening unit a member of `groups` proposes for (the first, in form order), or null. */
export function proposingUnit(groups: string[]): ConveningUnit | null {
  return CONVENING_UNITS.find((u) => groups.includes(u.id)) ?? null;
}

export function confirmingUnits(proposedBy: string): ConveningUnit[] {
  return CONVENING_UNITS.filter((u) => u.id !== proposedBy);
}

export interface ProposalAnswer {
  unitId: string;
  confirmed: boolean;
  opinion: string;
  account: string;
  name: string;
  at: string;
}

/** What the confirming units read in their task. */
export async function proposalVariables(db: DataSource, chart: OrgChart, meeting: SupervisionMeeting): Promise<Record<string, unknown>> {
  const ids = parseIdList(meeting.requestedItems);
  const items = ids.length ? await db.getRepository(SupervisionItemEntity).findBy({ id: In(ids) }) : [];
  return {
    proposedBy: meeting.proposedBy ?? '',
    proposedByName: unitName(chart, meeting.proposedBy),
    meetingTimeText: chineseDateTime(meeting.meetingAt),
    proposalAgenda: items.length ? items.map((i, n) => `${n + 1}. ${i.eventNumber} ${i.title}`).join('\n') : '全部待会商的督办事项',
  };
}

/**
 * Records the other two units' answers (the account and time of each answer from the engine's
 * history) and the outcome: `planned` when both confirmed, `declined` (with notices) when one said
 * no. Idempotent: the status is changed once; notices are keyed by the meeting.
 */
export async function recordProposal(db: DataSource, engine: EngineClient, chart: OrgChart, meetingId: number, processInstanceId: string, v: VariableSource, outcome: ProposalOutcome): Promise<ProposalAnswer[]> {
  const meetings = db.getRepository(SupervisionMeetingEntity);
  const meeting = await meetings.findOneByOrFail({ id: meetingId });
  const answers: ProposalAnswer[] = [];
  for (const unit of confirmingUnits(meeting.proposedBy ?? '')) {
    const by = await completedBy(engine, processInstanceId, confirmTaskId(unit));
    const decision = optText(v, confirmDecisionVar(unit));
    if (!by || !decision) continue; // not answered: the other unit declined first
    answers.push({ unitId: unit.id, confirmed: decision === 'yes', opinion: optText(v, confirmOpinionVar(unit)) ?? '', account: by.account, name: by.name, at: by.at.toISOString() });
  }
  if (outcome === 'confirmed' && answers.filter((a) => a.confirmed).length < 2) throw new Error(`meeting ${meetingId}: confirmed with ${answers.length} answers`);
  if (meeting.status === 'proposed') {
    await meetings.update({ id: meetingId, status: 'proposed' }, { status: outcome === 'confirmed' ? 'planned' : 'declined', confirmations: JSON.stringify(answers) });
  }
  if (outcome === 'declined') {
    const decliners = answers.filter((a) => !a.confirmed);
    await notifyLiaisons(db, chart, 'supervision-meeting-declined', `meeting-${meetingId}`, [...CONVENING_UNITS.map((u) => u.id), CENTRE], {
      proposerName: unitName(chart, meeting.proposedBy),
      meetingTime: chineseDateTime(meeting.meetingAt),
      declinedBy: decliners.map((a) => unitName(chart, a.unitId)).join('、'),
      reason: decliners.map((a) => `${unitName(chart, a.unitId)}：${a.opinion}`).join('；'),
    }, null);
  }
  return answers;
}
