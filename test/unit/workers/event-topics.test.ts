import type { DataSource } from 'typeorm';
import { NoticeEntity, SlaRecordEntity } from '../../../src/db/entities/index.js';
import { manifestEntry } from '../../../src/topics/manifest.js';
import { BusinessError } from '../../../workers/topic.js';
import { eventDeadline } from '../../../workers/topics/event-deadline.js';
import { eventDispatch } from '../../../workers/topics/event-dispatch.js';
import { eventNotify } from '../../../workers/topics/event-notify.js';
import { eventRoundClose } from '../../../workers/topics/event-round-close.js';
import { eventSla } from '../../../workers/topics/event-sla.js';
import { eventStatus } from '../../../workers/topics/event-status.js';
import { eventOf, ledgerOf, memoryDatabase, seedEvent } from '../handling/support.js';
import type { EngineClient } from '../../../src/engine/engine-client.js';
import { context, deps, fakeEngine, fakeTask } from './support.js';

/**
 * Each event topic handler with a fake task: it reads its variables, calls the domain
 * (src/handling/) and returns the variables the process continues with.
 */
let db: DataSource;
beforeAll(async () => {
  db = await memoryDatabase();
});
afterAll(async () => {
  await db.destroy();
});

/** A handler sets only variables its manifest entry declares. */
function expectDeclaredOutputs(topic: string, out: Record<string, unknown> | void) {
  const declared = manifestEntry(topic).outputs;
  for (const name of Object.keys(out ?? {})) expect(declared).toContain(name);
}

const ROUTE = '/decision-definition/key/responsibility-routing/evaluate';
const route = (lead = 'urban-management', cooperating = 'housing-bureau') => [
  { platform: { value: '综合执法' }, leadUnit: { value: lead }, cooperatingUnits: { value: cooperating }, timeLimitDays: { value: 5 }, districtUnit: { value: 'housing-bureau' } },
];

describe('event-dispatch', () => {
  test('S4-4.2 the routed units handle round 1; the handler returns the deadlines for the timers and consumes the assignment', async () => {
    const event = await seedEvent(db);
    const engine = fakeEngine({ [ROUTE]: route() });
    const out = await eventDispatch.handle(fakeTask({ eventNumber: event.number, category: 'manhole-cover', street: '长河街道', handlingRound: 0 }), deps(db, engine));
    expect(engine.calls[0].body).toEqual({ variables: { category: { value: 'manhole-cover', type: 'String' }, street: { value: '长河街道', type: 'String' } } });
    expect(out).toMatchObject({
      handlingRound: 1,
      platform: '综合执法',
      leadUnit: 'urban-management',
      cooperatingUnits: 'housing-bureau',
      cooperatingCount: 1,
      timeLimitDays: 5,
      assignedLeadUnit: '',
      assignedCooperatingUnits: '',
      supervisionOutcome: '',
    });
    expectDeclaredOutputs('event-dispatch', out);
    expect(String((out as Record<string, unknown>).dueAt)).toMatch(/T23:59:59\+08:00$/);
    expect((await ledgerOf(db, event.number as string)).map((r) => `${r.round}:${r.unitId}:${r.role}`)).toEqual(['1:urban-management:lead', '1:housing-bureau:cooperating']);
  });

  test('S2-3 a major event goes to the district functional department alone; units named by hand win over the list', async () => {
    const major = await seedEvent(db);
    const out = await eventDispatch.handle(fakeTask({ eventNumber: major.number, category: 'manhole-cover', grade: 'major' }), deps(db, fakeEngine({ [ROUTE]: route() })));
    expect(out).toMatchObject({ leadUnit: 'housing-bureau', cooperatingUnits: '', cooperatingCount: 0 });

    const byHand = await seedEvent(db);
    const assigned = await eventDispatch.handle(
      fakeTask({ eventNumber: byHand.number, category: 'manhole-cover', handlingRound: 2, assignedLeadUnit: 'environment-bureau', assignedCooperatingUnits: 'environment-bureau,police-station' }),
      deps(db, fakeEngine({ [ROUTE]: route() })),
    );
    expect(assigned).toMatchObject({ handlingRound: 3, leadUnit: 'environment-bureau', cooperatingUnits: 'police-station' });
  });

  test('S0-4.2 after supervision returned the item, the same lead unit handles it again', async () => {
    const event = await seedEvent(db);
    const out = await eventDispatch.handle(
      fakeTask({ eventNumber: event.number, category: 'manhole-cover', handlingRound: 1, supervisionOutcome: 'returned', leadUnit: 'environment-bureau' }),
      deps(db, fakeEngine({ [ROUTE]: route() })),
    );
    expect(out).toMatchObject({ handlingRound: 2, leadUnit: 'environment-bureau', cooperatingUnits: '' });
  });

  test('a unit missing from the org chart fails the task (an incident), writing nothing', async () => {
    const event = await seedEvent(db);
    await expect(eventDispatch.handle(fakeTask({ eventNumber: event.number, category: 'manhole-cover' }), deps(db, fakeEngine({ [ROUTE]: route('no-such-unit') })))).rejects.toThrow(/not in the org chart/);
    expect(await ledgerOf(db, event.number as string)).toEqual([]);
  });
});

