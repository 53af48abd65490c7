import ExcelJS from 'exceljs';
import type { Express } from 'express';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { monthOf } from '../../src/assessment/month.js';
import { EventEntity, NoticeEntity, PatrolReportEntity } from '../../src/db/entities/index.js';
import type { ChannelId } from '../../src/events/channels.js';
import { developmentIntakeKeys } from '../../src/events/api-keys.js';
import { silentLogger } from '../../src/logger.js';
import { patrolInspectorFigures } from '../../src/patrol/reports.js';
import { REWARD_SHEET } from '../../src/patrol/workbook.js';
import type { Worker } from '../../workers/runner.js';
import { complete, reportEvent, taskFor, variable } from './support/events.js';
import { adminEngine, demoAuthHeader, openTestDatabase, startWorkers, testConfig, testContext, uniqueKey, unitEngine, waitFor } from './support/platform.js';
import { firstWorkingDayAt } from '../../src/assessment/analysis-meeting.js';
import { variables } from '../../src/engine/variables.js';
import { listStreetMeetings } from '../../src/street/meetings.js';

/**
 * Patrol inspectors (S4-4.6, S4-4.9 internal) and emergencies (S4-4.1) on the real engine, through
 * the intake API and the real workers.
 */
let db: DataSource;
let worker: Worker;
let app: Express;
let keys: Map<ChannelId, string>;

beforeAll(async () => {
  db = await openTestDatabase();
  app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
  keys = developmentIntakeKeys(testConfig());
  worker = startWorkers(db);
});
afterAll(async () => {
  await worker.stop();
  await db.destroy();
});

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalId: uniqueKey('PATROL'),
    category: 'road-occupation',
    title: '占道经营',
    description: '文一路人行道上有摊贩占道经营。',
    location: { address: '长河街道文一路 100 号', street: '长河街道' },
    reportedAt: new Date(Date.now() - 60_000).toISOString(),
    ...overrides,
  };
}

const post = (channel: ChannelId, payload: Record<string, unknown>) => request(app).post('/api/events').set('X-Api-Key', keys.get(channel)!).send(payload);

async function reportAs(channel: ChannelId, overrides: Record<string, unknown> = {}): Promise<{ number: string; processInstanceId: string }> {
  const res = await post(channel, body(overrides));
  expect(res.status).toBe(201);
  const number = res.body.number as string;
  const row = await waitFor(async () => (await db.getRepository(EventEntity).findOneBy({ number }))?.processInstanceId, 'the process instance');
  return { number, processInstanceId: row };
}

const patrolRow = (number: string) => db.getRepository(PatrolReportEntity).findOneBy({ eventNumber: number });
const decided = (number: string) => waitFor(async () => ((await patrolRow(number))?.outcome !== 'pending' ? patrolRow(number) : null), `the judgement of ${number}`);
const sub = demoAuthHeader('changhe-sub-centre');

