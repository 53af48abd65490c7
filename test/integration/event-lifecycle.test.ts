import type { DataSource } from 'typeorm';
import { toIsoWithOffset, type WorkingCalendar } from '../../src/calendar/index.js';
import { loadWorkingCalendar } from '../../src/calendar/calendar-store.js';
import { ConsultationItemEntity, EventEntity, LedgerEntryEntity, NoticeEntity, SlaRecordEntity } from '../../src/db/entities/index.js';
import { engineTime } from '../../src/events/queries.js';
import { completedAssists } from '../../src/handling/rounds.js';
import type { Worker } from '../../workers/runner.js';
import { activeActivities, complete, endedAt, fireTimer, reportEvent, taskFor, variable } from './support/events.js';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/logger.js';
import { adminEngine, demoAuthHeader, openTestDatabase, startWorkers, testConfig, testContext, unitEngine, waitFor } from './support/platform.js';

/**
 * The event lifecycle on the real engine with the real workers: every branch of
 * processes/event-handling.bpmn, named with the SPEC rule it carries out.
 */
let db: DataSource;
let worker: Worker;

beforeAll(async () => {
  db = await openTestDatabase();
  worker = startWorkers(db);
});
afterAll(async () => {
  await worker.stop();
  await db.destroy();
});

const eventRow = (number: string) => db.getRepository(EventEntity).findOneByOrFail({ number });
const ledger = (number: string) => db.getRepository(LedgerEntryEntity).find({ where: { eventNumber: number }, order: { round: 'ASC', role: 'DESC', unitId: 'ASC' } });
const notices = async (number: string) => (await db.getRepository(NoticeEntity).findBy({ eventNumber: number })).map((n) => n.template);
const waitForNotice = (number: string, template: string) => waitFor(async () => (await notices(number)).includes(template), `notice ${template}`);
const accept = (unit: string, number: string, grade = 'general') => complete(unit, number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade });
/** A cooperating unit completes its assist; its row is booked by the worker right after (S4-4.9). */
async function assist(unit: string, number: string, assistFeedback: string): Promise<void> {
  await complete(unit, number, 'UserTask_AssistHandling', { assistFeedback });
  await waitFor(async () => (await ledger(number)).find((r) => r.unitId === unit && r.role === 'cooperating' && r.outcome === 'completed'), `${unit}'s assist in the ledger`);
}