describe('event-round-close', () => {
  async function dispatchedEvent() {
    const event = await seedEvent(db);
    await eventDispatch.handle(fakeTask({ eventNumber: event.number, category: 'manhole-cover' }), deps(db, fakeEngine({ [ROUTE]: route() })));
    return event.number as string;
  }

  /** The engine's history of the process: no assist task completed, or 住建局's. */
  const historyEngine = (completed: boolean) => {
    const asked: unknown[] = [];
    const history = {
      activityInstances: async (query: unknown) => {
        asked.push(query);
        return completed
          ? [{ id: 'a1', activityId: 'UserTask_AssistHandling', activityType: 'userTask', parentActivityInstanceId: 'SubProcess_Assist:1', executionId: 'e1', taskId: 't1', startTime: new Date(Date.now() + 1000).toISOString(), endTime: new Date(Date.now() + 2000).toISOString() }]
          : [];
      },
      identityLinks: async () => [{ taskId: 't1', type: 'candidate', groupId: 'housing-bureau', userId: null, operationType: 'add' }],
      variableInstances: async () => [{ name: 'assistFeedback', value: '已检修管网', executionId: 'e1' }],
    };
    return { engine: fakeEngine({}, { history } as unknown as Partial<EngineClient>), asked };
  };

  test('S3 a return books the return reason and returns the count and the unclear-responsibility flag; the cooperating unit still working is withdrawn', async () => {
    const number = await dispatchedEvent();
    const { engine, asked } = historyEngine(false);
    const out = await eventRoundClose.handle(fakeTask({ eventNumber: number, handlingRound: 1, roundOutcome: 'returned', returnReason: '不属于本单位职责', feedback: '无' }, { processInstanceId: 'pi-7' }), deps(db, engine));
    expect(out).toEqual({ returnCount: 1, unclearResponsibility: false });
    expect(asked).toEqual([{ processInstanceId: 'pi-7', activityId: 'UserTask_AssistHandling', finished: true }]);
    expect((await ledgerOf(db, number)).map((r) => [r.unitId, r.outcome, r.note, r.counted])).toEqual([
      ['urban-management', 'returned', '不属于本单位职责', true],
      ['housing-bureau', 'withdrawn', null, false],
    ]);
  });

  test('S4-4.9 assisted: the cooperating unit\'s own row is completed with its own feedback; a return after it leaves the row as it is', async () => {
    const number = await dispatchedEvent();
    const task = fakeTask({ eventNumber: number, handlingRound: 1, roundOutcome: 'assisted', assistUnit: 'housing-bureau', assistFeedback: '已检修管网' });
    expect(await eventRoundClose.handle(task, deps(db))).toEqual({});
    await eventRoundClose.handle(task, deps(db));
    await eventRoundClose.handle(fakeTask({ eventNumber: number, handlingRound: 1, roundOutcome: 'returned', returnReason: '不属于本单位职责' }), deps(db, historyEngine(false).engine));
    expect((await ledgerOf(db, number)).map((r) => [r.unitId, r.outcome, r.note, r.onTime, r.counted])).toEqual([
      ['urban-management', 'returned', '不属于本单位职责', true, true],
      ['housing-bureau', 'completed', '已检修管网', true, true],
    ]);
  });

  test('S4-4.9 a return arriving before the assist\'s booking books the assist the engine completed, not withdrawn', async () => {
    const number = await dispatchedEvent();
    await eventRoundClose.handle(fakeTask({ eventNumber: number, handlingRound: 1, roundOutcome: 'returned', returnReason: '不属于本单位职责' }), deps(db, historyEngine(true).engine));
    expect((await ledgerOf(db, number)).map((r) => [r.unitId, r.outcome, r.note, r.counted])).toEqual([
      ['urban-management', 'returned', '不属于本单位职责', true],
      ['housing-bureau', 'completed', '已检修管网', true],
    ]);
  });

  test('S2-5.2 reopened hands the same units to the next dispatch', async () => {
    const number = await dispatchedEvent();
    const out = await eventRoundClose.handle(
      fakeTask({ eventNumber: number, handlingRound: 1, roundOutcome: 'reopened', leadUnit: 'urban-management', cooperatingUnits: 'housing-bureau' }),
      deps(db),
    );
    expect(out).toEqual({ returnCount: 0, unclearResponsibility: false, assignedLeadUnit: 'urban-management', assignedCooperatingUnits: 'housing-bureau' });
    expectDeclaredOutputs('event-round-close', out);
  });

  test('an unknown outcome fails the task', async () => {
    const number = await dispatchedEvent();
    await expect(eventRoundClose.handle(fakeTask({ eventNumber: number, handlingRound: 1, roundOutcome: 'done' }), deps(db))).rejects.toThrow(/unknown roundOutcome done/);
  });
});

