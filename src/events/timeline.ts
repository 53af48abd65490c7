import type { EventRecord, LedgerEntry, Notice, SupervisionItem, SupervisionOpinion } from '../db/entities/index.js';
import type { HistoricActivityInstance } from '../engine/facade.js';
import { parseEngineDate } from '../engine/variables.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';
import { CONVENING_UNITS } from '../supervision/org.js';

/**
 * An event's timeline: the engine's steps merged with the books (ledger, supervision opinions and
 * conclusions, notices), in time order. Every decision says who decided (`by`), when (`at`) and
 * why (`reason`): acceptance or rejection, each unit's return or reopening, each convening unit's
 * review opinion and head's signature, the district leader's review and the supervision outcome.
 * Pure: the caller reads the rows and the engine history. Times are UTC ISO strings here; the API
 * writes every instant at +08:00 (src/http/beijing-time.ts).
 *
 * A reporting channel sees only `publicTimeline`: received, accepted or rejected (with the reason
 * the reporter is told), in handling, completed, verification. Never internal reviews, opinions,
 * units or staff.
 */
export interface TimelineEntry {
  at: string;
  source: 'engine' | 'ledger' | 'notice' | 'supervision';
  label: string;
  [detail: string]: unknown;
}

export interface DecisionBy {
  /** The engine account that completed the task. */
  user?: string;
  /** The name signed on the form (负责人签名). */
  signer?: string;
  unit?: { id: string; name: string };
}

export interface TimelineSources {
  row: EventRecord;
  activities: HistoricActivityInstance[];
  ledger: LedgerEntry[];
  notices: Notice[];
  items: SupervisionItem[];
  opinions: SupervisionOpinion[];
  /**
   * The supervision processes' own variables by process instance (the review forms write
   * `review<Unit>Listed/Reason/Signer/Sealed/Date`, one set per unit and item): a unit's decision is
   * on the timeline as soon as its task is completed, before the three opinions are booked.
   */
  reviewForms?: Record<string, Record<string, unknown>>;
  chart: OrgChart;
}

const iso = (d: Date) => d.toISOString();
const engineIso = (s: string) => parseEngineDate(s).toISOString();

/** Task names carry the event (`区府办初审：${eventNumber} ${title}`); the step is the part before. */
export function stepLabel(name: string): string {
  return name.replace(/\$\{[^}]*\}|#\{[^}]*\}/g, '').replace(/[：:\s]+$/u, '').trim();
}

/**
 * A joining gateway has one activity instance per arriving branch ("三家意见齐备" three times), each
 * waiting until the last branch arrives: instances of one gateway that overlap in time are one
 * firing, shown once at the moment it fired (the last arrival). A later, separate firing (another
 * round) stays a separate entry.
 */
function withoutJoinRepeats(activities: HistoricActivityInstance[]): HistoricActivityInstance[] {
  const time = (s: string | null) => (s ? parseEngineDate(s).getTime() : Number.POSITIVE_INFINITY);
  const kept: HistoricActivityInstance[] = [];
  const firings = new Map<string, HistoricActivityInstance[]>();
  for (const a of activities) {
    if (!/Gateway$/i.test(a.activityType)) {
      kept.push(a);
      continue;
    }
    const key = `${a.processInstanceId}|${a.activityId}`;
    const same = firings.get(key) ?? [];
    const open = same.find((f) => time(f.endTime) >= time(a.startTime) && time(f.startTime) <= time(a.endTime));
    if (open) {
      const merged = { ...open };
      if (time(a.startTime) > time(merged.startTime)) merged.startTime = a.startTime;
      if (time(a.endTime) > time(merged.endTime) || !a.endTime) merged.endTime = a.endTime;
      kept[kept.indexOf(open)] = merged;
      same[same.indexOf(open)] = merged;
    } else {
      same.push(a);
      kept.push(a);
    }
    firings.set(key, same);
  }
  return kept;
}

const LEDGER_OUTCOMES: Record<string, string> = {
  completed: '办结',
  returned: '退回',
  escalated: '上报',
  reopened: '重新办理',
  'cannot-handle': '无法办理',
  supervision: '转入督办',
  archived: '归档',
  withdrawn: '协办终止',
};

