import type { DataSource } from 'typeorm';
import { SlaRecordEntity } from '../../../src/db/entities/index.js';
import { roundDeadlines } from '../../../src/handling/deadlines.js';
import { archiveDecisionReference, excludeForDecisionReference, REOPENED_NOTE, reopenForOriginalUnit, S0_5_REASON, WITHDRAWN_REASON } from '../../../src/handling/ledger.js';
import type { AssistHistory } from '../../../src/handling/rounds.js';
import { closeRound, dispatchRound, recordAssist } from '../../../src/handling/rounds.js';
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

describe('the event\'s 15 working days', () => {
  test('S2-5.1 a round dispatched after a return is escalated at the 15th working day from the event\'s FIRST dispatch, not its own', async () => {
    const { number, round } = await dispatched();
    expect(round.firstDispatchedAt.toISOString()).toBe(new Date(DISPATCHED).toISOString());
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'returned', note: '不属于本单位职责' }, new Date('2026-11-13T02:00:00Z'));
    // Ten working days later (Monday 16 November) the centre dispatches round 2.
    const second = await dispatchRound(db, calendar, { eventNumber: number, previousRound: 1, leadUnit: 'housing-bureau', cooperatingUnits: [], timeLimitDays: 10 }, new Date('2026-11-16T02:00:00Z'));
    expect(second.firstDispatchedAt.toISOString()).toBe(new Date(DISPATCHED).toISOString());
    // 15 working days from Monday 2 November: Monday 23 November, 24:00 — the round's own 10 days are cut back to it.
    expect(second.escalateAt).toBe(round.escalateAt);
    expect(second.escalateAt).toBe('2026-11-23T23:59:59+08:00');
    expect(second).toMatchObject({ dueAt: '2026-11-23T23:59:59+08:00', cappedByHorizon: true });
  });
});

describe('each unit\'s own outcome of a round', () => {
  test('S4-4.9 S2-5.2 a cooperating unit\'s assist is booked with its own words and stays so when the lead unit returns the event', async () => {
    const { number } = await dispatched(['justice-office']);
    expect(await recordAssist(db, { eventNumber: number, round: 1, unitId: 'justice-office', feedback: '已参与调解' }, new Date('2026-11-04T02:00:00Z'))).toBe(true);
    // Delivered twice: booked once.
    expect(await recordAssist(db, { eventNumber: number, round: 1, unitId: 'justice-office', feedback: '别的话' }, new Date('2026-11-05T02:00:00Z'))).toBe(false);
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'returned', note: '属物业服务纠纷，非本平台职责' }, new Date('2026-11-05T02:00:00Z'));
    expect((await ledgerOf(db, number)).map((r) => [r.unitId, r.outcome, r.note, r.onTime, r.counted])).toEqual([
      ['urban-management', 'returned', '属物业服务纠纷，非本平台职责', true, true],
      ['justice-office', 'completed', '已参与调解', true, true],
    ]);
  });

  test('S4-4.9 a cooperating unit still working when the lead unit returns the event is withdrawn (协办终止), not counted', async () => {
    const { number } = await dispatched(['justice-office']);
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'returned', note: '非本平台职责' }, new Date('2026-11-05T02:00:00Z'));
    expect((await ledgerOf(db, number))[1]).toMatchObject({ unitId: 'justice-office', outcome: 'withdrawn', counted: false, onTime: null, excludedReason: WITHDRAWN_REASON.returned, note: null });
  });

  test('S2-5.1 an escalated round is late for every unit still open', async () => {
    const { number } = await dispatched(['justice-office']);
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'escalated', note: null }, new Date('2026-11-04T02:00:00Z'));
    expect((await ledgerOf(db, number)).map((r) => [r.role, r.outcome, r.onTime])).toEqual([
      ['lead', 'escalated', false],
      ['cooperating', 'escalated', false],
    ]);
  });

  /** The engine's history of one assist sub-process: the task, who it was offered to, its feedback. */
  function historyOf(assists: Array<{ unit: string; feedback: string; start: string; end: string }>): AssistHistory & { asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      activityInstances: async (query) => {
        asked.push(`activities:${query.activityId}:${query.processInstanceId}`);
        return assists.map((a, i) => ({
          id: `UserTask_AssistHandling:${i}`,
          activityId: 'UserTask_AssistHandling',
          activityName: '协助处置',
          activityType: 'userTask',
          parentActivityInstanceId: `SubProcess_Assist:${i}`,
          processInstanceId: 'pi-1',
          executionId: `exec-${i}`,
          startTime: a.start,
          endTime: a.end,
          canceled: false,
          taskId: `task-${i}`,
        }));
      },
      identityLinks: async ({ taskId }) => {
        const i = Number(taskId.split('-')[1]);
        return [{ taskId, type: 'candidate', groupId: assists[i].unit, userId: null, operationType: 'add' as const }];
      },
      variableInstances: async () =>
        assists.map((a, i) => ({ id: `v${i}`, name: 'assistFeedback', type: 'String', value: a.feedback, processInstanceId: 'pi-1', executionId: `exec-${i}`, activityInstanceId: `x-${i}`, state: 'CREATED' })),
    };
  }

  test('S4-4.9 an assist the engine completed but whose booking had not run when the lead unit returned is booked completed with its own words, not withdrawn', async () => {
    const { number } = await dispatched(['justice-office', 'housing-bureau']);
    // 长河司法所 completed its assist a moment before the return; 住建局 was still working; an assist of an earlier round does not count.
    const history = historyOf([
      { unit: 'justice-office', feedback: '已参与调解', start: '2026-11-02T10:00:05.000+0800', end: '2026-11-05T09:59:59.900+0800' },
      { unit: 'housing-bureau', feedback: '上一轮的话', start: '2026-10-30T10:00:00.000+0800', end: '2026-10-30T11:00:00.000+0800' },
    ]);
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'returned', note: '非本平台职责', engine: { history, processInstanceId: 'pi-1' } }, new Date('2026-11-05T02:00:00Z'));
    expect(history.asked).toEqual(['activities:UserTask_AssistHandling:pi-1']);
    expect((await ledgerOf(db, number)).map((r) => [r.unitId, r.outcome, r.note, r.onTime, r.counted, r.completedAt?.toISOString()])).toEqual([
      ['urban-management', 'returned', '非本平台职责', true, true, '2026-11-05T02:00:00.000Z'],
      ['housing-bureau', 'withdrawn', null, null, false, '2026-11-05T02:00:00.000Z'],
      ['justice-office', 'completed', '已参与调解', true, true, '2026-11-05T01:59:59.900Z'],
    ]);
  });

  test('S4-4.9 a round with no cooperating unit still open does not ask the engine', async () => {
    const { number } = await dispatched(['justice-office']);
    await recordAssist(db, { eventNumber: number, round: 1, unitId: 'justice-office', feedback: '已参与调解' }, new Date('2026-11-04T02:00:00Z'));
    const history = historyOf([]);
    await closeRound(db, { eventNumber: number, round: 1, outcome: 'returned', note: '非本平台职责', engine: { history, processInstanceId: 'pi-1' } }, new Date('2026-11-05T02:00:00Z'));
    expect(history.asked).toEqual([]);
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