describe('event-sla', () => {
  test('S2-5.1 overdue: one record for the lead unit, the event flagged, the lead row late', async () => {
    const event = await seedEvent(db);
    const number = event.number as string;
    await eventDispatch.handle(fakeTask({ eventNumber: number, category: 'manhole-cover' }), deps(db, fakeEngine({ [ROUTE]: route() })));
    const task = fakeTask({ eventNumber: number, slaKind: 'overdue', handlingRound: 1, leadUnit: 'urban-management', dueAt: '2026-11-09T23:59:59+08:00' });
    await eventSla.handle(task, deps(db));
    await eventSla.handle(task, deps(db));
    const records = await db.getRepository(SlaRecordEntity).findBy({ eventNumber: number });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'overdue', round: 1, unitId: 'urban-management', dueAt: new Date('2026-11-09T15:59:59Z') });
    expect(await eventOf(db, number)).toMatchObject({ overdue: true });
    expect((await ledgerOf(db, number)).map((r) => [r.role, r.onTime])).toEqual([
      ['lead', false],
      ['cooperating', null],
    ]);
  });

  test('S2-5.1 a late report up is recorded against the unit the model names (slaUnit: the unit that cannot handle the item)', async () => {
    const event = await seedEvent(db);
    const out = await eventSla.handle(
      fakeTask({ eventNumber: event.number, slaKind: 'report-overdue', slaUnit: 'urban-management', handlingRound: 1, reportUpDueAt: '2026-11-03T23:59:59+08:00' }),
      deps(db),
    );
    expectDeclaredOutputs('event-sla', out);
    expect(manifestEntry('event-sla').variables).toContain('slaUnit');
    expect(await db.getRepository(SlaRecordEntity).findOneByOrFail({ eventNumber: event.number as string })).toMatchObject({ unitId: 'urban-management', kind: 'report-overdue' });
  });

  test('S2-5.1 without slaUnit a late report up is the centre\'s duty', async () => {
    const event = await seedEvent(db);
    await eventSla.handle(fakeTask({ eventNumber: event.number, slaKind: 'report-overdue', handlingRound: 1, reportUpDueAt: '2026-11-03T23:59:59+08:00' }), deps(db));
    expect(await db.getRepository(SlaRecordEntity).findOneByOrFail({ eventNumber: event.number as string })).toMatchObject({ unitId: 'linkage-centre', kind: 'report-overdue' });
  });
});