describe('S4-4.6 patrol inspectors: reports graded by urgency and safety risk, rewarded by grade', () => {
  test('S4-4.6 a patrol report must name a registered inspector: missing or unknown → 400 naming inspectorId; other channels may not name one', async () => {
    const missing = await post('patrol', body());
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'inspectorId' })]);
    const unknown = await post('patrol', body({ inspectorId: 'XC-9999' }));
    expect([unknown.status, unknown.body.details[0].field]).toEqual([400, 'inspectorId']);
    expect(unknown.body.details[0].message).toContain('XC-9999');
    const hotline = await post('hotline', body({ inspectorId: 'XC-0101' }));
    expect([hotline.status, hotline.body.details[0].field]).toEqual([400, 'inspectorId']);
  });

  test('S4-4.6 S4-4.9 a patrol report graded and rewarded, an invalid and a duplicate one not; the monthly reward table and its Excel export', async () => {
    const month = monthOf(new Date());
    // XC-0103 is used by this test only: its figures are exactly what happens here.
    const valid = await reportAs('patrol', { inspectorId: 'XC-0103' });
    expect(await patrolRow(valid.number)).toMatchObject({ inspectorId: 'XC-0103', outcome: 'pending', points: 0 });
    // The sub-centre accepts and grades: urgency 较急 (rank 2), safety 高风险 (rank 3) → the higher, rank 3 = 一级, 10 points.
    await complete('changhe-sub-centre', valid.number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'general', patrolUrgency: 'pressing', patrolSafety: 'high' });
    expect(await decided(valid.number)).toMatchObject({ outcome: 'valid', urgency: 'pressing', safety: 'high', rewardGrade: 'grade-1', points: 10 });

    const invalid = await reportAs('patrol', { inspectorId: 'XC-0103' });
    await complete('changhe-sub-centre', invalid.number, 'UserTask_AcceptEvent', { acceptDecision: 'reject', rejectReason: '现场核实无此情况' });
    expect(await decided(invalid.number)).toMatchObject({ outcome: 'invalid', rewardGrade: null, points: 0 });

    const duplicate = await reportAs('patrol', { inspectorId: 'XC-0103' });
    await complete('changhe-sub-centre', duplicate.number, 'UserTask_AcceptEvent', { acceptDecision: 'merge', mergeInto: valid.number });
    expect(await decided(duplicate.number)).toMatchObject({ outcome: 'duplicate', points: 0 });

    // A second valid report, graded 一般 / 低风险 → 三级, 2 points; then corrected through the API to 一般 / 中风险 → 二级, 5 points.
    const second = await reportAs('patrol', { inspectorId: 'XC-0103', category: 'outdoor-advertising' });
    await complete('changhe-sub-centre', second.number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'general', patrolUrgency: 'routine', patrolSafety: 'low' });
    expect(await decided(second.number)).toMatchObject({ outcome: 'valid', rewardGrade: 'grade-3', points: 2 });
    const regraded = await request(app).post(`/api/patrol/reports/${second.number}/grade`).set('Authorization', sub).send({ urgency: 'routine', safety: 'medium' });
    expect(regraded.status).toBe(200);
    expect(regraded.body).toMatchObject({ rewardGrade: 'grade-2', points: 5 });

    // A grade outside the scale → 400 naming the field.
    const outside = await request(app).post(`/api/patrol/reports/${second.number}/grade`).set('Authorization', sub).send({ urgency: 'extreme', safety: 'low' });
    expect([outside.status, outside.body.details?.[0]?.field]).toEqual([400, 'urgency']);
    // A reward for a rejected (invalid) report is refused, naming eventNumber; so is one for a duplicate.
    for (const number of [invalid.number, duplicate.number]) {
      const refused = await request(app).post(`/api/patrol/reports/${number}/grade`).set('Authorization', sub).send({ urgency: 'urgent', safety: 'high' });
      expect([refused.status, refused.body.error, refused.body.field]).toEqual([409, 'PATROL_REPORT_NOT_EARNING', 'eventNumber']);
    }
    expect((await patrolRow(invalid.number))!.points).toBe(0);
    // A department may not grade.
    const dept = await request(app).post(`/api/patrol/reports/${second.number}/grade`).set('Authorization', demoAuthHeader('urban-management')).send({ urgency: 'urgent', safety: 'high' });
    expect(dept.status).toBe(403);

    // The month's table, worked out by hand: 4 reports, 2 valid (一级 10 + 二级 5 = 15 points), 1 invalid, 1 duplicate; valid rate 2/4.
    const expected = { inspectorId: 'XC-0103', name: '钟文斌', reports: 4, valid: 2, invalid: 1, duplicate: 1, pending: 0, ungraded: 0, byGrade: { 'grade-1': 1, 'grade-2': 1, 'grade-3': 0 }, points: 15, validRate: 0.5 };
    const table = await request(app).get(`/api/patrol/months/${month}/rewards`).set('Authorization', sub);
    expect(table.status).toBe(200);
    expect(table.body.inspectors.find((r: { inspectorId: string }) => r.inspectorId === 'XC-0103')).toMatchObject(expected);
    // The same figures for the internal assessment, from src/.
    expect((await patrolInspectorFigures(db, testContext().patrol, month)).find((r) => r.inspectorId === 'XC-0103')).toMatchObject(expected);

    const xlsx = await request(app)
      .get(`/api/patrol/months/${month}/rewards.xlsx`)
      .set('Authorization', sub)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    const buf = xlsx.body as Buffer;
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer);
    const sheet = wb.getWorksheet(REWARD_SHEET)!;
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    const row = sheet.getRows(3, sheet.rowCount - 2)!.find((r) => r.getCell(1).value === 'XC-0103')!;
    const cell = (title: string) => row.getCell(header.indexOf(title) + 1).value;
    expect([cell('姓名'), cell('上报数'), cell('有效'), cell('一级（严重）（10分）'), cell('二级（较重）（5分）'), cell('无效'), cell('重复'), cell('有效率'), cell('奖励积分')]).toEqual([
      '钟文斌',
      4,
      2,
      1,
      1,
      1,
      1,
      '50.00%',
      15,
    ]);
  });
});

