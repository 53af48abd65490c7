import request from 'supertest';
import { IsNull, type DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { credentialsPath, DEMO_CREDENTIALS_FILE, readCredentialsFile } from '../../src/credentials.js';
import {
  EventEntity,
  LedgerEntryEntity,
  NoticeEntity,
  SupervisionItemEntity,
  SupervisionMeetingEntity,
  SupervisionMeetingItemEntity,
  SupervisionOpinionEntity,
  type LedgerEntry,
  type SupervisionItem,
} from '../../src/db/entities/index.js';
import { deployModels } from '../../src/engine/deployment.js';
import type { EngineClient } from '../../src/engine/engine-client.js';
import { demoUserId } from '../../src/identity/org-chart.js';
import { silentLogger } from '../../src/logger.js';
import { chineseDateTime } from '../../src/formatting/chinese-dates.js';
import { S0_5_REASON } from '../../src/handling/ledger.js';
import type { Worker } from '../../workers/runner.js';
import { adminEngine, openTestDatabase, startWorkers, testConfig, testContext, unitEngine, waitFor } from './support/platform.js';

/**
 * SPEC S0, the two-level supervision joint meeting (seed 000), on the real engine with the real
 * workers: declaration, the three preliminary reviews, the level-2 meeting delivering its
 * conclusions by message correlation, the district leader's review, the level-1 meeting, the
 * archive, the ledger effects S0-5 / S0-6, the printed forms and the S0-8 analysis.
 */
const CENTRE = 'linkage-centre';
const UNITS = [
  { id: 'discipline-commission', key: 'Discipline', label: '区纪委' },
  { id: 'party-office', key: 'PartyOffice', label: '区委办' },
  { id: 'government-office', key: 'GovernmentOffice', label: '区府办' },
] as const;
type UnitKey = (typeof UNITS)[number]['id'];

interface Task {
  id: string;
  name: string;
  taskDefinitionKey: string;
  processInstanceId: string;
  operatonFormRef: { key: string; binding: string } | null;
  due?: string | null;
}

let db: DataSource;
let worker: Worker;
let app: ReturnType<typeof createApp>;
const engine = () => adminEngine();

beforeAll(async () => {
  db = await openTestDatabase();
  worker = startWorkers(db);
  app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
});
afterAll(async () => {
  await worker.stop();
  await db.destroy();
});

// --- helpers -----------------------------------------------------------------------------------

function basic(unitId: string): string {
  const user = demoUserId(unitId);
  const password = readCredentialsFile(credentialsPath(testConfig(), DEMO_CREDENTIALS_FILE))[user];
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

let serial = 0;
/** An event in the app database, as the intake API stores it (no event process: supervision is tested on its own). */
async function createEvent(overrides: { category?: string; street?: string | null; leadUnit?: string; round?: number } = {}): Promise<string> {
  serial += 1;
  const number = `SJ-S${String(Date.now()).slice(-8)}-${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(3, '0')}`;
  const now = new Date();
  await db.getRepository(EventEntity).insert({
    number,
    channel: 'hotline',
    externalId: number,
    requestHash: '-',
    category: overrides.category ?? 'illegal-construction',
    title: `老旧小区违章搭建（督办测试 ${serial}）`,
    description: '测试事件描述',
    address: '长河街道某路1号',
    street: overrides.street === undefined ? '长河街道' : overrides.street,
    reporterName: '张三',
    reporterPhone: '13800000000',
    attachments: '[]',
    reportedAt: now,
    receivedAt: now,
    status: 'escalated',
    leadUnit: overrides.leadUnit ?? 'urban-management',
    handlingRound: overrides.round ?? 1,
  });
  return number;
}

/** One handling round's ledger row, as the event process's dispatch writes it. */
async function ledgerRow(number: string, round: number, unitId: string, role: 'lead' | 'cooperating', dueAt: Date, dispatchedAt = new Date(dueAt.getTime() - 7 * 86_400_000)) {
  await db.getRepository(LedgerEntryEntity).insert({
    causeKey: `${number}:${round}:${unitId}:${role}`,
    eventNumber: number,
    round,
    unitId,
    role,
    dispatchedAt,
    dueAt,
    outcome: 'open',
    counted: true,
  });
}

async function ledgerOf(number: string, round: number, unitId: string, role: 'lead' | 'cooperating' = 'lead'): Promise<LedgerEntry> {
  return db.getRepository(LedgerEntryEntity).findOneByOrFail({ eventNumber: number, round, unitId, role });
}

const s = (value: string) => ({ value, type: 'String' });

/** Starts `supervision` exactly as the event process's call activity does (same business key and in-variables). */
async function startSupervision(number: string, entry: 'escalated' | 'unit-report' | 'centre' = 'escalated', leadUnit = 'urban-management', round = 1): Promise<string> {
  const started = await engine().post<{ id: string }>('/process-definition/key/supervision/start', {
    businessKey: number,
    variables: {
      eventNumber: s(number),
      title: s('老旧小区违章搭建'),
      category: s('illegal-construction'),
      categoryName: s('违法建筑'),
      street: s('长河街道'),
      leadUnit: s(leadUnit),
      handlingRound: { value: round, type: 'Integer' },
      supervisionEntry: s(entry),
      scopeReason: s('属历史遗留问题，现行政策下无法拆除'),
    },
  });
  return started.id;
}

async function taskOf(unitId: string, query: Record<string, unknown>, what: string): Promise<Task> {
  return waitFor(async () => (await unitEngine(unitId).get<Task[]>('/task', query)).at(0), what);
}

async function complete(unitId: string, taskId: string, variables: Record<string, unknown>): Promise<void> {
  const typed = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, { value: v }]));
  await unitEngine(unitId).post(`/task/${taskId}/complete`, { variables: typed });
}

async function itemOf(processInstanceId: string): Promise<SupervisionItem> {
  return waitFor(() => db.getRepository(SupervisionItemEntity).findOneBy({ processInstanceId }), `the supervision item of ${processInstanceId}`);
}

async function itemWhere(processInstanceId: string, ok: (i: SupervisionItem) => boolean, what: string): Promise<SupervisionItem> {
  return waitFor(async () => {
    const item = await db.getRepository(SupervisionItemEntity).findOneBy({ processInstanceId });
    return item && ok(item) ? item : undefined;
  }, what);
}

async function declare(processInstanceId: string): Promise<Task> {
  const task = await taskOf(CENTRE, { processInstanceId, taskDefinitionKey: 'UserTask_Declare' }, 'the declaration task');
  await complete(CENTRE, task.id, { dispatchDate: '2026-11-02', scopeType: 'historical-legacy', scopeReason: '属历史遗留问题，现行政策下无法拆除' });
  return task;
}

async function review(processInstanceId: string, unit: (typeof UNITS)[number], listed: 'yes' | 'no'): Promise<void> {
  const task = await taskOf(unit.id, { processInstanceId, taskDefinitionKey: `UserTask_PreliminaryReview${unit.key}` }, `${unit.label} review`);
  await complete(unit.id, task.id, {
    [`review${unit.key}Listed`]: listed,
    [`review${unit.key}Reason`]: `${unit.label}理由：${listed === 'yes' ? '需联席会议商定' : '不必商定'}`,
    [`review${unit.key}Sealed`]: true,
    [`review${unit.key}Signer`]: `${unit.label}负责人`,
    [`review${unit.key}Date`]: '2026-11-05',
  });
}

async function reviewAll(processInstanceId: string, yes: UnitKey[] = []): Promise<void> {
  for (const unit of UNITS) await review(processInstanceId, unit, yes.includes(unit.id) ? 'yes' : 'no');
}

async function waitingAt(processInstanceId: string, activityId: string): Promise<void> {
  await waitFor(
    async () => (await engine().get<unknown[]>('/history/activity-instance', { processInstanceId, activityId, unfinished: true })).length > 0,
    `${processInstanceId} waiting at ${activityId}`,
  );
}

async function endedAt(processInstanceId: string): Promise<string> {
  const ends = await waitFor(async () => {
    const h = await engine().get<{ state: string }>(`/history/process-instance/${processInstanceId}`);
    if (h.state !== 'COMPLETED') return undefined;
    return engine().get<Array<{ activityId: string }>>('/history/activity-instance', { processInstanceId, activityType: 'noneEndEvent' });
  }, `${processInstanceId} to end`);
  return ends.map((e) => e.activityId).join(',');
}

async function variable(processInstanceId: string, name: string): Promise<unknown> {
  const found = await engine().get<Array<{ value: unknown }>>('/history/variable-instance', { processInstanceId, variableName: name });
  return found.at(0)?.value;
}