describe('event-status', () => {
  test('S2-3 on acceptance it names the street\'s 平安建设办 (or sub-centre) as holder of the joint coordination; \'\' for a street without a sub-centre', async () => {
    const event = await seedEvent(db, { status: 'received' });
    const out = await eventStatus.handle(fakeTask({ eventNumber: event.number, eventStatus: 'accepted', eventStage: '已受理', street: '长河街道' }), deps(db));
    expectDeclaredOutputs('event-status', out);
    const group = (out as Record<string, unknown>).streetCoordinationGroup;
    expect(typeof group).toBe('string');
    expect(context.orgChart.units.find((u) => u.id === group)?.name).toBe('长河街道平安建设办');
    const other = await seedEvent(db, { status: 'received' });
    expect(await eventStatus.handle(fakeTask({ eventNumber: other.number, eventStatus: 'accepted', street: '无此街道' }), deps(db))).toEqual({
      streetCoordinationGroup: '',
      coordinationScope: '',
      coordinationLeadPlatform: '',
      coordinationLeadPlatformName: '',
    });
  });

  test('closed: satisfaction and the verification note are recorded with the closing time', async () => {
    const event = await seedEvent(db);
    await eventStatus.handle(fakeTask({ eventNumber: event.number, eventStatus: 'closed', eventStage: '已办结', satisfaction: 5, verifyNote: '群众满意' }), deps(db));
    const after = await eventOf(db, event.number as string);
    expect(after).toMatchObject({ status: 'closed', stage: '已办结', satisfaction: 5, outcomeNote: '群众满意' });
    expect(after.closedAt).toBeInstanceOf(Date);
  });

  test('merged into an unknown number: the BPMN error MERGE_TARGET_UNKNOWN, nothing written', async () => {
    const event = await seedEvent(db);
    const error = await eventStatus.handle(fakeTask({ eventNumber: event.number, eventStatus: 'merged', mergeInto: 'SJ-00000000-000000' }), deps(db)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusinessError);
    expect(error).toMatchObject({ code: 'MERGE_TARGET_UNKNOWN' });
    expect(await eventOf(db, event.number as string)).toMatchObject({ status: 'accepted', mergedInto: null });
  });

  test('merged into a known number records the target', async () => {
    const target = await seedEvent(db);
    const event = await seedEvent(db);
    await eventStatus.handle(fakeTask({ eventNumber: event.number, eventStatus: 'merged', mergeInto: target.number }), deps(db));
    expect(await eventOf(db, event.number as string)).toMatchObject({ status: 'merged', mergedInto: target.number });
  });
});

describe('event-notify', () => {
  test('S2-5.1 the reporter gets the rejection with the reason, once however often the task is delivered', async () => {
    const event = await seedEvent(db);
    const number = event.number as string;
    const task = fakeTask({ eventNumber: number, noticeTemplate: 'event-rejected', noticeRecipient: 'reporter', rejectReason: '不属于受理范围' });
    await eventNotify.handle(task, deps(db));
    await eventNotify.handle(task, deps(db));
    const notices = await db.getRepository(NoticeEntity).findBy({ eventNumber: number });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ template: 'event-rejected', recipient: 'reporter', channel: 'webhook' });
    expect(notices[0].payload).toContain('不属于受理范围');
    expect(notices[0].payload).toContain('13800000000');
  });

  test('a service task without a template fails the task', async () => {
    await expect(eventNotify.handle(fakeTask({ eventNumber: 'SJ-1', noticeRecipient: 'reporter' }), deps(db))).rejects.toThrow(/noticeTemplate/);
  });
});

describe('event-deadline', () => {
  test('S2-5.1 accepted within 1 working day: a report at 16:55 on the last working day before National Day is due at the end of the first working day after it', async () => {
    const out = await eventDeadline.handle(fakeTask({ deadlineWorkingDays: 1, deadlineVariable: 'acceptDueAt', deadlineFrom: '2026-09-30T16:55:00+08:00' }), deps(db));
    expect(out).toEqual({ acceptDueAt: '2026-10-08T23:59:59+08:00' });
  });

  test('a result variable that is not a plain name fails the task', async () => {
    await expect(eventDeadline.handle(fakeTask({ deadlineWorkingDays: 1, deadlineVariable: 'x; y' }), deps(db))).rejects.toThrow(/not a valid variable name/);
  });
});
