import type { EventRecord, LedgerEntry, SupervisionItem, SupervisionOpinion } from '../../../src/db/entities/index.js';
import type { HistoricActivityInstance } from '../../../src/engine/facade.js';
import { buildTimeline, publicTimeline, stepLabel } from '../../../src/events/timeline.js';
import { loadOrgChart } from '../../../src/identity/org-chart.js';

const chart = loadOrgChart();
const HANDLING = 'pi-handling';
const SUPERVISION = 'pi-supervision';
let seq = 0;
function act(processInstanceId: string, activityId: string, activityType: string, name: string, start: string, end: string | null, assignee?: string): HistoricActivityInstance {
  seq += 1;
  return { id: `a${seq}`, activityId, activityName: name, activityType, parentActivityInstanceId: '', processInstanceId, executionId: `e${seq}`, startTime: `${start}.000+0800`, endTime: end ? `${end}.000+0800` : null, assignee };
}

const row = {
  number: 'SJ-20261130-000001',
  processInstanceId: HANDLING,
  status: 'handling',
  outcomeNote: null,
  receivedAt: new Date('2026-11-30T01:00:00Z'),
  closedAt: null,
} as unknown as EventRecord;

const activities: HistoricActivityInstance[] = [
  act(HANDLING, 'StartEvent_EventReported', 'startEvent', '事件上报', '2026-11-30T09:00:00', '2026-11-30T09:00:00'),
  act(HANDLING, 'UserTask_AcceptEvent', 'userTask', '受理事件：${eventNumber} ${title}', '2026-11-30T09:00:01', '2026-11-30T09:30:00', 'demo-linkage-centre'),
  act(SUPERVISION, 'UserTask_PreliminaryReviewDiscipline', 'userTask', '区纪委初审：${eventNumber} ${title}', '2026-12-01T09:00:00', '2026-12-01T10:00:00', 'demo-discipline-commission'),
  act(SUPERVISION, 'UserTask_PreliminaryReviewPartyOffice', 'userTask', '区委办初审：${eventNumber} ${title}', '2026-12-01T09:00:00', '2026-12-01T10:10:00', 'demo-party-office'),
  act(SUPERVISION, 'UserTask_PreliminaryReviewGovernmentOffice', 'userTask', '区府办初审：${eventNumber} ${title}', '2026-12-01T09:00:00', '2026-12-01T10:20:00', 'demo-government-office'),
  // The joining gateway: one instance per arriving branch, all ended when it fires.
  act(SUPERVISION, 'Gateway_ReviewJoin', 'parallelGateway', '三家意见齐备', '2026-12-01T10:00:00', '2026-12-01T10:20:00'),
  act(SUPERVISION, 'Gateway_ReviewJoin', 'parallelGateway', '三家意见齐备', '2026-12-01T10:10:00', '2026-12-01T10:20:00'),
  act(SUPERVISION, 'Gateway_ReviewJoin', 'parallelGateway', '三家意见齐备', '2026-12-01T10:20:00', '2026-12-01T10:20:00'),
];
const item = { id: 7, processInstanceId: SUPERVISION, eventNumber: row.number, outcome: 'returned', summary: '三家召集单位均不同意列为会商', closedAt: new Date('2026-12-01T02:21:00Z') } as unknown as SupervisionItem;
const opinion = (unitId: string, text: string, signer: string): SupervisionOpinion =>
  ({ id: 1, causeKey: `7:preliminary:${unitId}`, itemId: 7, stage: 'preliminary', unitId, listed: false, opinion: text, signer, sealed: true, signedOn: '2026-12-01', recordedAt: new Date() }) as SupervisionOpinion;
const opinions = [opinion('discipline-commission', '不涉及违纪问题', '李纪'), opinion('party-office', '可由属地继续处置', '王办'), opinion('government-office', '已有明确责任单位', '张府')];
const ledger = [
  { id: 1, causeKey: 'k', eventNumber: row.number, round: 1, unitId: 'urban-management', role: 'lead', dispatchedAt: new Date('2026-11-30T02:00:00Z'), dueAt: new Date('2026-12-07T09:59:59Z'), completedAt: new Date('2026-11-30T06:00:00Z'), outcome: 'returned', onTime: true, counted: true, excludedReason: null, excludedFrom: null, excludedUntil: null, note: '非本单位职责' },
] as LedgerEntry[];