/** An item listed for the level-2 meeting (one yes). */
async function listedItem(leadUnit = 'urban-management'): Promise<{ number: string; pid: string; item: SupervisionItem }> {
  const number = await createEvent({ leadUnit });
  await ledgerRow(number, 1, leadUnit, 'lead', new Date(Date.now() + 3 * 86_400_000));
  const pid = await startSupervision(number, 'unit-report', leadUnit);
  await declare(pid);
  await reviewAll(pid, ['party-office']);
  await waitingAt(pid, 'Message_Level2Conclusion');
  return { number, pid, item: await itemOf(pid) };
}

async function propose(unitId: string, body: Record<string, unknown>): Promise<string> {
  const res = await request(app).post('/api/supervision/meetings').set('authorization', basic(unitId)).send(body);
  expect(res.status).toBe(201);
  return res.body.processInstanceId as string;
}

async function confirmMeeting(meetingPid: string, unit: (typeof UNITS)[number], decision: 'yes' | 'no', opinion = decision === 'yes' ? '同意召开' : '不同意：事项尚不成熟'): Promise<void> {
  const task = await taskOf(unit.id, { processInstanceId: meetingPid, taskDefinitionKey: `UserTask_ConfirmMeeting${unit.key}` }, `${unit.label} to confirm the meeting`);
  // Issue 10: the task names the proposed meeting's time and is due by then.
  const meetingAt = await adminEngine().get<{ value: string }>(`/process-instance/${meetingPid}/variables/meetingAt`);
  expect(task.name).toBe(`${unit.label}确认临时召开二级督办联席会议：${chineseDateTime(meetingAt.value)}`);
  expect(new Date(task.due!).getTime()).toBe(new Date(meetingAt.value).getTime());
  await complete(unit.id, task.id, { [`confirm${unit.key}Decision`]: decision, [`confirm${unit.key}Opinion`]: opinion });
}

/** An ad hoc meeting: level 1 by the district leader; level 2 proposed by one convening unit and confirmed by the other two (S0-3). */
async function convene(unitId: string, body: Record<string, unknown>): Promise<string> {
  const meetingPid = await propose(unitId, body);
  if (body.level === 2) for (const unit of UNITS.filter((u) => u.id !== unitId)) await confirmMeeting(meetingPid, unit, 'yes');
  return meetingPid;
}

async function meetingTask(unitId: string, meetingPid: string, key: string, eventNumber: string): Promise<Task> {
  return waitFor(
    async () => (await unitEngine(unitId).get<Task[]>('/task', { processInstanceId: meetingPid, taskDefinitionKey: key })).find((t) => t.name.includes(eventNumber)),
    `${key} for ${eventNumber}`,
  );
}

async function recordLevel2(meetingPid: string, eventNumber: string, conclusion: 'resolved' | 'no-conclusion' | 'unsolvable', leadUnit?: string): Promise<void> {
  const task = await meetingTask(CENTRE, meetingPid, 'UserTask_RecordLevel2Conclusion', eventNumber);
  await complete(CENTRE, task.id, {
    meetingConclusion: conclusion,
    ...(leadUnit ? { meetingLeadUnit: leadUnit } : {}),
    meetingOpinion: `会商意见（${eventNumber}）：${conclusion}`,
    meetingDate: '2026-11-20',
  });
}

const HEAD_OPINIONS: Record<UnitKey, string> = {
  'discipline-commission': '区纪委负责人意见：加强监督',
  'party-office': '区委办负责人意见：统筹协调',
  'government-office': '区府办负责人意见：明确责任',
};

/** S0-4.3: each convening unit's head signs its opinion, with the seal, in that unit's own task of the item's process. */
async function signUnit(pid: string, unit: (typeof UNITS)[number], sealed = true): Promise<Task> {
  const task = await taskOf(unit.id, { processInstanceId: pid, taskDefinitionKey: `UserTask_SignLevel2${unit.key}` }, `${unit.label} to sign`);
  await complete(unit.id, task.id, { [`level2${unit.key}Opinion`]: HEAD_OPINIONS[unit.id], [`level2${unit.key}Sealed`]: sealed });
  return task;
}

async function signAll(pid: string): Promise<void> {
  for (const unit of UNITS) await signUnit(pid, unit);
}

/** Takes a listed item through a level-2 meeting that cannot conclude, to the district leader's review. */
async function itemInReview(leadUnit = 'urban-management', dueInDays = 3): Promise<{ number: string; pid: string }> {
  const number = await createEvent({ leadUnit });
  await ledgerRow(number, 1, leadUnit, 'lead', new Date(Date.now() + dueInDays * 86_400_000));
  await ledgerRow(number, 1, 'housing-bureau', 'cooperating', new Date(Date.now() + dueInDays * 86_400_000));
  const pid = await startSupervision(number, 'unit-report', leadUnit);
  await declare(pid);
  await reviewAll(pid, ['government-office']);
  await waitingAt(pid, 'Message_Level2Conclusion');
  const item = await itemOf(pid);
  const meeting = await convene('government-office', { level: 2, items: [item.id], place: '区委第一会议室' });
  await recordLevel2(meeting, number, 'unsolvable');
  await signAll(pid);
  await waitingAt(pid, 'UserTask_LeaderReview');
  return { number, pid };
}

async function leaderReview(pid: string, decision: 'level1' | 'continue', leadUnit?: string): Promise<void> {
  const task = await taskOf('district-leader', { processInstanceId: pid, taskDefinitionKey: 'UserTask_LeaderReview' }, 'the leader review');
  await complete('district-leader', task.id, {
    reviewDecision: decision,
    ...(leadUnit ? { reviewLeadUnit: leadUnit } : {}),
    reviewInstruction: `区领导批示：${decision}`,
    ...(decision === 'continue' ? { reviewReason: '二级会商意见明确，无需提交一级会商，由责任单位继续处置' } : {}),
    reviewSigner: '吴明',
    reviewDate: '2026-11-25',
  });
}

/** S0-4.5: the item goes to a level-1 meeting, where the district leader lists it as a decision-reference event. */
async function decisionReferenceAtLevel1(pid: string, number: string): Promise<void> {
  await leaderReview(pid, 'level1');
  await waitingAt(pid, 'Message_Level1Decision');
  const item = await itemOf(pid);
  const meeting = await convene('district-leader', { level: 1, items: [item.id] });
  const t = await meetingTask('district-leader', meeting, 'UserTask_RecordLevel1Decision', number);
  await complete('district-leader', t.id, { level1Opinion: '一级会商意见：政策层面暂无法解决，列为决策参考', finalDecision: 'decision-reference', finalSigner: '吴明', finalDate: '2026-12-05' });
  await waitingAt(pid, 'UserTask_CommunicateParties');
}

async function archive(pid: string): Promise<void> {
  const talk = await taskOf(CENTRE, { processInstanceId: pid, taskDefinitionKey: 'UserTask_CommunicateParties' }, 'the communication task');
  await complete(CENTRE, talk.id, {
    communicationParties: '当事人王某及社区书记',
    communicationDate: '2026-12-01',
    communicationMethod: '面谈',
    communicationContent: '已向当事人说明列为决策参考事件的原因，当事人表示理解',
    partiesResponse: '理解并接受',
  });
  const form = await taskOf(CENTRE, { processInstanceId: pid, taskDefinitionKey: 'UserTask_FillArchiveForm' }, 'the archiving form');
  await complete(CENTRE, form.id, {
    archiveSummary: '违章搭建系历史遗留，现行政策下无法拆除',
    archiveReason: '区领导同意列为决策参考事件',
    centreOpinion: '同意终结归档',
    archiveHandler: '林晓',
    archiveSigner: '周建国',
    archiveSealed: true,
    archiveDate: '2026-12-02',
  });
}

async function notices(number: string, template: string) {
  return (await db.getRepository(NoticeEntity).findBy({ eventNumber: number, template })).map((n) => n.recipient).sort();
}

// --- declaration and preliminary review --------------------------------------------------------

