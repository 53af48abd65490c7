import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { recordAccountability } from '../../src/accountability/records.js';
import { roundCountsByRows, roundCountsInSql, type RoundCounts } from '../../src/assessment/figures.js';
import { monthRange, shiftMonth } from '../../src/assessment/month.js';
import { computeMonth, getMonth, reproduce } from '../../src/assessment/service.js';
import { createApp } from '../../src/app.js';
import { EventEntity, LedgerEntryEntity, NoticeEntity, SupervisionItemEntity } from '../../src/db/entities/index.js';
import { variables } from '../../src/engine/variables.js';
import { excludeForDecisionReference, openRoundRows, closeRoundRows, reopenForOriginalUnit } from '../../src/handling/ledger.js';
import { silentLogger } from '../../src/logger.js';
import type { Worker } from '../../workers/runner.js';
import { activeActivities, complete, fireTimer, reportEvent, taskFor } from './support/events.js';
import { adminEngine, demoAuthHeader, openTestDatabase, startWorkers, testConfig, testContext, waitFor } from './support/platform.js';

/**
 * The monthly assessment (S4-4.9, S2-5.2, S3-4, S0-5, S0-6) and its bulletin (S1-7) on the real
 * engine with the real workers. The month is built through the real event process; then every row
 * the processes wrote for these events (ledger and event times) is moved as one block into a past
 * month of its own (an even month unique to this run), so that the month holds nothing else of the
 * shared test database and can be assessed (only ended months are). The expected figures, scores
 * and ranks below are worked out by hand in the comments.
 */
let db: DataSource;
let worker: Worker;
let app: ReturnType<typeof createApp>;
const CENTRE = 'linkage-centre';
// A past month of its own (event-growth.test.ts lists 1993's first half: keep clear of it).
const MONTH = shiftMonth('2000-02', 2 * (Math.floor(Date.now() / 60_000) % 120));
const AFTER = new Date(`${shiftMonth(MONTH, 2)}-10T12:00:00+08:00`);
const numbers: string[] = [];
let tmp: string;

