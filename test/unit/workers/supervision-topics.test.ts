import type { DataSource } from 'typeorm';
import { NoticeEntity, SupervisionItemEntity, SupervisionMeetingEntity, SupervisionOpinionEntity, type SupervisionItem } from '../../../src/db/entities/index.js';
import { EMPTY_AGENDA } from '../../../src/supervision/meetings.js';
import { LEADER_REVIEW_REFUSED } from '../../../src/supervision/review.js';
import { BusinessError } from '../../../workers/topic.js';
import { S0_5_REASON } from '../../../src/handling/ledger.js';
import { dispatchRound } from '../../../src/handling/rounds.js';
import { manifestEntry } from '../../../src/topics/manifest.js';
import { supervisionConclude } from '../../../workers/topics/supervision-conclude.js';
import { supervisionHeadSignatures } from '../../../workers/topics/supervision-head-signatures.js';
import { supervisionDecisionReference } from '../../../workers/topics/supervision-decision-reference.js';
import { supervisionLeaderReview } from '../../../workers/topics/supervision-leader-review.js';
import { supervisionMeetingAgenda } from '../../../workers/topics/supervision-meeting-agenda.js';
import { supervisionMeetingClose } from '../../../workers/topics/supervision-meeting-close.js';
import { supervisionMeetingConclude } from '../../../workers/topics/supervision-meeting-conclude.js';
import { supervisionMeetingItem } from '../../../workers/topics/supervision-meeting-item.js';
import { supervisionMeetingSchedule } from '../../../workers/topics/supervision-meeting-schedule.js';
import { supervisionPreliminaryReview } from '../../../workers/topics/supervision-preliminary-review.js';
import { calendar, ledgerOf, memoryDatabase, seedEvent, seedItem } from '../handling/support.js';
import { deps, fakeEngine, fakeTask } from './support.js';

/**
 * The supervision topic handlers with a fake task: each reads its variables, calls the domain
 * (src/supervision/workflow.ts, ledger rules in src/handling/ledger.ts) and returns what the process reads.
 */
let db: DataSource;
beforeAll(async () => {
  db = await memoryDatabase();
});
afterAll(async () => {
  await db.destroy();
});

function declared(topic: string, out: Record<string, unknown> | void) {
  for (const name of Object.keys(out ?? {})) expect(manifestEntry(topic).outputs).toContain(name);
}

/** An event in round 1 with urban-management leading and housing-bureau cooperating, and its supervision item. */
async function inSupervision(item: Partial<SupervisionItem> = {}) {
  const event = await seedEvent(db);
  const number = event.number as string;
  await dispatchRound(db, calendar, { eventNumber: number, previousRound: 0, leadUnit: 'urban-management', cooperatingUnits: ['housing-bureau'], timeLimitDays: 5 }, new Date('2026-11-02T02:00:00Z'));
  const seeded = await seedItem(db, { eventNumber: number, enteredAt: new Date('2026-11-05T02:00:00Z'), ...item });
  return { number, item: seeded };
}

const reviews = (listed: [string, string, string]) => ({
  reviewDisciplineListed: listed[0],
  reviewDisciplineReason: '理由一',
  reviewDisciplineSigner: '甲',
  reviewDisciplineSealed: true,
  reviewDisciplineDate: '2026-11-06',
  reviewPartyOfficeListed: listed[1],
  reviewPartyOfficeReason: '理由二',
  reviewPartyOfficeSigner: '乙',
  reviewPartyOfficeSealed: true,
  reviewPartyOfficeDate: '2026-11-06',
  reviewGovernmentOfficeListed: listed[2],
  reviewGovernmentOfficeReason: '理由三',
  reviewGovernmentOfficeSigner: '丙',
  reviewGovernmentOfficeSealed: false,
  reviewGovernmentOfficeDate: '2026-11-07',
});