describe('S2-5.1 acceptance within one working day', () => {
  test('S2-5.1 S4-4.1 the street sub-centre (or the centre) gets the acceptance task, due within 1 working day', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'manhole-cover');
    const task = await taskFor('changhe-sub-centre', number, 'UserTask_AcceptEvent');
    await taskFor('linkage-centre', number, 'UserTask_AcceptEvent');
    const acceptDueAt = await variable<string>(processInstanceId, 'acceptDueAt');
    expect(acceptDueAt).toMatch(/T23:59:59\+08:00$/);
    expect(new Date(task.due!).getTime()).toBe(new Date(acceptDueAt).getTime());
    // A department does not see it.
    expect(await unitEngine('urban-management').get('/task', { processInstanceBusinessKey: number })).toEqual([]);
  });

  test('S2-5.1 an event not accepted in time is recorded and the centre is told, once, while the task stays open', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'street-light');
    await taskFor('linkage-centre', number, 'UserTask_AcceptEvent');
    await fireTimer(processInstanceId, 'Timer_AcceptOverdue');
    await waitForNotice(number, 'event-accept-overdue');
    const records = await db.getRepository(SlaRecordEntity).findBy({ eventNumber: number });
    expect(records.map((r) => r.kind)).toEqual(['accept-overdue']);
    await taskFor('linkage-centre', number, 'UserTask_AcceptEvent');
  });

  test('S2-5.1 an accepted report is fed back to the reporter as well: an event-accepted notice on the reporter’s channel', async () => {
    const { number } = await reportEvent(db, 'manhole-cover');
    await accept('changhe-sub-centre', number);
    const notice = await waitFor(
      async () => (await db.getRepository(NoticeEntity).findBy({ eventNumber: number })).find((n) => n.template === 'event-accepted'),
      'the acceptance notice',
    );
    // The reporter's phone goes to the SMS gateway (webhook); the recipient column names the role only.
    expect([notice.recipient, notice.channel]).toEqual(['reporter', 'webhook']);
    expect(JSON.parse(notice.payload)).toMatchObject({ to: '13800000000', subject: `您反映的问题已受理（${number}）` });
    // Before the units are told: the feedback does not wait for the dispatch.
    await waitForNotice(number, 'event-dispatched');
    const order = (await db.getRepository(NoticeEntity).find({ where: { eventNumber: number }, order: { id: 'ASC' } })).map((n) => n.template);
    expect(order.indexOf('event-accepted')).toBeLessThan(order.indexOf('event-dispatched'));
  });

  test('S2-5.1 a rejected report ends with the reason recorded and the reporter notified', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'price-complaint');
    await complete('linkage-centre', number, 'UserTask_AcceptEvent', { acceptDecision: 'reject', rejectReason: '不属于本平台受理范围' });
    expect(await endedAt(processInstanceId)).toBe('EndEvent_Rejected');
    expect(await eventRow(number)).toMatchObject({ status: 'rejected', outcomeNote: '不属于本平台受理范围' });
    await waitForNotice(number, 'event-rejected');
    expect(await ledger(number)).toEqual([]);
  });

  test('S4-4.4 a duplicate is merged into an existing event number; an unknown number sends it back to the operator', async () => {
    const original = await reportEvent(db, 'road-occupation');
    const { number, processInstanceId } = await reportEvent(db, 'road-occupation');
    await complete('linkage-centre', number, 'UserTask_AcceptEvent', { acceptDecision: 'merge', mergeInto: 'SJ-19990101-000001' });
    // MERGE_TARGET_UNKNOWN: the acceptance task comes back.
    await taskFor('linkage-centre', number, 'UserTask_AcceptEvent');
    await complete('linkage-centre', number, 'UserTask_AcceptEvent', { acceptDecision: 'merge', mergeInto: original.number });
    expect(await endedAt(processInstanceId)).toBe('EndEvent_Merged');
    expect(await eventRow(number)).toMatchObject({ status: 'merged', mergedInto: original.number });
    await waitForNotice(number, 'event-merged');
  });
});