describe('S0-4.1 declaration (申报)', () => {
  test('S0-4.1 the centre declares an item by hand; the handling detail is attached and form 1 goes to the three convening units', async () => {
    const number = await createEvent();
    await ledgerRow(number, 1, 'urban-management', 'lead', new Date(Date.now() - 86_400_000));

    const unknown = await request(app).post('/api/supervision').set('authorization', basic(CENTRE)).send({ eventNumber: 'SJ-NO-SUCH', scopeReason: 'x' });
    expect(unknown.status).toBe(404);
    const notCentre = await request(app).post('/api/supervision').set('authorization', basic('urban-management')).send({ eventNumber: number, scopeReason: 'x' });
    expect(notCentre.status).toBe(403);
    expect((await request(app).post('/api/supervision').send({ eventNumber: number, scopeReason: 'x' })).status).toBe(401);

    const res = await request(app).post('/api/supervision').set('authorization', basic(CENTRE)).send({ eventNumber: number, scopeReason: '不适用现阶段法律法规' });
    expect(res.status).toBe(201);
    const pid = res.body.processInstanceId as string;
    const again = await request(app).post('/api/supervision').set('authorization', basic(CENTRE)).send({ eventNumber: number, scopeReason: '再次申报' });
    expect(again.status).toBe(409);

    // The event keeps its number: it is the business key.
    expect((await engine().get<{ businessKey: string }>(`/process-instance/${pid}`)).businessKey).toBe(number);
    const task = await taskOf(CENTRE, { processInstanceId: pid, taskDefinitionKey: 'UserTask_Declare' }, 'the declaration task');
    expect(task.operatonFormRef).toMatchObject({ key: 'supervision-declare', binding: 'deployment' });
    const form = await unitEngine(CENTRE).get<{ id: string }>(`/task/${task.id}/deployed-form`);
    expect(form.id).toBe('supervision-declare');
    const vars = await unitEngine(CENTRE).get<Record<string, { value: unknown }>>(`/task/${task.id}/form-variables`);
    expect(vars.eventNumber.value).toBe(number);
    expect(vars.supervisionEntryName.value).toBe('联动指挥中心申报');
    expect(String(vars.handlingDetailText.value)).toContain('第1轮 区城管局（责任主体）');
    expect(vars.scopeReason.value).toBe('不适用现阶段法律法规');

    await complete(CENTRE, task.id, { dispatchDate: '2026-11-02', scopeType: 'law-not-applicable', scopeReason: '不适用现阶段法律法规：无明确执法依据' });
    for (const unit of UNITS) {
      const review = await taskOf(unit.id, { processInstanceId: pid, taskDefinitionKey: `UserTask_PreliminaryReview${unit.key}` }, `${unit.label} review`);
      expect(review.operatonFormRef).toMatchObject({ key: `supervision-review-${unit.id}` });
    }
    const item = await itemWhere(pid, (i) => i.status === 'reviewing', 'the item under review');
    expect(item).toMatchObject({ eventNumber: number, entry: 'centre', dispatchDate: '2026-11-02', scopeType: 'law-not-applicable', leadUnit: 'urban-management', handlingRound: 1 });
    expect(JSON.parse(item.handlingDetail ?? '{}').rounds).toHaveLength(1);
    // S0-7: each convening unit's liaison is told.
    expect(await notices(number, 'supervision-declared')).toEqual(UNITS.map((u) => `liaison:${u.id}`).sort());
  });
});

describe('S0-4.2 preliminary review (初审)', () => {
  test('S0-4.2 each convening unit sees only its own review task, and nobody else can complete it', async () => {
    const number = await createEvent();
    const pid = await startSupervision(number);
    await declare(pid);
    const tasks = await Promise.all(UNITS.map((u) => taskOf(u.id, { processInstanceId: pid, taskDefinitionKey: `UserTask_PreliminaryReview${u.key}` }, u.label)));
    for (const [i, unit] of UNITS.entries()) {
      const seen = await unitEngine(unit.id).get<Task[]>('/task', { processInstanceId: pid });
      expect(seen.map((t) => t.taskDefinitionKey)).toEqual([`UserTask_PreliminaryReview${unit.key}`]);
      for (const other of [...UNITS.filter((u) => u.id !== unit.id).map((u) => u.id), CENTRE, 'district-leader', 'urban-management']) {
        await expect(unitEngine(other).post(`/task/${tasks[i].id}/complete`, { variables: {} })).rejects.toMatchObject({ httpStatus: 403 });
      }
    }
    expect(await unitEngine('district-leader').get<Task[]>('/task', { processInstanceId: pid })).toEqual([]);
  });

  test('S0-4.2 when all three convening units say no, the item is returned to the centre with their reasons and goes back to handling', async () => {
    const number = await createEvent();
    const pid = await startSupervision(number);
    await declare(pid);
    await reviewAll(pid, []);
    expect(await endedAt(pid)).toBe('EndEvent_Returned');
    expect(await variable(pid, 'supervisionOutcome')).toBe('returned');
    expect(await variable(pid, 'assignedLeadUnit')).toBe('urban-management');
    const summary = String(await variable(pid, 'supervisionSummary'));
    for (const unit of UNITS) expect(summary).toContain(`${unit.label}：不列为会商（${unit.label}理由：不必商定）`);
    const item = await itemOf(pid);
    expect(item).toMatchObject({ status: 'returned', outcome: 'returned' });
    const opinions = await db.getRepository(SupervisionOpinionEntity).findBy({ itemId: item.id, stage: 'preliminary' });
    expect(opinions.map((o) => [o.unitId, o.listed, o.sealed, o.signedOn]).sort()).toEqual(UNITS.map((u) => [u.id, false, true, '2026-11-05']).sort());
    expect(await notices(number, 'supervision-returned')).toEqual([`liaison:${CENTRE}`, 'liaison:urban-management']);
  });

  test.each(UNITS.map((u) => [u.label, u.id] as const))('S0-4.2 one yes is enough: %s alone lists the item for the level-2 meeting, all three opinions kept', async (_label, yes) => {
    const number = await createEvent();
    const pid = await startSupervision(number);
    await declare(pid);
    await reviewAll(pid, [yes]);
    await waitingAt(pid, 'Message_Level2Conclusion');
    const item = await itemWhere(pid, (i) => i.status === 'listed', 'the listed item');
    expect(item.listedAt).not.toBeNull();
    const opinions = await db.getRepository(SupervisionOpinionEntity).findBy({ itemId: item.id, stage: 'preliminary' });
    expect(opinions).toHaveLength(3);
    expect(opinions.filter((o) => o.listed).map((o) => o.unitId)).toEqual([yes]);
    expect(await variable(pid, 'listedForConsultation')).toBe(true);
  });
});

// --- meetings, review and final decision ---------------------------------------------------------