describe('S4-4.1 emergencies are reported at once', () => {
  const emergencyNotices = (number: string) => db.getRepository(NoticeEntity).findBy({ eventNumber: number, template: 'event-emergency' });

  test('S4-4.1 an event of an urgent category notifies the centre and the street within the minute, is first in the queue, due for acceptance in 30 minutes, with a 1-working-day round', async () => {
    const { number, processInstanceId } = await reportAs('hotline', { category: 'fire-hazard', title: '群租房楼道堆放电瓶车' });
    const receivedAt = (await db.getRepository(EventEntity).findOneByOrFail({ number })).receivedAt;
    const notices = await waitFor(async () => {
      const found = await emergencyNotices(number);
      return found.length === 4 ? found : null;
    }, 'the emergency notices', 60_000);
    expect(notices.map((n) => n.recipient).sort()).toEqual(['liaison:changhe-sub-centre', 'liaison:linkage-centre', 'unit:changhe-sub-centre', 'unit:linkage-centre']);
    for (const n of notices) expect(n.createdAt.getTime() - receivedAt.getTime()).toBeLessThan(60_000);
    // Before anyone accepted it: the acceptance task is still open.
    const task = await taskFor('changhe-sub-centre', number, 'UserTask_AcceptEvent');
    expect(task.priority).toBe(100);
    const acceptDueAt = new Date(await variable<string>(processInstanceId, 'acceptDueAt'));
    expect(Math.abs(acceptDueAt.getTime() - receivedAt.getTime() - 30 * 60_000)).toBeLessThan(60_000);

    await complete('changhe-sub-centre', number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'general' });
    await taskFor('changhe-platform-governance', number, 'UserTask_HandleEvent');
    // The category's limit is 3 working days; an emergency round gets 1.
    expect(await variable<number>(processInstanceId, 'timeLimitDays')).toBe(1);
  });

  test('S4-4.1 a reporter’s urgent flag marks any category urgent; an ordinary event sends no emergency notice and keeps the normal priority', async () => {
    const flagged = await reportAs('hotline', { category: 'manhole-cover', urgent: true });
    await waitFor(async () => (await emergencyNotices(flagged.number)).length === 4, 'the emergency notices', 60_000);

    const ordinary = await reportAs('hotline', { category: 'manhole-cover' });
    const task = await taskFor('changhe-sub-centre', ordinary.number, 'UserTask_AcceptEvent');
    expect(task.priority).toBe(50);
    const started = await adminEngine().get<unknown[]>('/history/activity-instance', { processInstanceId: ordinary.processInstanceId, activityId: 'StartEvent_Emergency' });
    expect(started).toEqual([]);
    expect(await emergencyNotices(ordinary.number)).toEqual([]);
  });
});