beforeAll(async () => {
  db = await openTestDatabase();
  worker = startWorkers(db);
  app = createApp({ config: testConfig(), db, engine: adminEngine(), logger: silentLogger, context: testContext() });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assessment-'));
});
afterAll(async () => {
  await worker.stop();
  await db.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const eventRow = (number: string) => db.getRepository(EventEntity).findOneByOrFail({ number });
const accept = (number: string) => complete(CENTRE, number, 'UserTask_AcceptEvent', { acceptDecision: 'accept', grade: 'general' });

async function report(category: string, street?: string) {
  const e = await reportEvent(db, category, street);
  numbers.push(e.number);
  return e;
}

/** The cooperating units' tasks of the event, done (the lead unit's step waits for nobody, but keep the books tidy). */
async function assists(number: string) {
  const engine = adminEngine();
  for (const t of await engine.tasks.list({ processInstanceBusinessKey: number, taskDefinitionKey: 'UserTask_AssistHandling' })) {
    await engine.tasks.complete(t.id, variables({ assistFeedback: '已配合处置' }));
  }
}

async function handle(unit: string, number: string, outcome: Record<string, string>) {
  await taskFor(unit, number, 'UserTask_HandleEvent');
  await assists(number);
  await complete(unit, number, 'UserTask_HandleEvent', outcome);
}

async function verify(number: string, resolved: 'yes' | 'no', satisfaction: number) {
  await complete(CENTRE, number, 'UserTask_VerifyEvent', { resolved, satisfaction, verifyNote: `回访：${satisfaction}分` });
}

const closed = (number: string) => waitFor(async () => (await eventRow(number)).status === 'closed', `${number} closed`);

/** Moves every time of these events' rows by the same amount, so the block lands on the 15th of MONTH. */
async function moveIntoMonth() {
  const firstRow = await db.getRepository(EventEntity).findOneByOrFail({ number: numbers[0] });
  const delta = new Date(`${MONTH}-15T04:00:00+08:00`).getTime() - new Date(firstRow.receivedAt).getTime();
  const move = (d: Date | null) => (d ? new Date(new Date(d).getTime() + delta) : d);
  for (const number of numbers) {
    for (const r of await db.getRepository(LedgerEntryEntity).findBy({ eventNumber: number })) {
      await db.getRepository(LedgerEntryEntity).update(
        { id: r.id },
        { dispatchedAt: move(r.dispatchedAt)!, dueAt: move(r.dueAt)!, completedAt: move(r.completedAt), excludedFrom: move(r.excludedFrom), excludedUntil: move(r.excludedUntil) },
      );
    }
    const e = await eventRow(number);
    await db.getRepository(EventEntity).update({ id: e.id }, { receivedAt: move(e.receivedAt)!, reportedAt: move(e.reportedAt)!, closedAt: move(e.closedAt) });
  }
}

const useCase = (schemeFile?: string) => ({ db, orgChart: testContext().orgChart, schemeFile });
const unitOf = (view: Awaited<ReturnType<typeof getMonth>>, id: string) => view.figures.units.find((u) => u.unitId === id)!;
const ranks = (view: { groups: Array<{ groupId: string; units: Array<{ unitId: string; score: number; rank: number }> }> }, group: string) =>
  view.groups.find((g) => g.groupId === group)!.units.map((u) => [u.rank, u.unitId, u.score]);

describe('S4-4.9 S2-5.2 the monthly assessment from the ledger', () => {
  beforeAll(async () => {
    // E1, E2 road-damage → 区城管局, on time, satisfaction 5 and 4.
    for (const sat of [5, 4]) {
      const { number } = await report('road-damage');
      await accept(number);
      await handle('urban-management', number, { handlingOutcome: 'completed', feedback: '已修复' });
      await verify(number, 'yes', sat);
      await closed(number);
    }
    // E3 garbage-dumping → 综合执法平台, its overdue timer fires, completed late, satisfaction 4.
    {
      const { number, processInstanceId } = await report('garbage-dumping');
      await accept(number);
      await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
      await fireTimer(processInstanceId, 'Timer_HandlingOverdue');
      await waitFor(async () => (await db.getRepository(LedgerEntryEntity).findOneBy({ eventNumber: number, role: 'lead' }))?.onTime === false, 'E3 late');
      await handle('changhe-platform-enforcement', number, { handlingOutcome: 'completed', feedback: '已清运' });
      await verify(number, 'yes', 4);
      await closed(number);
    }
    // E4 water-supply → 便民服务平台: reopened by verification (rework), round 2 on time, satisfaction 2 then 3.
    {
      const { number } = await report('water-supply');
      await accept(number);
      await handle('changhe-platform-services', number, { handlingOutcome: 'completed', feedback: '已恢复供水' });
      await verify(number, 'no', 2);
      await handle('changhe-platform-services', number, { handlingOutcome: 'completed', feedback: '已更换管道' });
      await verify(number, 'yes', 3);
      await closed(number);
    }
    // E5 food-safety in 西兴街道 → 区市场监管局, overdue and still open at the month's end.
    {
      const { number, processInstanceId } = await report('food-safety', '西兴街道');
      await accept(number);
      await taskFor('market-regulation-bureau', number, 'UserTask_HandleEvent');
      await fireTimer(processInstanceId, 'Timer_HandlingOverdue');
      await waitFor(async () => (await db.getRepository(LedgerEntryEntity).findOneBy({ eventNumber: number, role: 'lead' }))?.onTime === false, 'E5 late');
    }
    // E6 road-damage → 区城管局, then listed as a decision-reference event (S0-5): excluded.
    {
      const { number } = await report('road-damage');
      await accept(number);
      await taskFor('urban-management', number, 'UserTask_HandleEvent');
      // What the supervision process's worker does at the district leader's decision (tested there).
      expect(await excludeForDecisionReference(db, { eventNumber: number, handlingRound: 1 }, new Date())).toBe(2);
    }
    // E7 garbage-dumping → 综合执法平台, re-dispatched to it by supervision (S0-6): round 1 not
    // completed, round 2 counted again and completed on time.
    {
      const { number } = await report('garbage-dumping');
      await accept(number);
      await taskFor('changhe-platform-enforcement', number, 'UserTask_HandleEvent');
      expect(await reopenForOriginalUnit(db, { eventNumber: number, handlingRound: 1, leadUnit: 'changhe-platform-enforcement' })).toBe(1);
      const r1 = (await db.getRepository(LedgerEntryEntity).findOneByOrFail({ eventNumber: number, round: 1, role: 'lead' }));
      await openRoundRows(db, { eventNumber: number, round: 2, units: [{ unitId: 'changhe-platform-enforcement', role: 'lead' }], dispatchedAt: new Date(), dueAt: r1.dueAt });
      await closeRoundRows(db, { eventNumber: number, round: 2, outcome: 'completed', note: '二次办理完成' }, new Date());
    }
    // E8 neighbour-dispute → 综合治理平台 returns it; the centre gives it to 区住建局 (return upheld),
    // which completes on time, satisfaction 5.
    {
      const { number } = await report('neighbour-dispute');
      await accept(number);
      await handle('changhe-platform-governance', number, { handlingOutcome: 'returned', returnReason: '属物业纠纷' });
      await complete(CENTRE, number, 'UserTask_Redispatch', { redispatchChoice: 'dispatch', assignedLeadUnit: 'housing-bureau', assignedCooperatingUnits: '' });
      await handle('housing-bureau', number, { handlingOutcome: 'completed', feedback: '已协调物业' });
      await verify(number, 'yes', 5);
      await closed(number);
    }
    // E9 neighbour-dispute → 综合治理平台 returns it; the centre sends it back to the same platform
    // (return not upheld), which completes on time, satisfaction 5.
    {
      const { number } = await report('neighbour-dispute');
      await accept(number);
      await handle('changhe-platform-governance', number, { handlingOutcome: 'returned', returnReason: '不属本平台' });
      await complete(CENTRE, number, 'UserTask_Redispatch', { redispatchChoice: 'dispatch', assignedLeadUnit: 'changhe-platform-governance', assignedCooperatingUnits: '' });
      await handle('changhe-platform-governance', number, { handlingOutcome: 'completed', feedback: '已调解' });
      await verify(number, 'yes', 5);
      await closed(number);
    }
    // E10 rejected at acceptance.
    {
      const { number } = await report('price-complaint');
      await complete(CENTRE, number, 'UserTask_AcceptEvent', { acceptDecision: 'reject', rejectReason: '不属于受理范围' });
      await waitFor(async () => (await eventRow(number)).status === 'rejected', 'E10 rejected');
    }
    await moveIntoMonth();
    // S3-4: the responsibility consultation's book for the month.
    await recordAccountability(db, { source: 'responsibility-consultation', unitId: 'housing-bureau', month: MONTH, itemRef: 'ZR-T1', kind: 'late-report', note: '逾期报送落实情况' }, new Date());
    await recordAccountability(db, { source: 'responsibility-consultation', unitId: 'environment-bureau', month: MONTH, itemRef: 'ZR-T2', kind: 'not-implemented', note: '会商决定未落实' }, new Date());
  }, 600_000);

  test('S4-4.9 S2-5.2 S3-4 S0-5 S0-6 the figures, rates, scores, ranking by group and bottom three match the hand-worked month', async () => {
    const view = await computeMonth(useCase(), { month: MONTH, cause: 'test:first' }, AFTER);
    expect(view.revision).toBe(1);
    const o = view.figures.overall;
    // Received E1–E10; E10 rejected. Due: E1 E2 E3 E4r1 E4r2 E5 E7r1 E7r2 E8r2 E9r1 E9r2 = 11 (E6
    // excluded by S0-5; E8r1's return upheld). Completed: E1 E2 E3 E4r2 E7r2 E8r2 E9r2 = 7; on
    // time: all but E3 = 6. Left overdue: E5. Rated: E1 5, E2 4, E3 4, E4 3, E8 5, E9 5 → 5 of 6.
    expect(o).toMatchObject({ received: 10, accepted: 9, rejected: 1, due: 11, completed: 7, onTime: 6, leftOverdue: 1, satisfactionRated: 6, satisfied: 5 });
    expect(o.topCategories[0]).toEqual({ key: 'road-damage', count: 3 });
    // Ties by code.
    expect(o.topCategories.slice(1, 3)).toEqual([
      { key: 'garbage-dumping', count: 2 },
      { key: 'neighbour-dispute', count: 2 },
    ]);

    expect(unitOf(view, 'urban-management')).toMatchObject({ dispatched: 3, due: 2, completed: 2, onTime: 2, excludedS05: 1, satisfactionRated: 2, satisfied: 2 });
    expect(unitOf(view, 'changhe-platform-enforcement')).toMatchObject({ due: 3, completed: 2, onTime: 1, late: 2, recountedS06: 1, reworked: 0, satisfactionRated: 1, satisfied: 1 });
    expect(unitOf(view, 'changhe-platform-services')).toMatchObject({ due: 2, completed: 1, onTime: 1, reworked: 1, satisfactionRated: 1, satisfied: 0 });
    expect(unitOf(view, 'market-regulation-bureau')).toMatchObject({ due: 1, completed: 0, onTime: 0, leftOverdue: 1 });
    expect(unitOf(view, 'changhe-platform-governance')).toMatchObject({ due: 2, completed: 1, onTime: 1, returns: 2, returnsUpheld: 1, returnsNotUpheld: 1, returnsUndecided: 0 });
    expect(unitOf(view, 'housing-bureau')).toMatchObject({ due: 1, completed: 1, onTime: 1, accountability: { 'late-report': 1 } });
    expect(unitOf(view, 'environment-bureau')).toMatchObject({ due: 0, accountability: { 'not-implemented': 1 } });

    // Scores (60/10/20/10):
    //  综合治理平台 30 + 10 + 20 + 10×(1−1/2)=5 → 65; 综合执法平台 60×1/3=20 + 10 + 20 + 10×(1−1/3)=6.67
    //  → 56.67; 便民服务平台 30 + 10 + 0 + 5 → 45; the others nothing due → 100 (ties by id).
    expect(ranks(view.ranking, 'streets')).toEqual([
      [1, 'changhe-platform-market', 100],
      [2, 'changhe-safety-office', 100],
      [3, 'changhe-sub-centre', 100],
      [4, 'changhe-platform-governance', 65],
      [5, 'changhe-platform-enforcement', 56.67],
      [6, 'changhe-platform-services', 45],
    ]);
    //  区城管局 100 (2 due, ahead of the idle units); 区住建局 100 − 2 (late report) = 98; 区生态环境分局
    //  100 − 5 (not implemented) = 95; 区市场监管局 0 + 10 + 20 + 10 = 40.
    expect(ranks(view.ranking, 'departments')).toEqual([
      [1, 'urban-management', 100],
      [2, 'justice-office', 100],
      [3, 'police-station', 100],
      [4, 'housing-bureau', 98],
      [5, 'environment-bureau', 95],
      [6, 'market-regulation-bureau', 40],
    ]);
    expect(view.ranking.groups.map((g) => g.bottom)).toEqual([
      ['changhe-platform-governance', 'changhe-platform-enforcement', 'changhe-platform-services'],
      ['housing-bureau', 'environment-bureau', 'market-regulation-bureau'],
    ]);
  });

  test('S2-5.2 S0-5 S0-6 the database aggregation counts every unit\'s rounds exactly as the row-by-row reference, for this month and for the shared current month', async () => {
    const byUnit = (rows: RoundCounts[]) => [...rows].sort((a, b) => a.unitId.localeCompare(b.unitId));
    // The shared current month grows while workers book other files' leftover events, so the two
    // readings are taken with this file's workers stopped (no other writer runs meanwhile).
    await worker.stop();
    try {
      for (const month of [MONTH, new Date().toISOString().slice(0, 7)]) {
        const range = monthRange(month);
        const inSql = byUnit(await roundCountsInSql(db, range));
        expect(inSql).toEqual(byUnit(await roundCountsByRows(db, range)));
        if (month === MONTH) expect(inSql.reduce((n, c) => n + c.due, 0)).toBe(11);
      }
    } finally {
      worker = startWorkers(db);
    }
  });

  test('S4-4.9 a changed weight file gives a new ranking in a new revision, while the stored month stays reproducible', async () => {
    const before = await getMonth(db, MONTH, 1);
    const file = path.join(tmp, 'assessment.yaml');
    fs.writeFileSync(file, fs.readFileSync('config/assessment.yaml', 'utf8').replace(/onTime: 60/, 'onTime: 90').replace(/supervision: 10/, 'supervision: 0').replace(/satisfaction: 20/, 'satisfaction: 0'));
    await expect(computeMonth(useCase(file), { month: MONTH, cause: 'test:weights' }, AFTER)).rejects.toMatchObject({ httpStatus: 400, detail: [{ field: 'reason' }] });
    const second = await computeMonth(useCase(file), { month: MONTH, cause: 'test:weights', reason: '权重调整后重新计算' }, AFTER);
    expect(second).toMatchObject({ revision: 2, reason: '权重调整后重新计算' });
    expect(second.configVersion).not.toBe(before.configVersion);
    // 90/0/0/10: 综合治理平台 45 + 5 = 50; 便民服务平台 45 + 5 = 50 (tie: same rate and load, by id);
    // 综合执法平台 30 + 6.67 = 36.67 — now last.
    expect(ranks(second.ranking, 'streets').slice(3)).toEqual([
      [4, 'changhe-platform-governance', 50],
      [5, 'changhe-platform-services', 50],
      [6, 'changhe-platform-enforcement', 36.67],
    ]);
    // Revision 1 is unchanged and scores again, with its own stored scheme, to the same ranking.
    expect(await getMonth(db, MONTH, 1)).toEqual(before);
    expect((await reproduce(db, MONTH, 1)).groups).toEqual(before.ranking.groups);
    // The same cause (a redelivered task) adds no revision.
    expect((await computeMonth(useCase(file), { month: MONTH, cause: 'test:weights', reason: 'x' }, AFTER)).revision).toBe(2);
  });

  test('S4-4.9 weights that do not sum to 100 are refused with the field named', async () => {
    const file = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(file, fs.readFileSync('config/assessment.yaml', 'utf8').replace(/returnsRework: 10/, 'returnsRework: 20'));
    await expect(computeMonth(useCase(file), { month: MONTH, cause: 'test:bad', reason: '错误权重' }, AFTER)).rejects.toMatchObject({
      code: 'ASSESSMENT_CONFIG_INVALID',
      httpStatus: 422,
      field: 'weights',
    });
  });
});

describe('S1-7 S4-4.9 publishing, the bulletin and bad input', () => {
  const as = (unit: string) => ({ authorization: demoAuthHeader(unit) });

  test('S4-4.9 bad input: malformed month 400, never computed 404, current or future month 400, recompute without reason 400', async () => {
    expect((await request(app).get('/api/assessment/months/2026-13').set(as(CENTRE))).body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'month' }] });
    const missing = await request(app).get('/api/assessment/months/1999-01').set(as(CENTRE));
    expect([missing.status, missing.body.error]).toEqual([404, 'ASSESSMENT_NOT_FOUND']);
    const future = await request(app).post('/api/assessment/months/2099-01/compute').set(as(CENTRE)).send({});
    expect([future.status, future.body.error]).toEqual([400, 'MONTH_NOT_ENDED']);
    const current = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect((await request(app).post(`/api/assessment/months/${current}/compute`).set(as(CENTRE)).send({})).body.error).toBe('MONTH_NOT_ENDED');
    const noReason = await request(app).post(`/api/assessment/months/${MONTH}/compute`).set(as(CENTRE)).send({});
    expect([noReason.status, noReason.body.details]).toEqual([400, [{ field: 'reason', message: expect.stringContaining('须说明原因') }]]);
    // Only the centre computes.
    expect((await request(app).post(`/api/assessment/months/${MONTH}/compute`).set(as('urban-management')).send({ reason: 'x' })).status).toBe(403);
  });

  test('S1-7 S4-4.9 published once (twice → 409), every unit told, the bottom three to report in person; page, A4 and Excel carry the same figures', async () => {
    const computed = await request(app).post(`/api/assessment/months/${MONTH}/compute`).set(as(CENTRE)).send({ reason: '发布前按默认方案重新计算' });
    expect(computed.status).toBe(201);
    const revision = computed.body.revision as number;
    expect(ranks(computed.body.ranking, 'streets')[4]).toEqual([5, 'changhe-platform-enforcement', 56.67]);
    // A draft is the centre's only.
    expect((await request(app).get(`/api/assessment/months/${MONTH}`).set(as('urban-management'))).status).toBe(403);

    const published = await request(app).post(`/api/assessment/months/${MONTH}/publish`).set(as(CENTRE));
    expect([published.status, published.body.status, published.body.revision]).toEqual([200, 'published', revision]);
    const again = await request(app).post(`/api/assessment/months/${MONTH}/publish`).set(as(CENTRE));
    expect([again.status, again.body.error]).toEqual([409, 'ALREADY_PUBLISHED']);

    const notices = await db.getRepository(NoticeEntity).find({ where: { template: 'assessment-report-in-person' } });
    const mine = notices.filter((n) => n.causeKey.includes(`${MONTH}:r${revision}`)).map((n) => n.recipient).sort();
    expect(mine).toEqual(
      ['changhe-platform-governance', 'changhe-platform-enforcement', 'changhe-platform-services', 'housing-bureau', 'environment-bureau', 'market-regulation-bureau'].map((u) => `liaison:${u}`).sort(),
    );
    const told = (await db.getRepository(NoticeEntity).find({ where: { template: 'assessment-published' } })).filter((n) => n.causeKey.includes(`${MONTH}:r${revision}`));
    expect(told).toHaveLength(12);
    expect(JSON.parse(told.find((n) => n.recipient === 'liaison:changhe-platform-enforcement')!.payload).text).toContain('得分 56.67，在街道（镇）中排名第5');

    // Every unit's staff may read the published month.
    const page = await request(app).get(`/api/assessment/months/${MONTH}/bulletin`).set(as('urban-management'));
    const print = await request(app).get(`/api/assessment/months/${MONTH}/bulletin/print`).set(as('urban-management'));
    expect([page.status, print.status]).toEqual([200, 200]);
    for (const html of [page.text, print.text]) {
      expect(html).toContain('<td data-field="应结案">11</td>');
      expect(html).toContain('7（结案率 63.64%，7/11）');
      expect(html).toContain('6（按期结案率 54.55%，6/11）');
      expect(html).toMatch(/data-unit="长河街道综合执法平台"><td>5<\/td><td>长河街道综合执法平台<\/td><td>56\.67<\/td>/);
      expect(html).toMatch(/data-unit="区市场监管局"><td>6<\/td><td>区市场监管局<\/td><td>40\.00<\/td>/);
      expect(html).toContain('<svg');
      expect(html).toContain('韩东（副局长）');
    }
    expect(print.text).toContain('size: A4');

    const xlsx = await request(app).get(`/api/assessment/months/${MONTH}/bulletin.xlsx`).set(as('urban-management')).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((xlsx.body as Buffer).buffer.slice((xlsx.body as Buffer).byteOffset, (xlsx.body as Buffer).byteOffset + (xlsx.body as Buffer).length) as ArrayBuffer);
    const sheet = wb.getWorksheet('考评排名')!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows.find((r) => r[2] === '长河街道综合执法平台')!.slice(0, 10)).toEqual(['街道（镇）', 5, '长河街道综合执法平台', 56.67, '待改进', 3, 2, '66.67%', 1, '33.33%']);
    expect(rows.find((r) => r[2] === '区市场监管局')!.slice(0, 4)).toEqual(['区级部门', 6, '区市场监管局', 40]);
    const overall = wb.getWorksheet('总体情况')!;
    expect(overall.getRow(4).values).toEqual([undefined, '应结案', '11']);
  });

  test('S4-4.9 the bimonthly report averages two published months and names the bottom three', async () => {
    const previous = shiftMonth(MONTH, -1);
    expect((await request(app).post(`/api/assessment/months/${previous}/compute`).set(as(CENTRE)).send({})).status).toBe(201);
    expect((await request(app).post(`/api/assessment/months/${previous}/publish`).set(as(CENTRE))).status).toBe(200);
    const odd = await request(app).get(`/api/assessment/bimonthly/${previous}`).set(as(CENTRE));
    expect([odd.status, odd.body.details?.[0]?.field]).toEqual([400, 'month']);
    const res = await request(app).get(`/api/assessment/bimonthly/${MONTH}`).set(as(CENTRE));
    expect(res.status).toBe(200);
    const streets = res.body.groups.find((g: { groupId: string }) => g.groupId === 'streets');
    // (100 + 65)/2 = 82.5; (100 + 56.67)/2 = 78.335 → 78.34; (100 + 45)/2 = 72.5.
    expect(streets.units.slice(3).map((u: { unitId: string; mean: number; rank: number; bottom: boolean; bottomLastTime: boolean }) => [u.rank, u.unitId, u.mean, u.bottom, u.bottomLastTime])).toEqual([
      [4, 'changhe-platform-governance', 82.5, true, false],
      [5, 'changhe-platform-enforcement', 78.34, true, false],
      [6, 'changhe-platform-services', 72.5, true, false],
    ]);
  });
});