describe('supervision-preliminary-review', () => {
  test('S0-4.2 any one convening unit saying yes lists the item; all three opinions are kept', async () => {
    const { item } = await inSupervision({ status: 'reviewing' });
    const out = await supervisionPreliminaryReview.handle(fakeTask({ supervisionId: item.id, ...reviews(['no', 'yes', 'no']) }), deps(db));
    expect(out).toMatchObject({ listedForConsultation: true });
    expect(String((out as Record<string, unknown>).preliminarySummary)).toContain('区委办：列为会商（理由二）');
    declared('supervision-preliminary-review', out);
    expect(await db.getRepository(SupervisionOpinionEntity).countBy({ itemId: item.id, stage: 'preliminary' })).toBe(3);
    expect(await db.getRepository(SupervisionItemEntity).findOneByOrFail({ id: item.id })).toMatchObject({ status: 'listed' });
  });

  test('S0-4.2 all three saying no returns the item', async () => {
    const { item } = await inSupervision({ status: 'reviewing' });
    const out = await supervisionPreliminaryReview.handle(fakeTask({ supervisionId: item.id, ...reviews(['no', 'no', 'no']) }), deps(db));
    expect(out).toMatchObject({ listedForConsultation: false });
    expect(await db.getRepository(SupervisionItemEntity).findOneByOrFail({ id: item.id })).toMatchObject({ status: 'reviewing' });
  });
});

describe('supervision-leader-review', () => {
  test('S0-4.4 continue handling without a unit named means the original lead unit; a unit outside the org chart fails the task', async () => {
    const { item } = await inSupervision();
    const task = { supervisionId: item.id, reviewDecision: 'continue', reviewInstruction: '继续处置', reviewReason: '区级可协调', reviewSigner: '吴明', reviewDate: '2026-11-20' };
    expect(await supervisionLeaderReview.handle(fakeTask(task), deps(db))).toEqual({ reviewDecision: 'continue', reviewProblem: null });
    expect(await db.getRepository(SupervisionItemEntity).findOneByOrFail({ id: item.id })).toMatchObject({ redispatchUnit: 'urban-management', finalDecision: 'continue', reviewReason: '区级可协调' });
    await expect(supervisionLeaderReview.handle(fakeTask({ ...task, reviewLeadUnit: 'no-such-unit' }), deps(db))).rejects.toThrow(/not a handling unit/);
  });

  test('S0-4.4 S0-4.5 decision-reference at review, or not submitting without a reason, sends the review back (BPMN error) and records nothing', async () => {
    const { item } = await inSupervision();
    const base = { supervisionId: item.id, reviewInstruction: '批示', reviewSigner: '吴明', reviewDate: '2026-11-20' };
    for (const answer of [{ reviewDecision: 'decision-reference' }, { reviewDecision: 'continue' }]) {
      const refused = supervisionLeaderReview.handle(fakeTask({ ...base, ...answer }), deps(db));
      await expect(refused).rejects.toBeInstanceOf(BusinessError);
      await expect(refused).rejects.toMatchObject({ code: LEADER_REVIEW_REFUSED, variables: { reviewProblem: expect.any(String) } });
    }
    expect(await db.getRepository(SupervisionItemEntity).findOneByOrFail({ id: item.id })).toMatchObject({ reviewDecision: null, finalDecision: null });
  });
});

describe('the decision-reference path', () => {
  test('S0-5 listing as decision-reference excludes the round from the units\' time; archiving counts it as completed', async () => {
    const { number, item } = await inSupervision({ finalDecision: 'decision-reference', reviewDate: '2026-11-20' });
    const started = await supervisionDecisionReference.handle(fakeTask({ supervisionId: item.id }), deps(db));
    declared('supervision-decision-reference', started);
    expect(String((started as Record<string, unknown>).archiveSummary)).toContain('原处置单位：区城管局');
    for (const row of await ledgerOf(db, number)) expect(row).toMatchObject({ counted: false, excludedReason: S0_5_REASON });
    const liaisons = await db.getRepository(NoticeEntity).findBy({ eventNumber: number, template: 'supervision-decision-reference' });
    expect(liaisons.map((n) => n.recipient).sort()).toEqual(['liaison:housing-bureau', 'liaison:linkage-centre', 'liaison:urban-management']);

    const archive = {
      supervisionId: item.id,
      supervisionConclusion: 'decision-reference',
      communicationParties: '当事人',
      communicationContent: '已沟通',
      archiveSummary: '摘要',
      archiveReason: '理由',
      centreOpinion: '同意归档',
      archiveSigner: '李华',
      archiveSealed: true,
    };
    const out = await supervisionConclude.handle(fakeTask(archive), deps(db));
    expect(out).toMatchObject({ supervisionOutcome: 'decision-reference', assignedLeadUnit: '' });
    declared('supervision-conclude', out);
    for (const row of await ledgerOf(db, number)) expect(row).toMatchObject({ outcome: 'archived', counted: true, onTime: true });
    // Delivered again: the books stay as they are.
    const once = await ledgerOf(db, number);
    await supervisionConclude.handle(fakeTask(archive), deps(db));
    expect(await ledgerOf(db, number)).toEqual(once);
  });

  test('S0-6 re-dispatched to the original unit: the round is not completed and the next dispatch counts again', async () => {
    const { number, item } = await inSupervision({ finalDecision: 'continue', redispatchUnit: 'urban-management', reviewInstruction: '继续处置' });
    const out = await supervisionConclude.handle(fakeTask({ supervisionId: item.id, supervisionConclusion: 'redispatch' }), deps(db));
    expect(out).toMatchObject({ supervisionOutcome: 'redispatch', assignedLeadUnit: 'urban-management' });
    expect(String((out as Record<string, unknown>).supervisionSummary)).toContain('S0-6');
    const rows = await ledgerOf(db, number);
    expect(rows.map((r) => [r.unitId, r.outcome, r.completedAt, r.counted])).toEqual([
      ['urban-management', 'reopened', null, true],
      ['housing-bureau', 'open', null, true],
    ]);
  });

  test('S0-4.2 returned by all three conveners: back to the same lead unit, the ledger untouched', async () => {
    const { number, item } = await inSupervision();
    const before = await ledgerOf(db, number);
    const out = await supervisionConclude.handle(fakeTask({ supervisionId: item.id, supervisionConclusion: 'returned' }), deps(db));
    expect(out).toMatchObject({ supervisionOutcome: 'returned', assignedLeadUnit: 'urban-management', assignedCooperatingUnits: '' });
    expect(await ledgerOf(db, number)).toEqual(before);
  });
});