describe('S0-4.3 level-2 meeting (会商)', () => {
  test('S0-4.3 the level-2 meeting concludes several items at once; each conclusion reaches its item by message correlation', async () => {
    const a = await listedItem('urban-management');
    const b = await listedItem('urban-management');
    const c = await listedItem('housing-bureau');

    // Only the conveners (or the centre for them) convene level 2; only the district leader level 1.
    const refused = await request(app).post('/api/supervision/meetings').set('authorization', basic('urban-management')).send({ level: 2, items: [a.item.id] });
    expect(refused.status).toBe(403);
    const meetingPid = await convene('discipline-commission', { level: 2, items: [a.item.id, b.item.id, c.item.id], place: '区委第一会议室', meetingAt: '2026-11-20T09:30:00+08:00' });
    const meeting = await waitFor(() => db.getRepository(SupervisionMeetingEntity).findOneBy({ processInstanceId: meetingPid }), 'the meeting row');
    expect(meeting).toMatchObject({ level: 2, kind: 'ad-hoc', place: '区委第一会议室' });
    const agenda = await waitFor(async () => {
      const rows = await db.getRepository(SupervisionMeetingItemEntity).findBy({ meetingId: meeting.id });
      return rows.length === 3 ? rows : undefined;
    }, 'the agenda');
    expect(agenda.map((r) => r.itemId).sort()).toEqual([a.item.id, b.item.id, c.item.id].sort());
    // An item on an open agenda cannot be put on another meeting's.
    const twice = await request(app).post('/api/supervision/meetings').set('authorization', basic('party-office')).send({ level: 2, items: [a.item.id] });
    expect(twice.status).toBe(409);

    // Participants are notified through their liaisons (S0-7): conveners, centre and the parties.
    const meetingNotices = await waitFor(async () => {
      const rows = await db.getRepository(NoticeEntity).findBy({ template: 'supervision-meeting' });
      const mine = rows.filter((n) => n.causeKey.includes(`:meeting-${meeting.id}:`)).map((n) => n.recipient).sort();
      return mine.length > 0 ? mine : undefined;
    }, 'meeting notices');
    expect(meetingNotices).toEqual(
      ['liaison:discipline-commission', 'liaison:party-office', 'liaison:government-office', `liaison:${CENTRE}`, 'liaison:urban-management', 'liaison:housing-bureau'].sort(),
    );

    // Only the centre records the meeting; the convening units do not see these tasks.
    expect(await unitEngine('discipline-commission').get<Task[]>('/task', { processInstanceId: meetingPid })).toEqual([]);
    const recordTask = await meetingTask(CENTRE, meetingPid, 'UserTask_RecordLevel2Conclusion', a.number);
    expect(recordTask.operatonFormRef).toMatchObject({ key: 'supervision-meeting-record' });
    const briefing = await unitEngine(CENTRE).get<Record<string, { value: unknown }>>(`/task/${recordTask.id}/form-variables`);
    expect(String(briefing.itemBriefing.value)).toContain('区委办：列为会商');

    await recordLevel2(meetingPid, a.number, 'resolved', 'environment-bureau');
    await recordLevel2(meetingPid, b.number, 'no-conclusion');
    await recordLevel2(meetingPid, c.number, 'unsolvable');
    for (const x of [a, b, c]) await signAll(x.pid);

    expect(await endedAt(a.pid)).toBe('EndEvent_Redispatched');
    expect(await variable(a.pid, 'supervisionOutcome')).toBe('redispatch');
    expect(await variable(a.pid, 'assignedLeadUnit')).toBe('environment-bureau');
    await waitingAt(b.pid, 'UserTask_LeaderReview');
    await waitingAt(c.pid, 'UserTask_LeaderReview');
    expect((await endedAt(meetingPid)).split(',')).toContain('EndEvent_MeetingHeld');
    const held = await db.getRepository(SupervisionMeetingEntity).findOneByOrFail({ id: meeting.id });
    expect(held.status).toBe('held');
    expect(held.summary).toContain('3 项');

    for (const x of [a, b, c]) {
      const heads = await db.getRepository(SupervisionOpinionEntity).findBy({ itemId: x.item.id, stage: 'level2' });
      expect(heads.map((h) => [h.unitId, h.sealed]).sort()).toEqual(UNITS.map((u) => [u.id, true]).sort());
      const row = await db.getRepository(SupervisionMeetingItemEntity).findOneByOrFail({ meetingId: meeting.id, itemId: x.item.id });
      expect(row.deliveredAt).not.toBeNull();
    }
    expect((await itemOf(b.pid)).status).toBe('review');
    // The district leader sees the review task; the conveners do not.
    const reviewTask = await taskOf('district-leader', { processInstanceId: b.pid }, 'the review task');
    expect(reviewTask.taskDefinitionKey).toBe('UserTask_LeaderReview');
    await expect(unitEngine(CENTRE).post(`/task/${reviewTask.id}/complete`, { variables: {} })).rejects.toMatchObject({ httpStatus: 403 });
    const reviewVars = await unitEngine('district-leader').get<Record<string, { value: unknown }>>(`/task/${reviewTask.id}/form-variables`);
    expect(String(reviewVars.level2Summary.value)).toContain('无法形成结论');
  });

  test('S0-4.3 each convening unit head signs its own opinion with the seal in that unit’s own task; form 1 prints the signing account and date from the engine’s history', async () => {
    const x = await listedItem('urban-management');
    const meetingPid = await convene('party-office', { level: 2, items: [x.item.id] });
    await recordLevel2(meetingPid, x.number, 'no-conclusion');

    // One task per unit, in the item's process; no other unit (nor the centre) sees or completes it.
    const tasks = new Map<UnitKey, Task>();
    for (const unit of UNITS) {
      const task = await taskOf(unit.id, { processInstanceId: x.pid, taskDefinitionKey: `UserTask_SignLevel2${unit.key}` }, `${unit.label} to sign`);
      expect(task.operatonFormRef).toMatchObject({ key: `supervision-sign-${unit.id}`, binding: 'deployment' });
      const seen = await unitEngine(unit.id).get<Task[]>('/task', { processInstanceId: x.pid });
      expect(seen.map((t) => t.taskDefinitionKey)).toEqual([`UserTask_SignLevel2${unit.key}`]);
      tasks.set(unit.id, task);
    }
    expect(await unitEngine(CENTRE).get<Task[]>('/task', { processInstanceId: x.pid })).toEqual([]);
    for (const unit of UNITS) {
      for (const other of [...UNITS.filter((u) => u.id !== unit.id).map((u) => u.id), CENTRE, 'district-leader']) {
        await expect(unitEngine(other).post(`/task/${tasks.get(unit.id)!.id}/complete`, { variables: {} })).rejects.toMatchObject({ httpStatus: 403 });
      }
    }

    // The seal is required: a signature without it comes back to the same unit.
    const unsealed = await signUnit(x.pid, UNITS[0], false);
    const again = await waitFor(async () => {
      const t = (await unitEngine(UNITS[0].id).get<Task[]>('/task', { processInstanceId: x.pid, taskDefinitionKey: `UserTask_SignLevel2${UNITS[0].key}` })).at(0);
      return t && t.id !== unsealed.id ? t : undefined;
    }, 'the unsealed signature to come back');
    expect(again.taskDefinitionKey).toBe('UserTask_SignLevel2Discipline');
    await signAll(x.pid);
    await waitingAt(x.pid, 'UserTask_LeaderReview');

    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const heads = await db.getRepository(SupervisionOpinionEntity).findBy({ itemId: x.item.id, stage: 'level2' });
    expect(heads).toHaveLength(3);
    for (const unit of UNITS) {
      const head = heads.find((h) => h.unitId === unit.id)!;
      const [done] = await engine().get<Array<{ endTime: string }>>('/history/task', { processInstanceId: x.pid, taskDefinitionKey: `UserTask_SignLevel2${unit.key}`, finished: true, sortBy: 'endTime', sortOrder: 'desc' });
      expect(head).toMatchObject({ opinion: HEAD_OPINIONS[unit.id], sealed: true, signerAccount: demoUserId(unit.id), signer: `${unit.label} 演示用户`, signedOn: today });
      // The app database keeps whole seconds on MariaDB (datetime without fractions).
      expect(Math.floor(new Date(head.signedAt as Date).getTime() / 1000)).toBe(Math.floor(new Date(done.endTime).getTime() / 1000));
    }
    const html = (await request(app).get(`/api/supervision/${x.item.id}/forms/approval`).set('authorization', basic(CENTRE))).text;
    const [y, m, d] = today.split('-').map(Number);
    for (const unit of UNITS) {
      expect(html).toContain(`${unit.label}主要负责人意见：${HEAD_OPINIONS[unit.id]}　签名：${unit.label} 演示用户（账号 ${demoUserId(unit.id)}）　<span class="seal">（${unit.label}公章）</span>　${y}年${m}月${d}日`);
    }
    const review = await taskOf('district-leader', { processInstanceId: x.pid, taskDefinitionKey: 'UserTask_LeaderReview' }, 'the review');
    const vars = await unitEngine('district-leader').get<Record<string, { value: unknown }>>(`/task/${review.id}/form-variables`);
    expect(String(vars.level2Summary.value)).toContain(`区纪委（区纪委 演示用户）：${HEAD_OPINIONS['discipline-commission']}`);
  });
});

