import { channelName } from '../events/channels.js';
import type { DataSource } from 'typeorm';
import { toShanghaiDate } from '../calendar/index.js';
import { EventEntity, LedgerEntryEntity } from '../db/entities/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import type { HistoricTaskInstance } from '../engine/facade.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';

/**
 * 附事件处置详情表 (form 1, S0-A1): the event's handling history, attached automatically when the
 * item is registered: the event (no reporter data), every ledger round (unit, role, dates,
 * outcome) and the finished user tasks of the event's processes from the engine's history.
 */
export interface HandlingDetail {
  event: {
    number: string;
    title: string;
    category: string;
    street: string | null;
    address: string;
    description: string;
    channel: string;
    receivedAt: string;
    status: string;
    stage: string | null;
  } | null;
  rounds: Array<{
    round: number;
    unitId: string;
    unitName: string;
    role: string;
    dispatchedAt: string;
    dueAt: string;
    completedAt: string | null;
    outcome: string;
    onTime: boolean | null;
    note: string | null;
  }>;
  steps: Array<{ at: string; name: string; by: string | null; process: string }>;
}

export const OUTCOME_NAMES: Record<string, string> = {
  open: '处置中',
  completed: '办结',
  returned: '退回',
  escalated: '超期升级',
  reopened: '未办结（重新处置）',
  'cannot-handle': '无法处置',
  supervision: '提请督办',
  archived: '决策参考归档',
  withdrawn: '协办终止',
};

const fmt = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export async function collectHandlingDetail(db: DataSource, engine: EngineClient, eventNumber: string, chart: OrgChart): Promise<HandlingDetail> {
  const event = await db.getRepository(EventEntity).findOneBy({ number: eventNumber });
  const ledger = await db.getRepository(LedgerEntryEntity).find({ where: { eventNumber }, order: { round: 'ASC', id: 'ASC' } });
  let tasks: HistoricTaskInstance[] = [];
  try {
    tasks = await engine.history.taskInstances({
      processInstanceBusinessKey: eventNumber,
      finished: true,
      sortBy: 'endTime',
      sortOrder: 'asc',
      maxResults: 200,
    });
  } catch {
    // The history is a convenience; the ledger is the record. An engine hiccup must not block declaration.
  }
  return {
    event: event
      ? {
          number: eventNumber,
          title: event.title,
          category: event.category,
          street: event.street,
          address: event.address,
          description: event.description.slice(0, 1000),
          channel: event.channel,
          receivedAt: fmt(event.receivedAt) ?? '',
          status: event.status,
          stage: event.stage,
        }
      : null,
    rounds: ledger.map((r) => ({
      round: r.round,
      unitId: r.unitId,
      unitName: unitName(chart, r.unitId),
      role: r.role,
      dispatchedAt: fmt(r.dispatchedAt) ?? '',
      dueAt: fmt(r.dueAt) ?? '',
      completedAt: fmt(r.completedAt),
      outcome: r.outcome,
      onTime: r.onTime,
      note: r.note,
    })),
    steps: tasks
      .filter((t) => t.processDefinitionKey !== 'supervision' && t.endTime)
      .map((t) => ({ at: t.endTime as string, name: t.name ?? '', by: t.assignee, process: t.processDefinitionKey })),
  };
}

/** The detail as plain text, shown read-only in the declaration form. */
export function handlingDetailText(detail: HandlingDetail): string {
  const lines: string[] = [];
  if (detail.event) {
    const e = detail.event;
    lines.push(`事件：${e.title}（${e.number}），${e.address}，${toShanghaiDate(e.receivedAt)} 受理，来源 ${channelName(e.channel)}。`);
  }
  if (detail.rounds.length === 0) lines.push('考核台账中尚无处置记录。');
  for (const r of detail.rounds) {
    const role = r.role === 'lead' ? '责任主体' : '配合单位';
    const done = r.completedAt ? `，${toShanghaiDate(r.completedAt)} ${OUTCOME_NAMES[r.outcome] ?? r.outcome}` : `，${OUTCOME_NAMES[r.outcome] ?? r.outcome}`;
    lines.push(`第${r.round}轮 ${r.unitName}（${role}）：${toShanghaiDate(r.dispatchedAt)} 派单，期限 ${toShanghaiDate(r.dueAt)}${done}${r.note ? `；${r.note}` : ''}`);
  }
  for (const s of detail.steps) lines.push(`${toShanghaiDate(s.at)} ${s.name}${s.by ? `（${s.by}）` : ''}`);
  return lines.join('\n');
}

export function parseHandlingDetail(text: string | null): HandlingDetail {
  if (!text) return { event: null, rounds: [], steps: [] };
  try {
    return JSON.parse(text) as HandlingDetail;
  } catch {
    return { event: null, rounds: [], steps: [] };
  }
}