describe('S2-4 linkage: one platform → its lead unit coordinates, several platforms → the street 平安建设办', () => {
  test('S2-4 a multi-platform larger event goes through the 平安建设办, the task naming the lead platform; a single-platform one through that platform’s lead unit', async () => {
    // 消防安全隐患: 综合治理平台 (lead), 派出所 (综合治理) and 综合执法平台 → two platforms.
    const multi = await reportEvent(db, 'fire-hazard');
    await complete('changhe-sub-centre', multi.number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'larger' });
    await taskFor('changhe-safety-office', multi.number, 'UserTask_StreetCoordination');
    expect(await variable(multi.processInstanceId, 'coordinationScope')).toBe('multi-platform');
    expect(await variable(multi.processInstanceId, 'coordinationLeadPlatformName')).toBe('综合治理');
    expect(await adminEngine().get('/task', { processInstanceBusinessKey: multi.number, taskDefinitionKey: 'UserTask_StreetCoordination', candidateGroup: 'changhe-platform-governance' })).toEqual([]);

    // 食品安全: only the 市场监管 platform → its lead unit coordinates, not the 平安建设办.
    const single = await reportEvent(db, 'food-safety');
    await complete('changhe-sub-centre', single.number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'larger' });
    await taskFor('changhe-platform-market', single.number, 'UserTask_StreetCoordination');
    expect(await adminEngine().get('/task', { processInstanceBusinessKey: single.number, taskDefinitionKey: 'UserTask_StreetCoordination', candidateGroup: 'changhe-safety-office' })).toEqual([]);
    await complete('changhe-platform-market', single.number, 'UserTask_StreetCoordination', {
      assignedLeadUnit: 'changhe-platform-market',
      assignedCooperatingUnits: 'market-regulation-bureau',
      coordinationNote: '市场监管平台牵头，区市场监管局配合',
    });
    await taskFor('changhe-platform-market', single.number, 'UserTask_HandleEvent');
  });
});

describe('S4-4.8 joint enforcement', () => {
  const centre = demoAuthHeader('linkage-centre');

  test('S4-4.8 a joint action names a lead and several units; each reports its part; one ledger round per unit', async () => {
    const bad = await request(app).post('/api/street/joint-actions').set('Authorization', centre).send({ title: '群租房消防专项整治', description: '联合检查', leadUnit: 'changhe-platform-enforcement', units: ['no-such-unit'] });
    expect([bad.status, bad.body.details?.[0]?.field]).toEqual([400, 'units.0']);
    const alone = await request(app).post('/api/street/joint-actions').set('Authorization', centre).send({ title: '群租房消防专项整治', description: '联合检查', leadUnit: 'changhe-platform-enforcement', units: [] });
    expect([alone.status, alone.body.details?.[0]?.field]).toEqual([400, 'units']);
    const dept = await request(app).post('/api/street/joint-actions').set('Authorization', demoAuthHeader('urban-management')).send({ title: 'x', description: 'x', leadUnit: 'urban-management', units: ['police-station'] });
    expect(dept.status).toBe(403);

    const started = await request(app)
      .post('/api/street/joint-actions')
      .set('Authorization', sub)
      .send({ title: '群租房消防专项整治', description: '文一路群租房集中整治，消防、治安、执法联合检查', leadUnit: 'changhe-platform-enforcement', units: ['police-station', 'urban-management'], timeLimitDays: 3 });
    expect(started.status).toBe(201);
    const number = started.body.number as string;
    expect(number).toMatch(/^LH-\d{8}-\d{6}$/);
    const ledgerRows = async () => (await request(app).get(`/api/street/joint-actions/${number}`).set('Authorization', sub)).body.parts as Array<{ unitId: string; role: string; round: number; outcome: string; onTime: boolean | null; note: string | null }>;
    await waitFor(async () => (await ledgerRows()).length === 3, 'the ledger rows of the joint action');
    expect((await ledgerRows()).map((r) => [r.unitId, r.role, r.round, r.outcome]).sort()).toEqual([
      ['changhe-platform-enforcement', 'lead', 1, 'open'],
      ['police-station', 'cooperating', 1, 'open'],
      ['urban-management', 'cooperating', 1, 'open'],
    ]);

    // Each unit sees its own task and reports its part.
    const reports: Record<string, string> = { 'changhe-platform-enforcement': '牵头组织检查12户，责令整改5户', 'police-station': '核查流动人口登记23人', 'urban-management': '拆除违规搭建2处' };
    for (const [unit, partReport] of Object.entries(reports)) await complete(unit, number, 'UserTask_ReportPart', { partReport });
    const done = await waitFor(async () => {
      const rows = await ledgerRows();
      return rows.every((r) => r.outcome === 'completed') ? rows : null;
    }, 'every part booked');
    for (const r of done) expect([r.onTime, r.note]).toEqual([true, reports[r.unitId]]);
    await waitFor(async () => (await request(app).get(`/api/street/joint-actions/${number}`).set('Authorization', sub)).body.status === 'completed', 'the action completed');
  });
});