describe('a supervision meeting', () => {
  test('S0-3 S0-4.3 an ad hoc level-2 meeting takes the listed items, records the conclusion (the heads sign later in their own tasks), delivers it once and closes', async () => {
    const { item } = await inSupervision({ status: 'listed', listedAt: new Date('2026-11-06T02:00:00Z') });
    const scheduled = (await supervisionMeetingSchedule.handle(
      fakeTask({ meetingKind: 'ad-hoc', meetingLevel: 2, meetingAt: '2026-11-10T09:00:00+08:00', requestedItems: String(item.id) }, { processInstanceId: 'meeting-1' }),
      deps(db),
    )) as Record<string, unknown>;
    declared('supervision-meeting-schedule', scheduled);
    expect(scheduled).toMatchObject({ meetingLevel: 2, meetingKind: 'ad-hoc', meetingName: '二级督办联席会议（临时召集）', meetingAt: '2026-11-10T09:00:00+08:00', waitForAgenda: false });

    const agenda = await supervisionMeetingAgenda.handle(fakeTask({ meetingId: scheduled.meetingId }), deps(db));
    expect(agenda).toEqual({ agendaIds: String(item.id), agendaCount: 1, agendaNumbers: item.eventNumber });

    const briefing = (await supervisionMeetingItem.handle(fakeTask({ supervisionId: item.id, meetingLevel: 2 }), deps(db))) as Record<string, unknown>;
    declared('supervision-meeting-item', briefing);
    expect(briefing.itemLeadUnitName).toBe('区城管局');
    expect(String(briefing.itemBriefing)).toContain('原处置单位：区城管局');

    const engine = fakeEngine({ '/message': [] });
    const conclusion = {
      supervisionId: item.id,
      meetingId: scheduled.meetingId,
      meetingLevel: 2,
      meetingConclusion: 'resolved',
      meetingLeadUnit: 'housing-bureau',
      meetingOpinion: '由区住建局牵头处置',
      meetingDate: '2026-11-10',
    };
    await supervisionMeetingConclude.handle(fakeTask(conclusion), deps(db, engine));
    await supervisionMeetingConclude.handle(fakeTask(conclusion), deps(db, engine));
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0].body).toMatchObject({ messageName: 'supervision-level2-concluded', processInstanceId: item.processInstanceId, processVariables: { level2Conclusion: { value: 'resolved' } } });
    // S0-4.3: nobody types the heads' opinions into the meeting record; they sign in their own tasks.
    expect(await db.getRepository(SupervisionOpinionEntity).countBy({ itemId: item.id, stage: 'level2' })).toBe(0);
    expect(await db.getRepository(SupervisionItemEntity).findOneByOrFail({ id: item.id })).toMatchObject({ redispatchUnit: 'housing-bureau', level2Conclusion: 'resolved' });

    const closed = await supervisionMeetingClose.handle(fakeTask({ meetingId: scheduled.meetingId }), deps(db));
    expect(closed).toEqual({ meetingSummary: '会商事项 1 项：形成结论，明确责任主体继续处置 1 项' });
  });

  test('S0-3 the monthly meeting sits with an empty agenda: not cancelled, the participants are told, the record says so', async () => {
    const scheduled = (await supervisionMeetingSchedule.handle(fakeTask({ meetingKind: 'monthly' }, { processInstanceId: 'meeting-empty' }), deps(db))) as Record<string, unknown>;
    expect(scheduled).toMatchObject({ meetingLevel: 2, meetingKind: 'monthly', needsConfirmation: false });
    // Every item still waiting from other tests is taken elsewhere; make sure none waits now.
    await db.getRepository(SupervisionItemEntity).update({ status: 'listed' }, { status: 'review' });
    const agenda = await supervisionMeetingAgenda.handle(fakeTask({ meetingId: scheduled.meetingId }), deps(db));
    expect(agenda).toEqual({ agendaIds: '', agendaCount: 0, agendaNumbers: '' });
    expect(await db.getRepository(SupervisionMeetingEntity).findOneByOrFail({ id: scheduled.meetingId as number })).toMatchObject({ status: 'in-session' });
    const notices = await db.getRepository(NoticeEntity).findBy({ template: 'supervision-meeting' });
    expect(notices.some((n) => n.payload.includes(EMPTY_AGENDA))).toBe(true);
    const closed = await supervisionMeetingClose.handle(fakeTask({ meetingId: scheduled.meetingId }), deps(db));
    expect(closed).toEqual({ meetingSummary: EMPTY_AGENDA });
  });

  test('S0-3 an ad hoc level-2 meeting proposed by one convening unit is only proposed until the other two confirm', async () => {
    const scheduled = (await supervisionMeetingSchedule.handle(
      fakeTask({ meetingKind: 'ad-hoc', meetingLevel: 2, meetingAt: '2026-11-12T09:00:00+08:00', proposedBy: 'party-office' }, { processInstanceId: 'meeting-proposed' }),
      deps(db),
    )) as Record<string, unknown>;
    declared('supervision-meeting-schedule', scheduled);
    expect(scheduled).toMatchObject({ needsConfirmation: true, proposedBy: 'party-office', proposedByName: '区委办' });
    expect(await db.getRepository(SupervisionMeetingEntity).findOneByOrFail({ id: scheduled.meetingId as number })).toMatchObject({ status: 'proposed', proposedBy: 'party-office' });
  });

  test('S0-4.3 each head signs in the unit\'s own task: the signer and date come from the engine\'s history, not from typed names', async () => {
    const { item } = await inSupervision({ status: 'review', level2Conclusion: 'unsolvable', level2Date: '2026-11-10', level2Opinion: '确属无法解决' });
    const engine = fakeEngine({
      '/history/task': [{ id: 'sign-1', assignee: null, endTime: '2026-11-11T10:00:00.000+0800', deleteReason: 'completed' }],
      '/history/user-operation': [{ userId: 'demo-discipline', operationType: 'Complete' }],
      '/user/demo-discipline/profile': { firstName: '立', lastName: '陈' },
    });
    const signed = {
      supervisionId: item.id,
      level2DisciplineOpinion: '同意提请审核',
      level2DisciplineSealed: true,
      level2PartyOfficeOpinion: '同意',
      level2PartyOfficeSealed: true,
      level2GovernmentOfficeOpinion: '同意',
      level2GovernmentOfficeSealed: true,
      // A typed name is not a signature: it is ignored.
      disciplineHeadSigner: '甲',
    };
    const out = (await supervisionHeadSignatures.handle(fakeTask(signed, { processInstanceId: item.processInstanceId }), deps(db, engine))) as Record<string, unknown>;
    declared('supervision-head-signatures', out);
    await supervisionHeadSignatures.handle(fakeTask(signed, { processInstanceId: item.processInstanceId }), deps(db, engine));
    const rows = await db.getRepository(SupervisionOpinionEntity).findBy({ itemId: item.id, stage: 'level2' });
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.unitId === 'discipline-commission')).toMatchObject({ signer: '陈立', signerAccount: 'demo-discipline', signedOn: '2026-11-11', sealed: true, opinion: '同意提请审核' });
    expect(String(out.level2Summary)).toContain('同意提请审核');
    await expect(
      supervisionHeadSignatures.handle(fakeTask({ ...signed, level2PartyOfficeSealed: false }, { processInstanceId: item.processInstanceId }), deps(db, engine)),
    ).rejects.toThrow(/seal/);
  });
});