describe('S2-3 grading and S4-4.2 dispatch by the responsibility list', () => {
  test('S2-3 the decision table suggests a grade and the operator may override it', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'food-safety');
    await taskFor('linkage-centre', number, 'UserTask_AcceptEvent');
    expect(await variable(processInstanceId, 'suggestedGrade')).toBe('larger');
    await accept('linkage-centre', number, 'general');
    // Overridden to general: dispatched straight to the street market platform.
    await taskFor('changhe-platform-market', number, 'UserTask_HandleEvent');
    expect((await eventRow(number)).grade).toBe('general');
  });

  test('S4-4.2 S2-4 a general event goes to the lead unit and its cooperating units in parallel, each with a ledger row', async () => {
    const { number } = await reportEvent(db, 'illegal-construction');
    await accept('changhe-sub-centre', number);
    const lead = await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
    await taskFor('urban-management', number, 'UserTask_AssistHandling');
    await taskFor('housing-bureau', number, 'UserTask_AssistHandling');
    expect(lead.name).toBe(`处置事件：${number} 违法建筑（测试）`);
    const rows = await ledger(number);
    expect(rows.map((r) => [r.round, r.unitId, r.role, r.outcome])).toEqual([
      [1, 'changhe-platform-enforcement', 'lead', 'open'],
      [1, 'housing-bureau', 'cooperating', 'open'],
      [1, 'urban-management', 'cooperating', 'open'],
    ]);
    await waitForNotice(number, 'event-dispatched');
    expect(await eventRow(number)).toMatchObject({ status: 'handling', leadUnit: 'changhe-platform-enforcement', handlingRound: 1 });
  });

  test('S4-4.2 the street matters: the same category in a street without sub-platforms goes to the district department', async () => {
    const { number } = await reportEvent(db, 'food-safety', '西兴街道');
    await accept('linkage-centre', number, 'general');
    await taskFor('market-regulation-bureau', number, 'UserTask_HandleEvent');
  });

  test('S2-3 S2-4 a larger event is coordinated by the street’s 平安建设办, never by the district centre, and it names the lead and cooperating units', async () => {
    const { number } = await reportEvent(db, 'fire-hazard');
    await accept('changhe-sub-centre', number, 'larger');
    await taskFor('changhe-safety-office', number, 'UserTask_StreetCoordination');
    for (const unit of ['linkage-centre', 'changhe-sub-centre']) {
      expect(await unitEngine(unit).get('/task', { processInstanceBusinessKey: number, taskDefinitionKey: 'UserTask_StreetCoordination' })).toEqual([]);
    }
    await complete('changhe-safety-office', number, 'UserTask_StreetCoordination', {
      assignedLeadUnit: 'police-station',
      assignedCooperatingUnits: 'changhe-platform-governance',
      coordinationNote: '街道联席会议：由派出所牵头，综合治理平台配合',
    });
    await taskFor('police-station', number, 'UserTask_HandleEvent');
    await taskFor('changhe-platform-governance', number, 'UserTask_AssistHandling');
  });

  test('S2-3 a larger event in a street without a sub-centre is dispatched by the responsibility list to the district department; nobody at the centre coordinates it', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'food-safety', '西兴街道');
    await accept('linkage-centre', number, 'larger');
    await taskFor('market-regulation-bureau', number, 'UserTask_HandleEvent');
    const steps = await adminEngine().get<Array<{ activityId: string }>>('/history/activity-instance', { processInstanceId, activityId: 'UserTask_StreetCoordination' });
    expect(steps).toEqual([]);
    expect(await eventRow(number)).toMatchObject({ grade: 'larger', leadUnit: 'market-regulation-bureau' });
  });

  test('S2-3 S2-5.1 a major event is reported to the district functional department within 1 working day', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'elevator-safety');
    await accept('changhe-sub-centre', number, 'major');
    const report = await taskFor('changhe-sub-centre', number, 'UserTask_ReportMajor');
    expect(new Date(report.due!).getTime()).toBe(new Date(await variable<string>(processInstanceId, 'reportUpDueAt')).getTime());
    // Not reported within the working day: recorded, and the centre is told; the task stays open.
    await fireTimer(processInstanceId, 'Timer_ReportMajorOverdue');
    await waitForNotice(number, 'event-report-overdue');
    expect((await db.getRepository(SlaRecordEntity).findBy({ eventNumber: number })).map((r) => r.kind)).toEqual(['report-overdue']);
    await complete('changhe-sub-centre', number, 'UserTask_ReportMajor', { assignedLeadUnit: 'market-regulation-bureau', reportNote: '电梯困人隐患，报区市场监管局' });
    await taskFor('market-regulation-bureau', number, 'UserTask_HandleEvent');
  });
});