describe('an event timeline that explains itself', () => {
  const timeline = buildTimeline({ row, activities, ledger, notices: [], items: [item], opinions, chart });

  test('task names carry the event (an expression); the step is the part before it', () => {
    expect(stepLabel('区府办初审：${eventNumber} ${title}')).toBe('区府办初审');
    expect(stepLabel('三家意见齐备')).toBe('三家意见齐备');
  });

  test('S0-4.2 each convening unit’s review shows who decided, when, the decision and the reason', () => {
    const review = timeline.find((e) => e.activityId === 'UserTask_PreliminaryReviewGovernmentOffice');
    expect(review).toMatchObject({
      label: '区府办初审',
      endedAt: '2026-12-01T02:20:00.000Z',
      decision: '不同意列为会商',
      reason: '已有明确责任单位',
      by: { user: 'demo-government-office', signer: '张府', unit: { id: 'government-office', name: '区府办' } },
    });
  });

  test('S0-4.2 a unit’s decision is on the timeline as soon as its task is completed, from its form, before the three opinions are booked', () => {
    const early = buildTimeline({
      row,
      activities,
      ledger: [],
      notices: [],
      items: [{ ...item, outcome: null, closedAt: null } as unknown as SupervisionItem],
      opinions: [],
      reviewForms: { [SUPERVISION]: { reviewGovernmentOfficeListed: 'yes', reviewGovernmentOfficeReason: '涉及多部门职责', reviewGovernmentOfficeSigner: '王主任', reviewGovernmentOfficeSealed: true, reviewGovernmentOfficeDate: '2026-11-05' } },
      chart,
    });
    expect(early.find((e) => e.activityId === 'UserTask_PreliminaryReviewGovernmentOffice')).toMatchObject({
      decision: '同意列为会商',
      reason: '涉及多部门职责',
      sealed: true,
      signedOn: '2026-11-05',
      by: { user: 'demo-government-office', signer: '王主任', unit: { id: 'government-office' } },
    });
    expect(early.find((e) => e.activityId === 'UserTask_PreliminaryReviewPartyOffice')).not.toHaveProperty('reason');
  });

  test('"三家意见齐备" appears once, however many branches arrive at the join', () => {
    expect(timeline.filter((e) => e.label === '三家意见齐备')).toEqual([expect.objectContaining({ at: '2026-12-01T02:20:00.000Z', endedAt: '2026-12-01T02:20:00.000Z' })]);
  });

  test('a unit’s return carries its reason; the supervision outcome its summary', () => {
    expect(timeline.find((e) => e.source === 'ledger' && e.outcome === 'returned')).toMatchObject({ label: '区城管局退回', reason: '非本单位职责', by: { unit: { id: 'urban-management' } } });
    expect(timeline.find((e) => e.source === 'supervision')).toMatchObject({ outcome: 'returned', reason: '三家召集单位均不同意列为会商' });
  });

  test('the acceptance says who accepted it', () => {
    expect(timeline.find((e) => e.activityId === 'UserTask_AcceptEvent')).toMatchObject({ label: '受理事件', decision: '受理', by: { user: 'demo-linkage-centre' } });
  });

  test('entries are in time order', () => {
    expect(timeline.map((e) => e.at)).toEqual([...timeline.map((e) => e.at)].sort());
  });

  test('a reporting channel sees only received, accepted, in handling: no reviews, opinions, units or staff', () => {
    const pub = publicTimeline({ row, activities, ledger });
    expect(pub.map((e) => e.label)).toEqual(['事件上报', '已受理', '处置中']);
    const text = JSON.stringify(pub);
    for (const internal of ['初审', '三家', '区府办', '区城管局', 'demo-', '张府', '已有明确责任单位', '非本单位职责']) expect(text).not.toContain(internal);
  });

  test('a rejected event tells the reporter the reason', () => {
    const rejected = { ...row, status: 'rejected', outcomeNote: '系商家价格标示问题，已告知拨打12315' } as EventRecord;
    expect(publicTimeline({ row: rejected, activities: activities.slice(0, 2), ledger: [] })).toEqual([
      { at: '2026-11-30T01:00:00.000Z', source: 'engine', label: '事件上报' },
      { at: '2026-11-30T01:30:00.000Z', source: 'engine', label: '不予受理', reason: '系商家价格标示问题，已告知拨打12315' },
    ]);
  });
});