describe('S0-4.4 review (审核) and S0-4.6 archive (归档)', () => {
  test('S0-4.4 S0-4.5 at review the district leader cannot list an item as a decision-reference event (that is the level-1 final decision); not submitting it to level 1 needs a reason, printed as 未提交一级会商', async () => {
    const { pid, number } = await itemInReview('urban-management');
    const first = await taskOf('district-leader', { processInstanceId: pid, taskDefinitionKey: 'UserTask_LeaderReview' }, 'the leader review');
    await complete('district-leader', first.id, { reviewDecision: 'decision-reference', reviewInstruction: '列为决策参考', reviewSigner: '吴明', reviewDate: '2026-11-25' });
    // The review comes back with the reason; no decision-reference flow starts.
    const second = await waitFor(async () => {
      const t = (await unitEngine('district-leader').get<Task[]>('/task', { processInstanceId: pid, taskDefinitionKey: 'UserTask_LeaderReview' })).at(0);
      return t && t.id !== first.id ? t : undefined;
    }, 'the review to come back');
    const problem = await unitEngine('district-leader').get<Record<string, { value: unknown }>>(`/task/${second.id}/form-variables`);
    expect(String(problem.reviewProblem.value)).toContain('一级督办联席会议');
    expect(await engine().get<unknown[]>('/history/activity-instance', { processInstanceId: pid, activityId: 'ServiceTask_StartDecisionReference' })).toEqual([]);
    expect(await itemOf(pid)).toMatchObject({ status: 'review', decisionReferenceAt: null });
    expect((await ledgerOf(number, 1, 'urban-management')).excludedFrom).toBeNull();

    // Not submitting it to level 1 without a reason comes back too.
    await complete('district-leader', second.id, { reviewDecision: 'continue', reviewInstruction: '继续处置', reviewSigner: '吴明', reviewDate: '2026-11-25' });
    const third = await waitFor(async () => {
      const t = (await unitEngine('district-leader').get<Task[]>('/task', { processInstanceId: pid, taskDefinitionKey: 'UserTask_LeaderReview' })).at(0);
      return t && t.id !== second.id ? t : undefined;
    }, 'the review to come back again');
    expect(String((await unitEngine('district-leader').get<Record<string, { value: unknown }>>(`/task/${third.id}/form-variables`)).reviewProblem.value)).toContain('理由');

    await complete('district-leader', third.id, { reviewDecision: 'continue', reviewInstruction: '由原单位继续处置', reviewReason: '属政策执行问题，区级部门可协调解决，无需一级会商', reviewSigner: '吴明', reviewDate: '2026-11-26' });
    expect(await endedAt(pid)).toBe('EndEvent_Redispatched');
    const item = await itemOf(pid);
    expect(item).toMatchObject({ reviewDecision: 'continue', reviewReason: '属政策执行问题，区级部门可协调解决，无需一级会商', level1MeetingId: null });
    const print = async (form: string) => (await request(app).get(`/api/supervision/${item.id}/forms/${form}`).set('authorization', basic(CENTRE))).text;
    const form2 = await print('level1');
    expect(form2).toMatch(/一级督办联席会议会商意见[\s\S]*未提交一级会商[\s\S]*区领导理由：属政策执行问题，区级部门可协调解决，无需一级会商/);
    expect(await print('approval')).toMatch(/区领导审核[\s\S]*未提交一级会商[\s\S]*理由：属政策执行问题/);

  });

  test('S0-4.4 the district leader decides to continue handling with a named unit: back to handling with that unit', async () => {
    const { pid, number } = await itemInReview('urban-management');
    await leaderReview(pid, 'continue', 'market-regulation-bureau');
    expect(await endedAt(pid)).toBe('EndEvent_Redispatched');
    expect(await variable(pid, 'supervisionOutcome')).toBe('redispatch');
    expect(await variable(pid, 'assignedLeadUnit')).toBe('market-regulation-bureau');
    // Not the original unit: the round is not reopened (S0-6 applies only to the original unit).
    expect((await ledgerOf(number, 1, 'urban-management')).outcome).toBe('open');
    expect(await notices(number, 'supervision-redispatched')).toEqual([`liaison:${CENTRE}`, 'liaison:market-regulation-bureau', 'liaison:urban-management']);
  });

  test('S0-4.5 S0-4.6 after the level-1 decision-reference decision the centre talks to the parties, fills the archiving form, the item is archived', async () => {
    const { pid, number } = await itemInReview('urban-management');
    await decisionReferenceAtLevel1(pid, number);
    expect((await itemOf(pid)).status).toBe('archiving');
    await archive(pid);
    expect(await endedAt(pid)).toBe('EndEvent_Archived');
    expect(await variable(pid, 'supervisionOutcome')).toBe('decision-reference');
    const item = await itemOf(pid);
    expect(item).toMatchObject({ status: 'archived', outcome: 'decision-reference', finalDecision: 'decision-reference' });
    expect(JSON.parse(item.communication ?? '{}')).toMatchObject({ parties: '当事人王某及社区书记', method: '面谈' });
    expect(JSON.parse(item.archiveForm ?? '{}')).toMatchObject({ centreOpinion: '同意终结归档', signer: '周建国', sealed: true });
    expect(await notices(number, 'supervision-archived')).toEqual([`liaison:${CENTRE}`, 'liaison:urban-management']);
  });
});

describe('S0-4.5 level-1 meeting and final decision (终审)', () => {
  test('S0-4.5 the district leader convenes level 1 and decides continue handling for one item and decision-reference for another, signing form 2', async () => {
    const one = await itemInReview('urban-management');
    const two = await itemInReview('housing-bureau');
    await leaderReview(one.pid, 'level1');
    await leaderReview(two.pid, 'level1');
    await waitingAt(one.pid, 'Message_Level1Decision');
    await waitingAt(two.pid, 'Message_Level1Decision');
    const [itemOne, itemTwo] = [await itemOf(one.pid), await itemOf(two.pid)];
    expect(itemOne.status).toBe('level1');
    expect(await notices(one.number, 'supervision-level1-submitted')).toEqual(['liaison:district-leader']);

    const byConvener = await request(app).post('/api/supervision/meetings').set('authorization', basic('party-office')).send({ level: 1, items: [itemOne.id] });
    expect(byConvener.status).toBe(403);
    const meetingPid = await convene('district-leader', { level: 1, items: [itemOne.id, itemTwo.id], place: '区政府第二会议室' });

    const t1 = await meetingTask('district-leader', meetingPid, 'UserTask_RecordLevel1Decision', one.number);
    expect(t1.operatonFormRef).toMatchObject({ key: 'supervision-level1-decision' });
    expect(await unitEngine(CENTRE).get<Task[]>('/task', { processInstanceId: meetingPid })).toEqual([]);
    await expect(unitEngine(CENTRE).post(`/task/${t1.id}/complete`, { variables: {} })).rejects.toMatchObject({ httpStatus: 403 });
    const briefing = await unitEngine('district-leader').get<Record<string, { value: unknown }>>(`/task/${t1.id}/form-variables`);
    expect(String(briefing.itemBriefing.value)).toContain('区领导批示意见');
    await complete('district-leader', t1.id, { level1Opinion: '一级会商：由原单位继续处置，区住建局配合', finalDecision: 'continue', finalSigner: '吴明', finalDate: '2026-12-05' });
    const t2 = await meetingTask('district-leader', meetingPid, 'UserTask_RecordLevel1Decision', two.number);
    await complete('district-leader', t2.id, { level1Opinion: '一级会商：政策层面暂无法解决', finalDecision: 'decision-reference', finalSigner: '吴明', finalDate: '2026-12-05' });

    expect(await endedAt(one.pid)).toBe('EndEvent_Redispatched');
    expect(await variable(one.pid, 'assignedLeadUnit')).toBe('urban-management');
    await waitingAt(two.pid, 'UserTask_CommunicateParties');
    await archive(two.pid);
    expect(await endedAt(two.pid)).toBe('EndEvent_Archived');
    expect((await endedAt(meetingPid)).split(',')).toContain('EndEvent_MeetingHeld');
    expect(await itemOf(one.pid)).toMatchObject({ finalDecision: 'continue', finalSigner: '吴明', finalDate: '2026-12-05', level1Opinion: '一级会商：由原单位继续处置，区住建局配合' });
    expect(await itemOf(two.pid)).toMatchObject({ finalDecision: 'decision-reference', status: 'archived' });
  });
});

// --- assessment ------------------------------------------------------------------------------