describe('S2-5.1 handling within 5 (at most 15) working days, then verification', () => {
  test('S2-5.1 S4-4.7 a general event is handled on time, verified with the reporter and closed', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'road-damage');
    await accept('linkage-centre', number);
    const handle = await taskFor('urban-management', number, 'UserTask_HandleEvent');
    expect(new Date(handle.due!).getTime()).toBe(new Date(await variable<string>(processInstanceId, 'dueAt')).getTime());
    expect(await variable(processInstanceId, 'timeLimitDays')).toBe(5);
    await assist('housing-bureau', number, '已配合封闭施工区域');
    await complete('urban-management', number, 'UserTask_HandleEvent', { handlingOutcome: 'completed', feedback: '已修复路面坑洼', feedbackAttachments: 'photo-1' });
    await complete('linkage-centre', number, 'UserTask_VerifyEvent', { resolved: 'yes', satisfaction: 5, verifyNote: '回访上报人，表示满意' });
    expect(await endedAt(processInstanceId)).toBe('EndEvent_Closed');
    expect(await eventRow(number)).toMatchObject({ status: 'closed', satisfaction: 5 });
    const rows = await ledger(number);
    expect(rows.map((r) => [r.unitId, r.outcome, r.onTime, r.counted])).toEqual([
      ['urban-management', 'completed', true, true],
      ['housing-bureau', 'completed', true, true],
    ]);
    await waitForNotice(number, 'event-closed');
  });

  test('S2-5.1 a warning before the due date and an overdue notice at it, each recorded once; the unit can still finish', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'garbage-dumping');
    await accept('linkage-centre', number);
    await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
    await fireTimer(processInstanceId, 'Timer_HandlingWarning');
    await fireTimer(processInstanceId, 'Timer_HandlingOverdue');
    await waitForNotice(number, 'event-overdue');
    await waitForNotice(number, 'event-warning');
    const kinds = (await db.getRepository(SlaRecordEntity).findBy({ eventNumber: number })).map((r) => r.kind).sort();
    expect(kinds).toEqual(['overdue', 'warning']);
    expect((await eventRow(number)).overdue).toBe(true);
    await assist('urban-management', number, '已派车清运');
    await complete('changhe-platform-enforcement', number, 'UserTask_HandleEvent', { handlingOutcome: 'completed', feedback: '已清运' });
    await taskFor('linkage-centre', number, 'UserTask_VerifyEvent');
    const [lead] = (await ledger(number)).filter((r) => r.role === 'lead');
    expect(lead).toMatchObject({ outcome: 'completed', onTime: false });
  });

  test('S2-5.1 at 15 working days the event is escalated to the centre automatically, which re-dispatches it', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'outdoor-advertising');
    await accept('linkage-centre', number);
    await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
    await fireTimer(processInstanceId, 'Timer_HandlingEscalation');
    await taskFor('linkage-centre', number, 'UserTask_EscalationDecision');
    // The unit's task is gone with the interrupted handling.
    expect(await unitEngine('changhe-platform-enforcement').get('/task', { processInstanceBusinessKey: number })).toEqual([]);
    expect((await ledger(number))[0]).toMatchObject({ round: 1, outcome: 'escalated' });
    expect(await eventRow(number)).toMatchObject({ status: 'escalated' });
    await waitForNotice(number, 'event-escalated');
    await complete('linkage-centre', number, 'UserTask_EscalationDecision', { redispatchChoice: 'dispatch', assignedLeadUnit: 'urban-management', assignedCooperatingUnits: '' });
    await taskFor('urban-management', number, 'UserTask_HandleEvent');
    expect((await ledger(number)).map((r) => [r.round, r.unitId])).toEqual([
      [1, 'changhe-platform-enforcement'],
      [2, 'urban-management'],
    ]);
  });

  test('S2-5.1 an event’s 15 working days count from its first dispatch: a re-dispatched round is due and escalated at the event’s 15th working day', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'road-damage');
    await accept('linkage-centre', number);
    await taskFor('urban-management', number, 'UserTask_HandleEvent');
    // Given an event first dispatched long enough ago that its 15th working day is 3 working days away…
    const calendar = await loadWorkingCalendar(db);
    const firstDispatch = dispatchedSoThatHorizonIsIn(calendar, 3);
    await db.getRepository(LedgerEntryEntity).update({ eventNumber: number, round: 1 }, { dispatchedAt: firstDispatch });
    const horizon = new Date(toIsoWithOffset(calendar.addWorkingDays(firstDispatch, 15))).getTime();
    // …when the unit returns it and the centre re-dispatches it…
    await complete('urban-management', number, 'UserTask_HandleEvent', { handlingOutcome: 'returned', returnReason: '路面属小区内部道路，非市政道路' });
    await complete('linkage-centre', number, 'UserTask_Redispatch', { redispatchChoice: 'dispatch', assignedLeadUnit: 'changhe-platform-services', assignedCooperatingUnits: '' });
    const handle = await taskFor('changhe-platform-services', number, 'UserTask_HandleEvent');
    // …then the new round gets no fresh 15 days: escalation at the event's 15th working day, and its 5-day limit cut back to it.
    expect(new Date(await variable<string>(processInstanceId, 'escalateAt')).getTime()).toBe(horizon);
    expect(new Date(await variable<string>(processInstanceId, 'dueAt')).getTime()).toBe(horizon);
    expect(new Date(handle.due!).getTime()).toBe(horizon);
    const [job] = await waitFor(async () => {
      const jobs = await adminEngine().get<Array<{ dueDate: string }>>('/job', { processInstanceId, activityId: 'Timer_HandlingEscalation' });
      return jobs.length > 0 ? jobs : undefined;
    }, 'the escalation timer of round 2');
    expect(engineTime(job.dueDate).getTime()).toBe(horizon);
    const round2 = (await ledger(number)).find((r) => r.round === 2 && r.role === 'lead');
    expect(round2?.dueAt.getTime()).toBe(horizon);
  });

  test('S4-4.7 verification finds it unresolved: reopened to the same unit as a new round, the first not counted as completed', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'water-supply');
    await accept('linkage-centre', number);
    await assist('housing-bureau', number, '已检修管网');
    await complete('changhe-platform-services', number, 'UserTask_HandleEvent', { handlingOutcome: 'completed', feedback: '已恢复供水' });
    await complete('linkage-centre', number, 'UserTask_VerifyEvent', { resolved: 'no', satisfaction: 2, verifyNote: '上报人反映仍然停水' });
    await taskFor('changhe-platform-services', number, 'UserTask_HandleEvent');
    expect(await variable(processInstanceId, 'handlingRound')).toBe(2);
    const leads = (await ledger(number)).filter((r) => r.role === 'lead');
    expect(leads.map((r) => [r.round, r.unitId, r.outcome])).toEqual([
      [1, 'changhe-platform-services', 'reopened'],
      [2, 'changhe-platform-services', 'open'],
    ]);
    await waitForNotice(number, 'event-reopened');
  });
});