function ledgerEntries(rows: LedgerEntry[], chart: OrgChart): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const l of rows) {
    const unit = { id: l.unitId, name: unitName(chart, l.unitId) };
    const role = l.role === 'lead' ? '主办' : '协办';
    entries.push({ at: iso(l.dispatchedAt), source: 'ledger', label: `派至${unit.name}（${role}）`, unit, role: l.role, round: l.round, dueAt: iso(l.dueAt) });
    if (l.completedAt && l.outcome !== 'open') {
      entries.push({
        at: iso(l.completedAt),
        source: 'ledger',
        // Each unit's own outcome (src/handling/ledger.ts): a cooperating unit's completion is its assist.
        label: `${unit.name}${l.role === 'cooperating' && l.outcome === 'completed' ? '完成协办' : (LEDGER_OUTCOMES[l.outcome] ?? l.outcome)}`,
        unit,
        role: l.role,
        round: l.round,
        outcome: l.outcome,
        onTime: l.onTime,
        by: { unit },
        // The unit's own words: why it returned, what it did, why the event was reopened.
        reason: l.note ?? null,
      });
    }
  }
  return entries;
}

const REVIEW_TASKS = new Map(CONVENING_UNITS.map((u) => [`UserTask_PreliminaryReview${u.key}`, u.id]));
const SIGN_TASKS = new Map(CONVENING_UNITS.map((u) => [`UserTask_SignLevel2${u.key}`, u.id]));

const LEVEL2_CONCLUSIONS: Record<string, string> = { resolved: '会商解决', 'no-conclusion': '未形成结论', unsolvable: '难以解决' };
const REVIEW_DECISIONS: Record<string, string> = { level1: '提交一级督办联席会议', continue: '继续处置', 'decision-reference': '作为决策参考' };
const OUTCOMES: Record<string, string> = { returned: '督办结论：退回（三家召集单位均不同意列为会商）', redispatch: '督办结论：重新派单处置', 'decision-reference': '督办结论：作为决策参考事件归档' };

/** Engine steps, each user task with who completed it and, where the books have it, the decision and its reason. */
function engineEntries(src: TimelineSources): TimelineEntry[] {
  const itemByInstance = new Map(src.items.map((i) => [i.processInstanceId, i]));
  const opinion = (itemId: number, stage: 'preliminary' | 'level2', unitId: string) =>
    src.opinions.find((o) => o.itemId === itemId && o.stage === stage && o.unitId === unitId);

  return withoutJoinRepeats(src.activities).map((a) => {
    const entry: TimelineEntry = {
      at: engineIso(a.startTime),
      source: 'engine',
      label: stepLabel(a.activityName ?? ''),
      activityId: a.activityId,
      activityType: a.activityType,
      endedAt: a.endTime ? engineIso(a.endTime) : null,
    };
    const done = a.activityType === 'userTask' && a.endTime && !a.canceled;
    if (done && a.assignee) entry.by = { user: a.assignee } satisfies DecisionBy;

    const item = itemByInstance.get(a.processInstanceId);
    if (done && item) {
      const reviewUnit = REVIEW_TASKS.get(a.activityId);
      const signUnit = SIGN_TASKS.get(a.activityId);
      const unitId = reviewUnit ?? signUnit;
      const o = unitId ? (opinion(item.id, reviewUnit ? 'preliminary' : 'level2', unitId) ?? (reviewUnit ? fromReviewForm(src, item, reviewUnit) : undefined)) : undefined;
      if (o) {
        const unit = { id: o.unitId, name: unitName(src.chart, o.unitId) };
        entry.by = { user: a.assignee ?? o.signerAccount ?? undefined, signer: o.signer, unit } satisfies DecisionBy;
        entry.reason = o.opinion;
        entry.sealed = o.sealed;
        entry.signedOn = o.signedOn;
        if (reviewUnit) entry.decision = o.listed ? '同意列为会商' : '不同意列为会商';
      }
      if (a.activityId === 'UserTask_LeaderReview' && item.reviewDecision) {
        entry.decision = REVIEW_DECISIONS[item.reviewDecision] ?? item.reviewDecision;
        entry.reason = item.reviewReason ?? item.reviewInstruction ?? null;
        entry.by = { ...(entry.by as DecisionBy | undefined), signer: item.reviewSigner ?? undefined } satisfies DecisionBy;
      }
    }
    if (a.activityId === 'Message_Level2Conclusion' && a.endTime && item?.level2Conclusion) {
      entry.decision = LEVEL2_CONCLUSIONS[item.level2Conclusion] ?? item.level2Conclusion;
      entry.reason = item.level2Opinion;
    }
    if (a.activityId === 'UserTask_AcceptEvent' && done && a.processInstanceId === src.row.processInstanceId) {
      const rejected = src.row.status === 'rejected';
      entry.decision = rejected ? '不予受理' : src.row.status === 'merged' ? '合并办理' : '受理';
      if (rejected || src.row.status === 'merged') entry.reason = src.row.outcomeNote;
    }
    return entry;
  });
}