describe('S0-5 and S0-6 in the assessment ledger', () => {
  test('S0-5 from the decision-reference decision until archived the time does not count against the handling units; once archived it counts as completed', async () => {
    const { pid, number } = await itemInReview('urban-management', 3);
    const before = await ledgerOf(number, 1, 'urban-management');
    expect(before).toMatchObject({ counted: true, excludedFrom: null });
    await decisionReferenceAtLevel1(pid, number);

    // In the flow: excluded, with the reason, for the lead and the cooperating unit.
    for (const [unit, role] of [['urban-management', 'lead'], ['housing-bureau', 'cooperating']] as const) {
      const during = await ledgerOf(number, 1, unit, role);
      expect(during).toMatchObject({ counted: false, excludedReason: S0_5_REASON, excludedUntil: null, outcome: 'open' });
      expect(during.excludedFrom).not.toBeNull();
    }
    expect(await notices(number, 'supervision-decision-reference')).toEqual([`liaison:${CENTRE}`, 'liaison:housing-bureau', 'liaison:urban-management'].sort());

    await archive(pid);
    await endedAt(pid);
    const after = await ledgerOf(number, 1, 'urban-management');
    expect(after).toMatchObject({ outcome: 'archived', counted: true, excludedReason: S0_5_REASON, onTime: true });
    expect(after.excludedFrom).not.toBeNull();
    expect(after.excludedUntil).not.toBeNull();
    expect(after.completedAt).not.toBeNull();
    expect(new Date(after.excludedUntil as Date).getTime()).toBeGreaterThanOrEqual(new Date(after.excludedFrom as Date).getTime());
    const item = await itemOf(pid);
    expect(new Date(after.excludedUntil as Date).getTime()).toBe(new Date(item.archivedAt as Date).getTime());
  });

  test('S0-5 an item that entered supervision after its due date (escalated after 15 working days) is archived as completed but late', async () => {
    const number = await createEvent();
    await ledgerRow(number, 1, 'urban-management', 'lead', new Date(Date.now() - 10 * 86_400_000));
    const pid = await startSupervision(number, 'escalated');
    await declare(pid);
    await reviewAll(pid, ['discipline-commission']);
    await waitingAt(pid, 'Message_Level2Conclusion');
    const meeting = await convene('discipline-commission', { level: 2, items: [(await itemOf(pid)).id] });
    await recordLevel2(meeting, number, 'no-conclusion');
    await signAll(pid);
    await waitingAt(pid, 'UserTask_LeaderReview');
    await decisionReferenceAtLevel1(pid, number);
    await archive(pid);
    await endedAt(pid);
    expect(await ledgerOf(number, 1, 'urban-management')).toMatchObject({ outcome: 'archived', counted: true, onTime: false });
  });

  test('S0-6 sent for decision-reference but re-dispatched to its original unit: the round counts as not completed, the second handling counts again', async () => {
    const { pid, number } = await itemInReview('urban-management');
    await leaderReview(pid, 'continue');
    expect(await endedAt(pid)).toBe('EndEvent_Redispatched');
    expect(await variable(pid, 'assignedLeadUnit')).toBe('urban-management');
    expect(String(await variable(pid, 'supervisionSummary'))).toContain('S0-6');

    const first = await ledgerOf(number, 1, 'urban-management');
    expect(first).toMatchObject({ outcome: 'reopened', completedAt: null, counted: true });
    expect(first.note).toContain('S0-6');
    expect(first.note).toContain('第1轮计入未办结，第2轮二次办理重新计入考核');
    // The cooperating unit's row is not the "original unit": untouched.
    expect((await ledgerOf(number, 1, 'housing-bureau', 'cooperating')).outcome).toBe('open');

    // The event process then dispatches round 2 to the same unit: an ordinary, counted row.
    await ledgerRow(number, 2, 'urban-management', 'lead', new Date(Date.now() + 5 * 86_400_000), new Date());
    const rounds = await db.getRepository(LedgerEntryEntity).find({ where: { eventNumber: number, unitId: 'urban-management' }, order: { round: 'ASC' } });
    expect(rounds.map((r) => [r.round, r.outcome, r.counted])).toEqual([
      [1, 'reopened', true],
      [2, 'open', true],
    ]);
  });

  test('S0-5 S0-6 a supervision task delivered twice changes the ledger only once', async () => {
    const { supervisionConclude } = await import('../../workers/topics/supervision-conclude.js');
    const { pid, number } = await itemInReview('urban-management');
    await leaderReview(pid, 'continue');
    await endedAt(pid);
    const item = await itemOf(pid);
    const before = await ledgerOf(number, 1, 'urban-management');
    const noticesBefore = await db.getRepository(NoticeEntity).countBy({ eventNumber: number });
    const vars: Record<string, unknown> = { supervisionId: item.id, supervisionConclusion: 'redispatch' };
    const task = { processInstanceId: pid, variables: { get: (n: string) => vars[n], getAll: () => vars } } as never;
    const again = await supervisionConclude.handle(task, { db, engine: adminEngine(), logger: silentLogger, context: testContext() });
    expect(again).toMatchObject({ supervisionOutcome: 'redispatch', assignedLeadUnit: 'urban-management' });
    expect(await ledgerOf(number, 1, 'urban-management')).toEqual(before);
    expect(await db.getRepository(NoticeEntity).countBy({ eventNumber: number })).toBe(noticesBefore);

    // The preliminary review delivered again: the first opinions stand, nothing is written twice.
    const { supervisionPreliminaryReview } = await import('../../workers/topics/supervision-preliminary-review.js');
    const reviewVars: Record<string, unknown> = { supervisionId: item.id };
    for (const u of UNITS) {
      Object.assign(reviewVars, {
        [`review${u.key}Listed`]: 'no',
        [`review${u.key}Reason`]: '重复投递',
        [`review${u.key}Sealed`]: false,
        [`review${u.key}Signer`]: 'x',
        [`review${u.key}Date`]: '2026-11-06',
      });
    }
    const redelivered = { processInstanceId: pid, variables: { get: (n: string) => reviewVars[n], getAll: () => reviewVars } } as never;
    const result = await supervisionPreliminaryReview.handle(redelivered, { db, engine: adminEngine(), logger: silentLogger, context: testContext() });
    expect(result).toMatchObject({ listedForConsultation: true });
    const opinions = await db.getRepository(SupervisionOpinionEntity).findBy({ itemId: item.id, stage: 'preliminary' });
    expect(opinions).toHaveLength(3);
    expect(opinions.some((o) => o.opinion === '重复投递')).toBe(false);
    expect(await db.getRepository(NoticeEntity).countBy({ eventNumber: number })).toBe(noticesBefore);
  });
});

// --- printed forms and analysis ---------------------------------------------------------------