describe('S4-4.9 S2-5.2 each unit’s own outcome and words in the assessment book', () => {
  const app = () => createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });

  test('S4-4.9 S2-5.2 when the lead unit returns the event, the cooperating 长河司法所 that took part keeps its own outcome and words, in the ledger and on the timeline', async () => {
    const { number } = await reportEvent(db, 'neighbour-dispute');
    await accept('linkage-centre', number);
    // The assist is booked when the cooperating unit completes it.
    await assist('justice-office', number, '已参与调解');
    await complete('changhe-platform-governance', number, 'UserTask_HandleEvent', { handlingOutcome: 'returned', returnReason: '属物业服务纠纷，非本平台职责' });
    await taskFor('linkage-centre', number, 'UserTask_Redispatch');

    const rows = await ledger(number);
    expect(rows.map((r) => [r.unitId, r.role, r.outcome, r.note, r.onTime, r.counted])).toEqual([
      ['changhe-platform-governance', 'lead', 'returned', '属物业服务纠纷，非本平台职责', true, true],
      ['justice-office', 'cooperating', 'completed', '已参与调解', true, true],
    ]);
    const res = await request(app()).get(`/api/events/${number}`).set('Authorization', demoAuthHeader('linkage-centre'));
    expect(res.status).toBe(200);
    const outcomes = (res.body.timeline as Array<{ source: string; outcome?: string; unit?: { id: string }; label: string }>)
      .filter((e) => e.source === 'ledger' && e.outcome)
      .map((e) => [e.unit?.id, e.outcome, e.label]);
    // Both happen within the same second; MariaDB keeps whole seconds, so their order may tie.
    expect(outcomes).toHaveLength(2);
    expect(outcomes).toEqual(expect.arrayContaining([
      ['justice-office', 'completed', '长河司法所完成协办'],
      ['changhe-platform-governance', 'returned', '长河街道综合治理平台退回'],
    ]));
  });

  test('S4-4.9 the lead unit returning the moment the assist is done: the assist is booked completed with its own words, never withdrawn', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'neighbour-dispute');
    await accept('linkage-centre', number);
    // No wait for the assist's booking: the round may close before it runs (the close reads the engine's history then).
    await complete('justice-office', number, 'UserTask_AssistHandling', { assistFeedback: '已参与调解' });
    await complete('changhe-platform-governance', number, 'UserTask_HandleEvent', { handlingOutcome: 'returned', returnReason: '属物业服务纠纷，非本平台职责' });
    await taskFor('linkage-centre', number, 'UserTask_Redispatch');
    expect((await ledger(number)).map((r) => [r.unitId, r.outcome, r.note, r.counted])).toEqual([
      ['changhe-platform-governance', 'returned', '属物业服务纠纷，非本平台职责', true],
      ['justice-office', 'completed', '已参与调解', true],
    ]);
    // What the close reads of the engine's history: the unit the assist task was offered to and its form's words.
    const assists = await completedAssists(adminEngine().history, processInstanceId, new Date(0));
    expect(assists.map((a) => [a.unitId, a.feedback])).toEqual([['justice-office', '已参与调解']]);
  });
});

