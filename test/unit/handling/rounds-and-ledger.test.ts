import type { DataSource } from 'typeorm';
import { SlaRecordEntity } from '../../../src/db/entities/index.js';
import { roundDeadlines } from '../../../src/handling/deadlines.js';
import { archiveDecisionReference, excludeForDecisionReference, REOPENED_NOTE, reopenForOriginalUnit, S0_5_REASON } from '../../../src/handling/ledger.js';
import { closeRound, dispatchRound } from '../../../src/handling/rounds.js';
import { recordSla } from '../../../src/handling/sla.js';
import { calendar, eventOf, fakeClock, ledgerOf, memoryDatabase, seedEvent, seedItem } from './support.js';

/**
 * The assessment book's rules (src/handling/ledger.ts) through the round functions the workers
 * call, on the real schema in memory with a fixed clock.
 */
let db: DataSource;
beforeAll(async () => {
  db = await memoryDatabase();
});
afterAll(async () => {
  await db.destroy();
});

// Monday 2 November 2026, 10:00 in Shanghai; 5 working days → due Monday 9 November, 24:00.
const DISPATCHED = '2026-11-02T02:00:00Z';

async function dispatched(cooperating: string[] = []) {
  const event = await seedEvent(db);
  const clock = fakeClock(DISPATCHED);
  const round = await dispatchRound(db, calendar, { eventNumber: event.number as string, previousRound: 0, leadUnit: 'urban-management', cooperatingUnits: cooperating, timeLimitDays: 5 }, clock.now());
  return { number: event.number as string, round, clock };
}

describe('dispatching a round', () => {
  test('S4-4.2 S2-5.1 dispatch opens one counted row per unit with the round deadline, and the event is being handled', async () => {
    const { number, round } = await dispatched(['housing-bureau']);
    const expected = roundDeadlines(calendar, new Date(DISPATCHED), 5);
    expect(round).toMatchObject({ round: 1, dueAt: expected.dueAt, warnAt: expected.warnAt, escalateAt: expected.escalateAt, timeLimitDays: 5 });
    expect(expected.dueAt).toBe('2026-11-09T23:59:59+08:00');
    const rows = await ledgerOf(db, number);
    expect(rows.map((r) => [r.round, r.unitId, r.role, r.outcome, r.counted, r.onTime])).toEqual([
      [1, 'urban-management', 'lead', 'open', true, null],
      [1, 'housing-bureau', 'cooperating', 'open', true, null],
    ]);
    expect(rows.every((r) => r.dueAt.getTime() === new Date(expected.dueAt).getTime())).toBe(true);
    expect(await eventOf(db, number)).toMatchObject({ status: 'handling', stage: '处置中', leadUnit: 'urban-management', cooperatingUnits: 'housing-bureau', handlingRound: 1, overdue: false });
  });

  test('S2-5.2 a dispatch delivered twice, a day apart, keeps one row per unit and the first dispatch time', async () => {
    const { number, round, clock } = await dispatched(['housing-bureau']);
    clock.set('2026-11-03T02:00:00Z');
    const again = await dispatchRound(db, calendar, { eventNumber: number, previousRound: 0, leadUnit: 'urban-management', cooperatingUnits: ['housing-bureau'], timeLimitDays: 5 }, clock.now());
    expect(again.dueAt).toBe(round.dueAt);
    expect(again.dispatchedAt.toISOString()).toBe(DISPATCHED.replace('Z', '.000Z'));
    expect(await ledgerOf(db, number)).toHaveLength(2);
  });
});