describe('S0-A1 S0-A2 printed approval forms', () => {
  test('S0-A1 S0-A2 S0-4.6 the printed forms contain every recorded opinion, signer, seal and date', async () => {
    const { pid, number } = await itemInReview('urban-management');
    await leaderReview(pid, 'level1');
    await waitingAt(pid, 'Message_Level1Decision');
    const item = await itemOf(pid);
    const meeting = await convene('district-leader', { level: 1, items: [item.id] });
    const t = await meetingTask('district-leader', meeting, 'UserTask_RecordLevel1Decision', number);
    await complete('district-leader', t.id, { level1Opinion: '一级会商意见：列为决策参考，开展专题调研', finalDecision: 'decision-reference', finalSigner: '吴明', finalDate: '2026-12-05' });
    await archive(pid);
    await endedAt(pid);

    const get = (form: string, unit = CENTRE) => request(app).get(`/api/supervision/${item.id}/forms/${form}`).set('authorization', basic(unit));
    const form1 = await get('approval');
    expect(form1.status).toBe(200);
    expect(form1.headers['content-type']).toMatch(/text\/html/);
    const html1 = form1.text;
    expect(html1).toContain('督办事件审批表');
    expect(html1).toContain('size: A4');
    expect(html1).toContain(number);
    expect(html1).toContain('2026年11月2日');
    for (const unit of UNITS) {
      expect(html1).toContain(`${unit.label}意见`);
      expect(html1).toContain(`${unit.label}理由：${unit.id === 'government-office' ? '需联席会议商定' : '不必商定'}`);
      expect(html1).toContain(`${unit.label}负责人`);
      expect(html1).toContain(`（${unit.label}公章）`);
    }
    expect(html1).toContain('2026年11月5日');
    expect(html1).toContain('确属无法解决');
    expect(html1).toContain(`会商意见（${number}）：unsolvable`);
    for (const unit of UNITS) {
      expect(html1).toContain(HEAD_OPINIONS[unit.id]);
      expect(html1).toContain(`（账号 ${demoUserId(unit.id)}）`);
    }
    expect(html1).toContain('2026年11月20日');
    expect(html1).toContain('附：事件处置详情表');
    expect(html1).toContain('区城管局');

    const html2 = (await get('level1')).text;
    expect(html2).toContain('提请一级督办联席会议会商事件审批表');
    expect(html2).toContain('区纪委理由：不必商定');
    expect(html2).toContain('区领导批示：level1');
    expect(html2).toContain('提交一级督办联席会议会商');
    expect(html2).toContain('一级会商意见：列为决策参考，开展专题调研');
    expect(html2).toContain('同意列为决策参考事件');
    expect(html2).toContain('2026年12月5日');

    const html3 = (await get('archive')).text;
    expect(html3).toContain('决策参考事件终结归档审批表');
    for (const text of ['当事人王某及社区书记', '已向当事人说明列为决策参考事件的原因', '理解并接受', '同意终结归档', '周建国', '林晓', '2026年12月2日', '违章搭建系历史遗留', '一级督办联席会议终审：同意列为决策参考事件']) {
      expect(html3).toContain(text);
    }

    // The item's own lead unit may print it; an unrelated unit may not; unknown forms are 404.
    expect((await get('approval', 'urban-management')).status).toBe(200);
    expect((await get('approval', 'environment-bureau')).status).toBe(403);
    expect((await get('nonsense')).status).toBe(404);
    expect((await request(app).get('/api/supervision/99999999/forms/approval').set('authorization', basic(CENTRE))).status).toBe(404);

    const detail = await request(app).get(`/api/supervision/${item.id}`).set('authorization', basic('district-leader'));
    expect(detail.status).toBe(200);
    expect(detail.body.opinions).toHaveLength(6);
    expect(detail.body.meetings.map((m: { conclusion: string }) => m.conclusion).sort()).toEqual(['decision-reference', 'unsolvable']);
  });

  test('S0-A1 values recorded in the forms are HTML-escaped in print', async () => {
    const number = await createEvent();
    const pid = await startSupervision(number);
    const task = await taskOf(CENTRE, { processInstanceId: pid, taskDefinitionKey: 'UserTask_Declare' }, 'the declaration task');
    await complete(CENTRE, task.id, { dispatchDate: '2026-11-02', scopeType: 'other', scopeReason: 'x' });
    await review(pid, UNITS[0], 'no');
    const item = await itemWhere(pid, (i) => i.status === 'reviewing', 'the item');
    await db.getRepository(SupervisionOpinionEntity).insert({ causeKey: `${item.id}:preliminary:party-office`, itemId: item.id, stage: 'preliminary', unitId: 'party-office', listed: true, opinion: '<script>alert(1)</script>', signer: '李强', sealed: false, signedOn: null });
    const html = (await request(app).get(`/api/supervision/${item.id}/forms/approval`).set('authorization', basic(CENTRE))).text;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('S0-8 decision-reference analysis', () => {
  test('S0-8 decision-reference events are listed grouped by category, street and month for the meetings', async () => {
    const before = await request(app).get('/api/supervision/analysis/decision-reference').set('authorization', basic('party-office'));
    expect(before.status).toBe(200);
    const { pid, number } = await itemInReview('urban-management');
    await decisionReferenceAtLevel1(pid, number);
    await archive(pid);
    await endedAt(pid);
    const item = await itemOf(pid);

    const res = await request(app).get('/api/supervision/analysis/decision-reference').set('authorization', basic('party-office'));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(before.body.total + 1);
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(item.archivedAt as Date);
    // Groups carry their counts; each item is listed once, in the paged `items` (issue 16).
    const countOf = (body: { byCategory: Array<{ key: string; count: number }> }, groups: 'byCategory' | 'byStreet' | 'byMonth', key: string) =>
      (body as unknown as Record<string, Array<{ key: string; count: number }>>)[groups].find((g) => g.key === key)?.count ?? 0;
    expect(countOf(res.body, 'byCategory', 'illegal-construction')).toBe(countOf(before.body, 'byCategory', 'illegal-construction') + 1);
    expect(countOf(res.body, 'byStreet', '长河街道')).toBe(countOf(before.body, 'byStreet', '长河街道') + 1);
    expect(countOf(res.body, 'byMonth', month)).toBe(countOf(before.body, 'byMonth', month) + 1);
    const last = await request(app).get(`/api/supervision/analysis/decision-reference?pageSize=1&page=${res.body.total}`).set('authorization', basic('party-office'));
    expect(last.body.items.map((i: { id: number }) => i.id)).toEqual([item.id]);
    expect(res.body.byCategory.find((g: { key: string }) => g.key === 'illegal-construction').label).toBe('违法建筑');

    const filtered = await request(app).get('/api/supervision/analysis/decision-reference?from=2000-01&to=2000-12').set('authorization', basic(CENTRE));
    expect(filtered.body.total).toBe(0);
    expect((await request(app).get('/api/supervision/analysis/decision-reference?from=2026-13').set('authorization', basic(CENTRE))).status).toBe(400);
    expect((await request(app).get('/api/supervision/analysis/decision-reference').set('authorization', basic('urban-management'))).status).toBe(403);
  });
});

// --- the contract with the event process, and the monthly meeting -------------------------------

describe('the call activity contract with the event process', () => {
  test('S0-2 a caller with call activity `supervision` gets supervisionOutcome, assignedLeadUnit and supervisionSummary back', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="test-supervision-caller" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="S"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:callActivity id="CallActivity_Supervision" calledElement="supervision" camunda:calledElementBinding="latest">
      <bpmn:extensionElements>
        <camunda:in businessKey="#{execution.processBusinessKey}" />
        ${['eventNumber', 'title', 'category', 'categoryName', 'street', 'leadUnit', 'handlingRound', 'supervisionEntry', 'scopeReason'].map((v) => `<camunda:in source="${v}" target="${v}" />`).join('')}
        ${['supervisionOutcome', 'assignedLeadUnit', 'supervisionSummary'].map((v) => `<camunda:out source="${v}" target="${v}" />`).join('')}
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:callActivity>
    <bpmn:userTask id="UserTask_AfterSupervision" camunda:candidateGroups="linkage-centre"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="E"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="CallActivity_Supervision"/>
    <bpmn:sequenceFlow id="f2" sourceRef="CallActivity_Supervision" targetRef="UserTask_AfterSupervision"/>
    <bpmn:sequenceFlow id="f3" sourceRef="UserTask_AfterSupervision" targetRef="E"/>
  </bpmn:process></bpmn:definitions>`;
    await deployModels(engine() as EngineClient, [{ name: 'test-supervision-caller.bpmn', content: xml }], 'test-supervision-caller');
    const number = await createEvent();
    const caller = await engine().post<{ id: string }>('/process-definition/key/test-supervision-caller/start', {
      businessKey: number,
      variables: {
        eventNumber: s(number),
        title: s('测试'),
        category: s('illegal-construction'),
        categoryName: s('违法建筑'),
        street: s('长河街道'),
        leadUnit: s('urban-management'),
        handlingRound: { value: 1, type: 'Integer' },
        supervisionEntry: s('unit-report'),
        scopeReason: s('处置单位报告：属历史遗留'),
      },
    });
    const sub = await waitFor(async () => (await engine().get<Array<{ id: string; businessKey: string }>>('/process-instance', { superProcessInstance: caller.id })).at(0), 'the called supervision');
    expect(sub.businessKey).toBe(number);
    expect((await itemOf(sub.id)).entry).toBe('unit-report');
    await declare(sub.id);
    await reviewAll(sub.id, []);
    await taskOf(CENTRE, { processInstanceId: caller.id, taskDefinitionKey: 'UserTask_AfterSupervision' }, 'the caller to continue');
    const vars = await engine().get<Record<string, { value: unknown }>>(`/process-instance/${caller.id}/variables`);
    expect(vars.supervisionOutcome.value).toBe('returned');
    expect(vars.assignedLeadUnit.value).toBe('urban-management');
    expect(String(vars.supervisionSummary.value)).toContain('予以退回');
  });
});

describe('S0-3 the level-2 meeting is convened jointly by the three convening units', () => {
  test('S0-3 an ad hoc level-2 meeting proposed by one convening unit sits only once the other two confirm; the centre prepares but does not convene', async () => {
    const x = await listedItem('urban-management');
    const byCentre = await request(app).post('/api/supervision/meetings').set('authorization', basic(CENTRE)).send({ level: 2, items: [x.item.id] });
    expect(byCentre.status).toBe(403);
    expect(byCentre.body.message).toContain('联合召集');

    const res = await request(app).post('/api/supervision/meetings').set('authorization', basic('party-office')).send({ level: 2, items: [x.item.id], place: '区委第三会议室' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'proposed', proposedBy: 'party-office', confirmingUnits: ['discipline-commission', 'government-office'] });
    const meetingPid = res.body.processInstanceId as string;
    const meeting = await waitFor(() => db.getRepository(SupervisionMeetingEntity).findOneBy({ processInstanceId: meetingPid }), 'the proposed meeting');

    // The other two units each get their own confirmation task; the proposer and the centre get none.
    const discipline = await taskOf('discipline-commission', { processInstanceId: meetingPid, taskDefinitionKey: 'UserTask_ConfirmMeetingDiscipline' }, '区纪委 to confirm');
    expect(discipline.operatonFormRef).toMatchObject({ key: 'supervision-meeting-confirm-discipline-commission' });
    const vars = await unitEngine('discipline-commission').get<Record<string, { value: unknown }>>(`/task/${discipline.id}/form-variables`);
    expect(vars.proposedByName.value).toBe('区委办');
    expect(String(vars.proposalAgenda.value)).toContain(x.number);
    await taskOf('government-office', { processInstanceId: meetingPid, taskDefinitionKey: 'UserTask_ConfirmMeetingGovernmentOffice' }, '区府办 to confirm');
    expect(await unitEngine('party-office').get<Task[]>('/task', { processInstanceId: meetingPid })).toEqual([]);
    expect(await unitEngine(CENTRE).get<Task[]>('/task', { processInstanceId: meetingPid })).toEqual([]);
    await expect(unitEngine('government-office').post(`/task/${discipline.id}/complete`, { variables: {} })).rejects.toMatchObject({ httpStatus: 403 });

    await confirmMeeting(meetingPid, UNITS[0], 'yes');
    // One confirmation is not enough: no agenda, the item still waits.
    expect((await db.getRepository(SupervisionMeetingEntity).findOneByOrFail({ id: meeting.id })).status).toBe('proposed');
    expect(await db.getRepository(SupervisionMeetingItemEntity).countBy({ meetingId: meeting.id })).toBe(0);
    expect((await itemOf(x.pid)).pendingMeetingId).toBeNull();

    await confirmMeeting(meetingPid, UNITS[2], 'yes');
    await waitFor(() => db.getRepository(SupervisionMeetingItemEntity).findOneBy({ meetingId: meeting.id, itemId: x.item.id }), 'the item on the agenda');
    const convened = await waitFor(async () => {
      const m = await db.getRepository(SupervisionMeetingEntity).findOneByOrFail({ id: meeting.id });
      return m.status === 'in-session' ? m : undefined;
    }, 'the meeting in session');
    const answers = JSON.parse(convened.confirmations ?? '[]') as Array<{ unitId: string; confirmed: boolean; account: string }>;
    expect(answers.map((a) => [a.unitId, a.confirmed, a.account]).sort()).toEqual([
      ['discipline-commission', true, demoUserId('discipline-commission')],
      ['government-office', true, demoUserId('government-office')],
    ]);
    // The centre records the meeting it prepared.
    await meetingTask(CENTRE, meetingPid, 'UserTask_RecordLevel2Conclusion', x.number);
  });

  test('S0-3 when one of the other two convening units declines, the proposal ends with a notice and the item keeps waiting', async () => {
    const x = await listedItem('urban-management');
    const meetingPid = await propose('discipline-commission', { level: 2, items: [x.item.id] });
    const meeting = await waitFor(() => db.getRepository(SupervisionMeetingEntity).findOneBy({ processInstanceId: meetingPid }), 'the proposed meeting');
    await taskOf('government-office', { processInstanceId: meetingPid, taskDefinitionKey: 'UserTask_ConfirmMeetingGovernmentOffice' }, '区府办 to confirm');
    await confirmMeeting(meetingPid, UNITS[1], 'no', '不同意：应纳入月度例会统一会商');
    expect((await endedAt(meetingPid)).split(',')).toContain('EndEvent_ProposalDeclined');
    // The other unit's task is withdrawn; no agenda; the item still waits for a meeting.
    expect(await unitEngine('government-office').get<Task[]>('/task', { processInstanceId: meetingPid })).toEqual([]);
    const declined = await db.getRepository(SupervisionMeetingEntity).findOneByOrFail({ id: meeting.id });
    expect(declined.status).toBe('declined');
    expect(JSON.parse(declined.confirmations ?? '[]')).toMatchObject([{ unitId: 'party-office', confirmed: false, account: demoUserId('party-office'), opinion: '不同意：应纳入月度例会统一会商' }]);
    expect(await db.getRepository(SupervisionMeetingItemEntity).countBy({ meetingId: meeting.id })).toBe(0);
    expect(await itemOf(x.pid)).toMatchObject({ status: 'listed', pendingMeetingId: null });
    const told = await waitFor(async () => {
      const rows = (await db.getRepository(NoticeEntity).findBy({ template: 'supervision-meeting-declined' })).filter((n) => n.causeKey.includes(`:meeting-${meeting.id}:`));
      return rows.length > 0 ? rows : undefined;
    }, 'the decline notices');
    expect(told.map((n) => n.recipient).sort()).toEqual([...UNITS.map((u) => `liaison:${u.id}`), `liaison:${CENTRE}`].sort());
    expect(JSON.parse(told[0].payload).text).toContain('不同意：应纳入月度例会统一会商');
  });
});

describe('S0-3 the monthly level-2 meeting', () => {
  test('S0-3 the monthly timer opens a level-2 meeting on the configured day; its agenda is every item listed and waiting', async () => {
    const waiting = await listedItem('urban-management');
    const jobs = await engine().get<Array<{ id: string; dueDate: string }>>('/job', { processDefinitionKey: 'supervision-meeting', timers: true, activityId: 'StartEvent_Monthly' });
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    expect(new Date(job.dueDate).getUTCDate()).toBe(1);
    const before = new Set((await engine().get<Array<{ id: string }>>('/process-instance', { processDefinitionKey: 'supervision-meeting' })).map((p) => p.id));
    await engine().post(`/job/${job.id}/execute`);
    const meetingPid = await waitFor(
      async () => (await engine().get<Array<{ id: string }>>('/process-instance', { processDefinitionKey: 'supervision-meeting' })).find((p) => !before.has(p.id))?.id,
      'the monthly meeting',
    );
    const meeting = await waitFor(() => db.getRepository(SupervisionMeetingEntity).findOneBy({ processInstanceId: meetingPid }), 'the monthly meeting row');
    expect(meeting).toMatchObject({ level: 2, kind: 'monthly' });
    const day = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(meeting.meetingAt));
    expect(day).toBeGreaterThanOrEqual(testConfig().supervision.meetingDay);
    // The agenda closes two working days before the meeting: the test runs the timer instead of waiting.
    const agendaTimer = await waitFor(async () => {
      const jobs = await engine().get<Array<{ id: string }>>('/job', { processInstanceId: meetingPid, timers: true });
      if (jobs.length > 0) return jobs[0];
      const ext = await engine().get<unknown[]>('/history/activity-instance', { processInstanceId: meetingPid, activityId: 'ServiceTask_BuildAgenda' });
      return ext.length > 0 ? { id: '' } : undefined;
    }, 'the agenda timer');
    if (agendaTimer.id) await engine().post(`/job/${agendaTimer.id}/execute`);
    await waitFor(() => db.getRepository(SupervisionMeetingItemEntity).findOneBy({ meetingId: meeting.id, itemId: waiting.item.id }), 'our item on the agenda');
    await meetingTask(CENTRE, meetingPid, 'UserTask_RecordLevel2Conclusion', waiting.number);
    // Every item that was waiting is on this agenda: none is left waiting.
    expect(await db.getRepository(SupervisionItemEntity).countBy({ status: 'listed', pendingMeetingId: IsNull() })).toBe(0);
  });
  test('S0-3 the monthly meeting sits even when no supervision item waits: held with an empty supervision agenda, not cancelled', async () => {
    // The test before took every waiting item onto its agenda.
    expect(await db.getRepository(SupervisionItemEntity).countBy({ status: 'listed', pendingMeetingId: IsNull() })).toBe(0);
    const [job] = await engine().get<Array<{ id: string }>>('/job', { processDefinitionKey: 'supervision-meeting', timers: true, activityId: 'StartEvent_Monthly' });
    const before = new Set((await engine().get<Array<{ id: string }>>('/history/process-instance', { processDefinitionKey: 'supervision-meeting' })).map((p) => p.id));
    await engine().post(`/job/${job.id}/execute`);
    const meetingPid = await waitFor(
      async () => (await engine().get<Array<{ id: string }>>('/history/process-instance', { processDefinitionKey: 'supervision-meeting' })).find((p) => !before.has(p.id))?.id,
      'the monthly meeting',
    );
    const meeting = await waitFor(() => db.getRepository(SupervisionMeetingEntity).findOneBy({ processInstanceId: meetingPid }), 'the monthly meeting row');
    // Run the agenda timer, then the meeting-time timer, instead of waiting for them.
    const runTimer = async (activityId: string) => {
      const timer = await waitFor(async () => (await engine().get<Array<{ id: string }>>('/job', { processInstanceId: meetingPid, timers: true, activityId })).at(0), `the ${activityId} timer`);
      await engine().post(`/job/${timer.id}/execute`);
    };
    // The agenda timer is skipped when the agenda already closes (the configured day is near).
    const agendaTimer = await waitFor(async () => {
      const jobs = await engine().get<Array<{ id: string }>>('/job', { processInstanceId: meetingPid, timers: true, activityId: 'Timer_AgendaCloses' });
      if (jobs.length > 0) return jobs[0];
      const built = await engine().get<unknown[]>('/history/activity-instance', { processInstanceId: meetingPid, activityId: 'ServiceTask_BuildAgenda' });
      return built.length > 0 ? { id: '' } : undefined;
    }, 'the agenda timer');
    if (agendaTimer.id) await engine().post(`/job/${agendaTimer.id}/execute`);
    await runTimer('Timer_MeetingSits');
    expect((await endedAt(meetingPid)).split(',')).toContain('EndEvent_MeetingHeld');
    const held = await db.getRepository(SupervisionMeetingEntity).findOneByOrFail({ id: meeting.id });
    expect(held).toMatchObject({ status: 'held', level: 2, kind: 'monthly' });
    expect(held.summary).toContain('本期无待会商的督办事项');
    expect(await db.getRepository(SupervisionMeetingItemEntity).countBy({ meetingId: meeting.id })).toBe(0);
    // The participants were told that it sits.
    const told = (await db.getRepository(NoticeEntity).findBy({ template: 'supervision-meeting' })).filter((n) => n.causeKey.includes(`:meeting-${meeting.id}:`));
    expect(told.map((n) => n.recipient).sort()).toEqual([...UNITS.map((u) => `liaison:${u.id}`), `liaison:${CENTRE}`].sort());
  });
});