describe('returns and reports up', () => {
  test('S2-4 S3-3.2 a return goes back to the centre for re-dispatch; a second return makes it a consultation item the event waits for', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'neighbour-dispute');
    await accept('linkage-centre', number);
    await assist('justice-office', number, '已参与调解');
    await complete('changhe-platform-governance', number, 'UserTask_HandleEvent', { handlingOutcome: 'returned', returnReason: '属物业服务纠纷，非本平台职责' });
    await complete('linkage-centre', number, 'UserTask_Redispatch', { redispatchChoice: 'dispatch', assignedLeadUnit: 'housing-bureau', assignedCooperatingUnits: '' });
    expect((await eventRow(number)).unclearResponsibility).toBe(false);
    await complete('housing-bureau', number, 'UserTask_HandleEvent', { handlingOutcome: 'returned', returnReason: '属邻里矛盾，应由街道调解' });
    // Not back to the centre: the event waits for the monthly consultation (S3), with both reasons.
    await waitFor(async () => (await activeActivities(processInstanceId)).includes('Message_ConsultationDecided'), 'the event waiting for the consultation');
    expect(await eventRow(number)).toMatchObject({ unclearResponsibility: true, returnCount: 2 });
    await waitForNotice(number, 'event-unclear-responsibility');
    const item = await db.getRepository(ConsultationItemEntity).findOneByOrFail({ eventNumber: number });
    expect(item).toMatchObject({ source: 'event', status: 'collected', eventProcessInstanceId: processInstanceId });
    expect(JSON.parse(item.returns).map((r: { unitId: string; reason: string }) => [r.unitId, r.reason])).toEqual([
      ['changhe-platform-governance', '属物业服务纠纷，非本平台职责'],
      ['housing-bureau', '属邻里矛盾，应由街道调解'],
    ]);
    const leads = (await ledger(number)).filter((r) => r.role === 'lead').map((r) => [r.round, r.unitId, r.outcome]);
    expect(leads).toEqual([
      [1, 'changhe-platform-governance', 'returned'],
      [2, 'housing-bureau', 'returned'],
    ]);
  });

  test('S2-5.1 the unit that cannot handle it must report up within 1 working day: the time limit and a late record are that unit’s; the district platform then dispatches it', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'sewage-discharge');
    await accept('linkage-centre', number);
    await assist('changhe-platform-enforcement', number, '已现场取证');
    await complete('environment-bureau', number, 'UserTask_HandleEvent', { handlingOutcome: 'cannot-handle', scopeReason: '排污单位在区外，需区级协调' });
    // The report up is the unit's own task, due within 1 working day of its finding.
    const reportUp = await taskFor('environment-bureau', number, 'UserTask_ReportUp');
    expect(new Date(reportUp.due!).getTime()).toBe(new Date(await variable<string>(processInstanceId, 'reportUpDueAt')).getTime());
    expect(await unitEngine('linkage-centre').get('/task', { processInstanceBusinessKey: number })).toEqual([]);
    await fireTimer(processInstanceId, 'Timer_ReportUpOverdue');
    await waitForNotice(number, 'event-report-overdue');
    const late = await db.getRepository(SlaRecordEntity).findBy({ eventNumber: number });
    expect(late.map((r) => [r.kind, r.unitId])).toEqual([['report-overdue', 'environment-bureau']]);
    await complete('environment-bureau', number, 'UserTask_ReportUp', { reportUpNote: '排污单位在区外，已现场取证，需区级协调跨区执法' });
    await waitForNotice(number, 'event-reported-up');
    // The centre's dispatch is its own step, with its own clock (1 working day), not the report-up one.
    const dispatch = await taskFor('linkage-centre', number, 'UserTask_DistrictDispatch');
    expect(new Date(dispatch.due!).getTime()).toBe(new Date(await variable<string>(processInstanceId, 'districtDispatchDueAt')).getTime());
    await complete('linkage-centre', number, 'UserTask_DistrictDispatch', { redispatchChoice: 'dispatch', assignedLeadUnit: 'urban-management', assignedCooperatingUnits: 'environment-bureau' });
    await taskFor('urban-management', number, 'UserTask_HandleEvent');
    await taskFor('environment-bureau', number, 'UserTask_AssistHandling');
    expect((await ledger(number)).filter((r) => r.role === 'lead').map((r) => r.outcome)).toEqual(['cannot-handle', 'open']);
  });

  test('S2-4 a unit cannot complete another unit’s handling task', async () => {
    const { number } = await reportEvent(db, 'counterfeit-goods');
    await accept('linkage-centre', number);
    const task = await taskFor('changhe-platform-market', number, 'UserTask_HandleEvent');
    await expect(unitEngine('urban-management').post(`/task/${task.id}/complete`, { variables: {} })).rejects.toMatchObject({ httpStatus: 403 });
    expect(await activeActivities((await eventRow(number)).processInstanceId!)).toContain('UserTask_HandleEvent');
  });
});