describe('S2-A1 the street’s collective consultation', () => {
  test('S2-A1 the street meeting sits monthly at the start of the month (timer on the 1st, meeting on the first working day), with minutes; ad hoc for special items', async () => {
    // The timer start: a monthly cycle on the 1st.
    const [definition] = await adminEngine().get<Array<{ jobConfiguration: string }>>('/job-definition', { activityIdIn: 'StartEvent_StreetMonthly', processDefinitionKey: 'street-consultation' });
    expect(definition.jobConfiguration).toBe('CYCLE: 0 0 1 1 * ?');
    const jobs = await adminEngine().get<Array<{ id: string; duedate: string }>>('/job', { activityId: 'StartEvent_StreetMonthly', processDefinitionKey: 'street-consultation' });
    expect(jobs).toHaveLength(1);
    const before = await adminEngine().get<Array<{ id: string }>>('/process-instance', { processDefinitionKey: 'street-consultation' });
    // The month has come: the timer fires (executed now instead of waiting for the 1st).
    await adminEngine().post(`/job/${jobs[0].id}/execute`, {});
    const instance = await waitFor(async () => {
      const now = await adminEngine().get<Array<{ id: string }>>('/process-instance', { processDefinitionKey: 'street-consultation' });
      return now.find((p) => !before.some((b) => b.id === p.id));
    }, 'the monthly consultation instance');
    // The cycle goes on: a new job for the next month.
    const next = await adminEngine().get<Array<{ id: string; duedate: string }>>('/job', { activityId: 'StartEvent_StreetMonthly', processDefinitionKey: 'street-consultation' });
    expect(next).toHaveLength(1);
    expect(next[0].id).not.toBe(jobs[0].id);

    const month = monthOf(new Date());
    const calendar = await testContext().calendar(db);
    const firstWorkingDay = firstWorkingDayAt(new Date(), calendar);
    const task = await waitFor(async () => (await unitEngine('changhe-sub-centre').tasks.list({ processInstanceId: instance.id, taskDefinitionKey: 'UserTask_StreetRecordMinutes' })).at(0), 'the minutes task');
    expect(new Date(task.due!).getTime()).toBe(firstWorkingDay.getTime());
    await unitEngine('changhe-sub-centre').tasks.complete(
      task.id,
      variables({ attendees: '卜征、张红祥、王环阳、倪涤明、潘杰、胡建平', topics: '本月矛盾纠纷排查调处情况；文一路群租房专项整治', minutes: '会议分析了本月治安形势，部署群租房消防专项整治。', decisions: '综合执法平台牵头，派出所配合，月底前完成整治' }),
    );
    const held = await waitFor(async () => (await listStreetMeetings(db, month)).find((m) => m.processInstanceId === instance.id && m.status === 'held'), 'the minutes filed');
    expect(held).toMatchObject({ kind: 'monthly', street: '长河街道', month, minutes: '会议分析了本月治安形势，部署群租房消防专项整治。' });
    expect(held.meetingAt.getTime()).toBe(firstWorkingDay.getTime());

    // Ad hoc: convened by the sub-centre with its reason; a department may not convene; the reason is required.
    const missing = await request(app).post('/api/street/meetings').set('Authorization', sub).send({});
    expect([missing.status, missing.body.details?.[0]?.field]).toEqual([400, 'reason']);
    expect((await request(app).post('/api/street/meetings').set('Authorization', demoAuthHeader('urban-management')).send({ reason: 'x' })).status).toBe(403);
    const special = await request(app).post('/api/street/meetings').set('Authorization', sub).send({ reason: '辖区发生群体性纠纷，临时会商' });
    expect(special.status).toBe(201);
    const listed = await waitFor(
      async () => (await request(app).get(`/api/street/meetings?month=${month}`).set('Authorization', sub)).body.find((m: { processInstanceId: string }) => m.processInstanceId === special.body.processInstanceId),
      'the special meeting',
    );
    expect(listed).toMatchObject({ kind: 'special', reason: '辖区发生群体性纠纷，临时会商', status: 'scheduled' });
  });
});