/** A unit's preliminary review as its form left it in the process, until the opinions are booked. */
function fromReviewForm(src: TimelineSources, item: SupervisionItem, unitId: string): SupervisionOpinion | undefined {
  const form = src.reviewForms?.[item.processInstanceId];
  const key = CONVENING_UNITS.find((u) => u.id === unitId)?.key;
  if (!form || !key || typeof form[`review${key}Listed`] !== 'string') return undefined;
  const text = (name: string) => (typeof form[`review${key}${name}`] === 'string' ? (form[`review${key}${name}`] as string) : '');
  return {
    id: 0,
    causeKey: '',
    itemId: item.id,
    stage: 'preliminary',
    unitId,
    listed: form[`review${key}Listed`] === 'yes',
    opinion: text('Reason'),
    signer: text('Signer'),
    sealed: form[`review${key}Sealed`] === true,
    signedOn: text('Date').slice(0, 10) || null,
    recordedAt: new Date(0),
  };
}

function supervisionEntries(items: SupervisionItem[]): TimelineEntry[] {
  return items
    .filter((i) => i.outcome && i.closedAt)
    .map((i) => ({ at: iso(i.closedAt as Date), source: 'supervision' as const, label: OUTCOMES[i.outcome as string] ?? i.outcome!, outcome: i.outcome, reason: i.summary }));
}

export function buildTimeline(src: TimelineSources): TimelineEntry[] {
  const sourceOrder = { engine: 0, ledger: 1, supervision: 2, notice: 3 } as const;
  return [
    ...engineEntries(src),
    ...ledgerEntries(src.ledger, src.chart),
    ...supervisionEntries(src.items),
    // Only which notice and when: the payload may carry personal data.
    ...src.notices.map((n) => ({ at: iso(n.createdAt), source: 'notice' as const, label: '发送通知', template: n.template, status: n.status })),
  ]
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || sourceOrder[a.entry.source] - sourceOrder[b.entry.source] || a.index - b.index)
    .map(({ entry }) => entry);
}

/**
 * What the reporter may know, built from an allow-list (never by removing internal entries, so a
 * new internal step can not leak): received, accepted or rejected with the reason the reporter is
 * told, in handling, completed, verification. No units, staff, opinions or reviews.
 */
export function publicTimeline(src: Pick<TimelineSources, 'row' | 'activities' | 'ledger'>): TimelineEntry[] {
  const { row } = src;
  const own = src.activities.filter((a) => a.processInstanceId === row.processInstanceId);
  const entries: TimelineEntry[] = [];
  const reported = own.find((a) => a.activityId === 'StartEvent_EventReported');
  entries.push({ at: reported ? engineIso(reported.startTime) : iso(row.receivedAt), source: 'engine', label: '事件上报' });
  const accepted = own.find((a) => a.activityId === 'UserTask_AcceptEvent' && a.endTime && !a.canceled);
  if (accepted?.endTime) {
    if (row.status === 'rejected') entries.push({ at: engineIso(accepted.endTime), source: 'engine', label: '不予受理', reason: row.outcomeNote });
    else if (row.status === 'merged') entries.push({ at: engineIso(accepted.endTime), source: 'engine', label: '合并办理' });
    else entries.push({ at: engineIso(accepted.endTime), source: 'engine', label: '已受理' });
  }
  const firstDispatch = src.ledger.map((l) => l.dispatchedAt.getTime()).sort((a, b) => a - b)[0];
  if (firstDispatch !== undefined) entries.push({ at: new Date(firstDispatch).toISOString(), source: 'engine', label: '处置中' });
  for (const verify of own.filter((a) => a.activityId === 'UserTask_VerifyEvent')) {
    entries.push({ at: engineIso(verify.startTime), source: 'engine', label: '核查回访' });
  }
  if (row.status === 'closed' && row.closedAt) entries.push({ at: iso(row.closedAt), source: 'engine', label: '已办结' });
  // Built in the order of the event's life (reported, accepted, in handling, verification, closed):
  // not sorted by time, because MariaDB keeps the ledger's times in whole seconds while the engine
  // keeps milliseconds, so a dispatch in the same second as its acceptance would sort before it.
  return entries;
}