test('the admin can still see everything in history (for Cockpit operators)', async () => {
  const { number, processInstanceId } = await reportEvent(db, 'manhole-cover');
  expect((await adminEngine().history.processInstances({ processInstanceBusinessKey: number })).map((p) => p.id)).toEqual([processInstanceId]);
});

describe('S0 the event process hands items nobody can solve to the supervision joint meeting', () => {
  const CONVENING = [
    { id: 'discipline-commission', key: 'Discipline' },
    { id: 'party-office', key: 'PartyOffice' },
    { id: 'government-office', key: 'GovernmentOffice' },
  ];

  test('S0-2 S0-4.2 an escalated event goes to supervision; all three convening units decline → back to the same unit as a new round', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'outdoor-advertising');
    await accept('linkage-centre', number);
    await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
    await fireTimer(processInstanceId, 'Timer_HandlingEscalation');
    await complete('linkage-centre', number, 'UserTask_EscalationDecision', { redispatchChoice: 'supervision', scopeReason: '广告设置系历史遗留，现行政策下无法拆除' });

    // The supervision process runs as a call activity under the same event number.
    const [sub] = await waitFor(
      async () => {
        const found = await adminEngine().get<Array<{ id: string; businessKey: string }>>('/process-instance', { superProcessInstance: processInstanceId });
        return found.length > 0 ? found : undefined;
      },
      'the supervision process',
    );
    expect(sub.businessKey).toBe(number);
    const centre = unitEngine('linkage-centre');
    const declare = await waitFor(async () => {
      const incidents = await adminEngine().get<Array<{ incidentMessage: string }>>('/incident', { processInstanceId: sub.id });
      if (incidents.length > 0) throw new Error(`incident in supervision: ${incidents[0].incidentMessage}`);
      return (await centre.get<Array<{ id: string }>>('/task', { processInstanceId: sub.id, taskDefinitionKey: 'UserTask_Declare' })).at(0);
    }, 'the declaration');
    await centre.post(`/task/${declare.id}/complete`, {
      variables: { dispatchDate: { value: '2026-11-02' }, scopeType: { value: 'historical-legacy' }, scopeReason: { value: '历史遗留问题' } },
    });
    for (const unit of CONVENING) {
      const engine = unitEngine(unit.id);
      const review = await waitFor(async () => (await engine.get<Array<{ id: string }>>('/task', { processInstanceId: sub.id, taskDefinitionKey: `UserTask_PreliminaryReview${unit.key}` })).at(0), `${unit.id} review`);
      await engine.post(`/task/${review.id}/complete`, {
        variables: {
          [`review${unit.key}Listed`]: { value: 'no' },
          [`review${unit.key}Reason`]: { value: '属职能部门职责，不必提交联席会议' },
          [`review${unit.key}Sealed`]: { value: true },
          [`review${unit.key}Signer`]: { value: '负责人' },
          [`review${unit.key}Date`]: { value: '2026-11-05' },
        },
      });
    }

    // Returned (S0-4.2): a new handling round for the original lead unit.
    await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
    expect(await variable(processInstanceId, 'handlingRound')).toBe(2);
    const leads = (await ledger(number)).filter((r) => r.role === 'lead').map((r) => [r.round, r.unitId]);
    expect(leads).toEqual([
      [1, 'changhe-platform-enforcement'],
      [2, 'changhe-platform-enforcement'],
    ]);
  });
});