describe('closing a round', () => {
  test('S2-5.2 S4-4.9 a round completed by its due date is on time, with its completion time and the unit\'s feedback', async () => {
    const { number } = await dispatched();
    const result = await closeRound(db, { eventNumber: number, round: 1, outcome: 'completed', note: '已更换井盖' }, new Date('2026-11-06T08:00:00Z'));
    expect(result).toEqual({ returnCount: 0, unclearResponsibility: false });
    const [row] = await ledgerOf(db, number);
    expect(row).toMatchObject({ outcome: 'completed', onTime: true, counted: true, note: '已更换井盖', completedAt: new Date('2026-11-06T08:00:00Z') });
    expect(await eventOf(db, number)).toMatchObject({ status: 'verifying', stage: '待核查回访' });
  });

  test('S2-5.1 a round completed after its due date is late', async () => {
    const { number } = await dispatched();
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'completed', note: null }, new Date('2026-11-10T01:00:00Z'));
    expect((await ledgerOf(db, number))[0]).toMatchObject({ outcome: 'completed', onTime: false });
  });

  test('S2-5.1 a round already recorded overdue by its timer stays late, whatever the clock says at completion', async () => {
    const { number } = await dispatched();
    await recordSla(db, { eventNumber: number, kind: 'overdue', round: 1, leadUnit: 'urban-management', dueAt: new Date('2026-11-09T15:59:59Z') });
    expect(await eventOf(db, number)).toMatchObject({ overdue: true });
    // The completing worker's clock is behind the engine's timer.
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'completed', note: null }, new Date('2026-11-09T15:00:00Z'));
    expect((await ledgerOf(db, number))[0]).toMatchObject({ outcome: 'completed', onTime: false });
  });

  test('S2-5.2 a round reopened by verification is not counted as completed', async () => {
    const { number } = await dispatched();
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'reopened', note: '现场仍未修复' }, new Date('2026-11-05T01:00:00Z'));
    expect((await ledgerOf(db, number))[0]).toMatchObject({ outcome: 'reopened', completedAt: null, onTime: null, note: REOPENED_NOTE });
    expect(await eventOf(db, number)).toMatchObject({ status: 'accepted', stage: '核查未解决，重新处置' });
  });

  test('S3 a returned round carries the return reason; the second return flags unclear responsibility', async () => {
    const { number } = await dispatched();
    const first = await closeRound(db, { eventNumber: number, round: 1, outcome: 'returned', note: '不属于本单位职责' }, new Date('2026-11-03T01:00:00Z'));
    expect(first).toEqual({ returnCount: 1, unclearResponsibility: false });
    expect((await ledgerOf(db, number))[0]).toMatchObject({ outcome: 'returned', note: '不属于本单位职责', onTime: true });
    expect(await eventOf(db, number)).toMatchObject({ status: 'accepted', stage: '退回待重新派单', returnCount: 1, unclearResponsibility: false });

    await dispatchRound(db, calendar, { eventNumber: number, previousRound: 1, leadUnit: 'urban-management', cooperatingUnits: [], timeLimitDays: 5 }, new Date('2026-11-03T02:00:00Z'));
    const second = await closeRound(db, { eventNumber: number, round: 2, outcome: 'returned', note: '仍不属于本单位职责' }, new Date('2026-11-04T01:00:00Z'));
    expect(second).toEqual({ returnCount: 2, unclearResponsibility: true });
    expect(await eventOf(db, number)).toMatchObject({ returnCount: 2, unclearResponsibility: true });
  });

  test('S2-5.2 a round close delivered twice leaves the books as once (same completion time and note)', async () => {
    const { number } = await dispatched(['housing-bureau']);
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'completed', note: '已处置' }, new Date('2026-11-06T08:00:00Z'));
    const once = await ledgerOf(db, number);
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'completed', note: '已处置' }, new Date('2026-11-12T08:00:00Z'));
    expect(await ledgerOf(db, number)).toEqual(once);
  });

  test('closing a round that was never dispatched fails (an incident, not a silent no-op)', async () => {
    const event = await seedEvent(db);
    await expect(closeRound(db, { eventNumber: event.number as string, round: 1, outcome: 'completed', note: null }, new Date())).rejects.toThrow(/no ledger rows/);
    await expect(closeRound(db, { eventNumber: event.number as string, round: 1, outcome: 'open', note: null }, new Date())).rejects.toThrow(/unknown roundOutcome/);
  });
});

describe('timeout records', () => {
  test('S2-5.1 a late acceptance is the centre\'s, recorded once however often the timer task is delivered', async () => {
    const event = await seedEvent(db, { status: 'received' });
    const number = event.number as string;
    for (let i = 0; i < 2; i += 1) await recordSla(db, { eventNumber: number, kind: 'accept-overdue', round: 3, dueAt: new Date('2026-11-03T15:59:59Z') });
    const records = await db.getRepository(SlaRecordEntity).findBy({ eventNumber: number });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'accept-overdue', round: 0, unitId: 'linkage-centre' });
    expect(await eventOf(db, number)).toMatchObject({ overdue: false });
  });
});

describe('the supervision joint meeting in the ledger', () => {
  test('S0-5 a decision-reference event is excluded from the handling units\' time until archived, then counts as completed', async () => {
    const { number } = await dispatched(['housing-bureau']);
    const item = await seedItem(db, { eventNumber: number, enteredAt: new Date('2026-11-05T02:00:00Z') });
    const from = new Date('2026-11-20T02:00:00Z');
    expect(await excludeForDecisionReference(db, item, from)).toBe(2);
    expect(await excludeForDecisionReference(db, item, new Date('2026-11-21T02:00:00Z'))).toBe(0);
    for (const row of await ledgerOf(db, number)) expect(row).toMatchObject({ counted: false, excludedFrom: from, excludedReason: S0_5_REASON });

    const at = new Date('2026-12-01T02:00:00Z');
    expect(await archiveDecisionReference(db, item, at)).toBe(2);
    expect(await archiveDecisionReference(db, item, new Date('2026-12-02T02:00:00Z'))).toBe(0);
    for (const row of await ledgerOf(db, number)) {
      // Entered supervision on 5 November, before the 9 November due date: on time.
      expect(row).toMatchObject({ outcome: 'archived', counted: true, completedAt: at, excludedFrom: from, excludedUntil: at, onTime: true });
    }
  });

  test('S0-5 an event that entered supervision after its due date stays late when archived', async () => {
    const { number } = await dispatched();
    const item = await seedItem(db, { eventNumber: number, enteredAt: new Date('2026-11-24T02:00:00Z') });
    await archiveDecisionReference(db, item, new Date('2026-12-01T02:00:00Z'));
    expect((await ledgerOf(db, number))[0]).toMatchObject({ outcome: 'archived', onTime: false, counted: true });
  });

  test('S0-6 re-dispatched to the original unit: the round counts as not completed and the second handling is counted again', async () => {
    const { number } = await dispatched(['housing-bureau']);
    const item = await seedItem(db, { eventNumber: number, leadUnit: 'urban-management' });
    expect(await reopenForOriginalUnit(db, item)).toBe(1);
    expect(await reopenForOriginalUnit(db, item)).toBe(0);
    await dispatchRound(db, calendar, { eventNumber: number, previousRound: 1, leadUnit: 'urban-management', cooperatingUnits: [], timeLimitDays: 5 }, new Date('2026-12-01T02:00:00Z'));
    const rows = await ledgerOf(db, number);
    expect(rows.map((r) => [r.round, r.unitId, r.outcome, r.completedAt, r.counted])).toEqual([
      [1, 'urban-management', 'reopened', null, true],
      [1, 'housing-bureau', 'open', null, true],
      [2, 'urban-management', 'open', null, true],
    ]);
    expect(rows[0].note).toContain('第1轮计入未办结，第2轮二次办理重新计入考核');
  });
});