describe('S1-4 S1-5 S1-6 S1-7 S1-8 S1-9 S0-8 the dynamic analysis meeting', () => {
  const as = (unit: string) => ({ authorization: demoAuthHeader(unit) });
  const engine = () => adminEngine();
  const taskIn = (pid: string, key: string, unit = CENTRE) =>
    waitFor(async () => (await unitEngineTasks(unit, pid, key)).at(0), `${key} in ${pid}`, 240_000);
  async function unitEngineTasks(unit: string, pid: string, key: string) {
    return engine().tasks.list({ processInstanceId: pid, taskDefinitionKey: key, candidateGroup: unit } as Parameters<ReturnType<typeof adminEngine>['tasks']['list']>[0]);
  }

  test('S1-4 the monthly timer starts the meeting in any month — with or without supervision items — and its preparation waits for the first working day', async () => {
    const before = new Set((await engine().processes.list({ processDefinitionKey: 'analysis-meeting' })).map((p) => p.id));
    const [job] = await engine().get<Array<{ id: string }>>('/job', { processDefinitionKey: 'analysis-meeting', activityId: 'StartEvent_Monthly' });
    expect(job).toBeDefined();
    await engine().jobs.execute(job.id);
    const pid = await waitFor(async () => (await engine().processes.list({ processDefinitionKey: 'analysis-meeting' })).find((p) => !before.has(p.id))?.id, 'the monthly meeting');
    const meeting = await waitFor(async () => (await listMeetings()).find((m) => m.processInstanceId === pid), 'the meeting row');
    const beijingToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    // 'prepared' already when the test runs on the first working day after 08:30 (Beijing): the draft
    // step then runs at once and may be done before this read.
    expect(meeting).toMatchObject({ kind: 'monthly', month: shiftMonth(beijingToday, -1), status: expect.stringMatching(/^(preparing|prepared)$/) });
    // Same day as the month's level-2 supervision meeting (SUPERVISION_MEETING_DAY, moved to a working day), 09:30.
    expect(new Date(meeting.meetingAt).toISOString().slice(11, 16)).toBe('01:30');
    // Before 08:30 on the first working day (Beijing) the process waits at the timer: fire it.
    const at = await waitFor(async () => {
      const acts = await activeActivities(pid);
      return acts.includes('Timer_Prepare') || acts.includes('UserTask_PrepareAnalysis') ? acts : undefined;
    }, 'the timer or the preparation', 60_000);
    if (at.includes('Timer_Prepare')) await fireTimer(pid, 'Timer_Prepare');
    await taskIn(pid, 'UserTask_PrepareAnalysis');
  });

  async function listMeetings() {
    const res = await request(app).get('/api/assessment/analysis-meetings').set(as(CENTRE));
    return res.body as Array<{ processInstanceId: string; kind: string; month: string; status: string; meetingAt: string; draft: string | null; mainReporter: string | null }>;
  }

  test('S1-4 S1-5 S1-6 S1-7 S1-8 S4-4.9 the monthly meeting re-run for the assessed month: draft, minutes, bulletin with the analysis, special supervision, 述职 tasks', async () => {
    expect((await request(app).post('/api/assessment/analysis-meetings').set(as('urban-management')).send({ kind: 'special', reason: 'x' })).status).toBe(403);
    expect((await request(app).post('/api/assessment/analysis-meetings').set(as(CENTRE)).send({ kind: 'special' })).body.details[0].field).toBe('reason');
    const res = await request(app).post('/api/assessment/analysis-meetings').set(as('government-office')).send({ kind: 'monthly', month: MONTH });
    expect(res.status).toBe(201);
    const pid = res.body.processInstanceId as string;
    const prepare = await taskIn(pid, 'UserTask_PrepareAnalysis');
    const draft = (await engine().tasks.variables(prepare.id)).string('draftAnalysis');
    // S1-5 (1)–(5) from the month's books.
    expect(draft).toContain('一、群众反映较多或重复反映的诉求');
    expect(draft).toContain('- 道路破损：3件，上月无');
    expect(draft).toMatch(/同一反映人重复反映：138\*{4}0000 10次/);
    expect(draft).toContain('二、上一阶段联动处置不力的事件');
    expect(draft).toContain(`${numbers[4]} `);
    expect(draft).toContain('三、群众满意度评价情况及反映的突出问题');
    expect(draft).toContain('回访评价6件，满意（4–5分）5件，满意率83.33%。');
    expect(draft).toContain('五、其他需要讨论的事项');
    await engine().tasks.complete(prepare.id, variables({ analysis: `${draft}\n（工作室补充：垃圾乱堆问题集中在长河街道）`, mainReporter: '林晓' }));
    const record = await taskIn(pid, 'UserTask_RecordMeeting');
    await engine().tasks.complete(
      record.id,
      variables({
        minutes: '会议听取了林晓的主题汇报，各单位作了发言。',
        conclusion: '食品安全投诉处置超期，提议专项督办。',
        opinions: '请区市场监管局限期办结超期事件。',
        specialSupervisionEvents: numbers[4],
        level1Events: '',
      }),
    );
    // S1-8: the overdue event goes into supervision through the existing supervision process.
    await waitFor(async () => (await db.getRepository(SupervisionItemEntity).countBy({ eventNumber: numbers[4] })) > 0, 'the special supervision item', 60_000);
    // S4-4.9: one 述职 task for each of the six bottom units, each seen by that unit.
    const reportTask = await taskIn(pid, 'UserTask_ReportInPerson', 'market-regulation-bureau');
    expect(reportTask.name).toMatch(/^主要领导述职：\d{4}-\d{2}$/); // named by the meeting's month (issue 10)
    const all = await waitFor(async () => {
      const ts = await engine().tasks.list({ processInstanceId: pid, taskDefinitionKey: 'UserTask_ReportInPerson' });
      return ts.length === 6 ? ts : undefined;
    }, 'six report-in-person tasks');
    for (const t of all) await engine().tasks.complete(t.id, variables({ reportLeader: '主要领导', reportSummary: '已述职，整改措施见附件' }));
    await waitFor(async () => (await engine().history.processInstance(pid))?.state === 'COMPLETED', 'the meeting process to end');

    // S1-7: the published bulletin carries the analysis, the conclusion and the follow-up link.
    const page = await request(app).get(`/api/assessment/months/${MONTH}/bulletin`).set(as('housing-bureau'));
    expect(page.text).toContain('主汇报人：林晓');
    expect(page.text).toContain('食品安全投诉处置超期，提议专项督办。');
    expect(page.text).toContain(`专项督办 ${numbers[4]}`);
    const view = await request(app).get(`/api/assessment/months/${MONTH}`).set(as('housing-bureau'));
    expect(view.body).toMatchObject({ status: 'published', reason: '每月分析研判例会前重新计算' });
    fs.writeFileSync(path.join(os.tmpdir(), 'bulletin-month.txt'), MONTH);
  }, 300_000);

  test('S1-4 S0-8 a special meeting with its reason: analysed, recorded, no assessment published', async () => {
    const res = await request(app).post('/api/assessment/analysis-meetings').set(as('party-office')).send({ kind: 'special', reason: '春节前重点时期安全隐患专题研判' });
    const pid = res.body.processInstanceId as string;
    const prepare = await taskIn(pid, 'UserTask_PrepareAnalysis');
    await engine().tasks.complete(prepare.id, variables({ analysis: '专题分析', mainReporter: '林晓' }));
    const record = await taskIn(pid, 'UserTask_RecordMeeting');
    await engine().tasks.complete(record.id, variables({ minutes: '专题会议纪要', conclusion: '加强巡查', opinions: '', specialSupervisionEvents: '', level1Events: '' }));
    await waitFor(async () => (await engine().history.processInstance(pid))?.state === 'COMPLETED', 'the special meeting to end');
    const m = (await listMeetings()).find((x) => x.processInstanceId === pid)!;
    expect(m).toMatchObject({ kind: 'special', status: 'held', mainReporter: '林晓' });
    expect(m.draft).toContain('五、其他需要讨论的事项');
  }, 300_000);
});