describe('S0-4.1 the centre declares an item by hand', () => {
  const declare = (number: string) =>
    request(createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() }))
      .post('/api/supervision')
      .set('Authorization', demoAuthHeader('linkage-centre'))
      .send({ eventNumber: number, scopeReason: '涉及历史遗留产权问题，现行政策无法解决' });

  test('S0-4.1 S0-2 an event being handled leaves handling and enters supervision through its own process, keeping its number', async () => {
    const { number, processInstanceId } = await reportEvent(db, 'illegal-parking');
    await accept('linkage-centre', number);
    await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
    const res = await declare(number);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ via: 'event-process', eventNumber: number, eventProcessInstanceId: processInstanceId });
    const [sub] = await waitFor(async () => {
      const found = await adminEngine().get<Array<{ id: string; businessKey: string }>>('/process-instance', { superProcessInstance: processInstanceId });
      return found.length > 0 ? found : undefined;
    }, 'the supervision process');
    expect(sub.businessKey).toBe(number);
    expect(await variable(sub.id, 'supervisionEntry')).toBe('centre');
    expect(await unitEngine('changhe-platform-enforcement').get('/task', { processInstanceBusinessKey: number, taskDefinitionKey: 'UserTask_HandleEvent' })).toEqual([]);
    expect((await ledger(number)).find((r) => r.role === 'lead')).toMatchObject({ round: 1, outcome: 'supervision' });
    // A second declaration while it is under supervision is refused.
    expect((await declare(number)).status).toBe(409);
  });

  test('S0-4.1 an event not yet dispatched cannot be declared by hand: the centre decides in its task', async () => {
    const { number } = await reportEvent(db, 'illegal-parking');
    await taskFor('linkage-centre', number, 'UserTask_AcceptEvent');
    const res = await declare(number);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('提请督办联席会议');
  });
});

/** A first-dispatch time whose 15th working day comes `days` working days from now (S2-5.1 tests). */
function dispatchedSoThatHorizonIsIn(calendar: WorkingCalendar, days: number): Date {
  const now = Date.now();
  const limit = calendar.addWorkingDays(new Date(now), days).getTime();
  for (let back = 1; back < 60; back += 1) {
    const candidate = new Date(now - back * 86_400_000);
    if (calendar.addWorkingDays(candidate, 15).getTime() <= limit) return candidate;
  }
  throw new Error('no first-dispatch time found');
}
