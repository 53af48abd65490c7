import { In, type DataSource } from 'typeorm';
import type { Catalogue } from '../catalogue/categories.js';
import { EventEntity, LedgerEntryEntity, NoticeEntity, SupervisionItemEntity, SupervisionOpinionEntity, type EventRecord, type EventStatus } from '../db/entities/index.js';
import type { EngineClient } from '../engine/engine-client.js';
import type { HistoricActivityInstance } from '../engine/facade.js';
import { parseEngineDate } from '../engine/variables.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';
import type { Logger } from '../logger.js';
import { canSee, type Viewer } from './access.js';
import { channelName } from './channels.js';
import { maskReporter, type MaskedReporter } from './masking.js';
import { parseUnitList } from './reference-data.js';
import { slaOf, STATUS_LABELS, type Sla } from './sla.js';
import { buildTimeline, publicTimeline, stepLabel, type TimelineEntry } from './timeline.js';

export type { TimelineEntry } from './timeline.js';

/**
 * Reading events: one event with its timeline (engine history merged with the books), and the
 * filtered, paged list. Reporter data only ever leaves masked. Knows nothing of HTTP.
 */
export interface QueryDeps {
  db: DataSource;
  engine: EngineClient;
  catalogue: Catalogue;
  orgChart: OrgChart;
  logger: Logger;
  now?: () => Date;
}

export interface UnitRef {
  id: string;
  name: string;
}

export interface EventSummary {
  number: string;
  channel: { id: string; name: string };
  category: { code: string; name: string };
  title: string;
  street: string | null;
  community: string | null;
  status: EventStatus;
  stage: string;
  units: { lead: UnitRef | null; cooperating: UnitRef[] };
  reportedAt: string;
  receivedAt: string;
  dueAt: string | null;
  sla: Sla;
  reporter: MaskedReporter | null;
  links: { self: string };
}

export interface EventView extends EventSummary {
  description: string;
  location: { address: string; lat: number | null; lng: number | null; street: string | null; community: string | null; grid: string | null };
  attachments: string[];
  grade: string | null;
  handlingRound: number;
  closedAt: string | null;
  timeline: TimelineEntry[];
  /** False when the engine could not be asked or holds no history of the event: the timeline then holds the books only. */
  timelineComplete: boolean;
  /** Why the timeline is incomplete (only when `timelineComplete` is false). */
  timelineIncomplete?: { reason: 'engine-unavailable' | 'engine-history-missing'; message: string };
}

const TIMELINE_GAPS = {
  'engine-unavailable': '流程引擎暂时无法访问，时间线仅含台账与通知记录',
  'engine-history-missing': '流程引擎中没有该事件的流程历史（可能已按保留期限清理），时间线仅含台账与通知记录',
} as const;

export const eventLink = (number: string) => `/api/events/${encodeURIComponent(number)}`;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function unitRef(chart: OrgChart, id: string): UnitRef {
  return { id, name: unitName(chart, id) };
}

export function summarise(row: EventRecord, deps: Pick<QueryDeps, 'catalogue' | 'orgChart'>, now: Date, stage?: string): EventSummary {
  const number = row.number ?? '';
  return {
    number,
    channel: { id: row.channel, name: channelName(row.channel) },
    category: { code: row.category, name: deps.catalogue.categories.find((c) => c.code === row.category)?.name ?? row.category },
    title: row.title,
    street: row.street,
    community: row.community,
    status: row.status,
    stage: stage ?? row.stage ?? STATUS_LABELS[row.status] ?? row.status,
    units: {
      lead: row.leadUnit ? unitRef(deps.orgChart, row.leadUnit) : null,
      cooperating: parseUnitList(row.cooperatingUnits).map((id) => unitRef(deps.orgChart, id)),
    },
    reportedAt: row.reportedAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    dueAt: iso(row.dueAt),
    sla: slaOf(row, now),
    reporter: maskReporter(row.reporterName, row.reporterPhone),
    links: { self: eventLink(number) },
  };
}

// --- one event --------------------------------------------------------------------------------

/** The engine writes `2026-11-22T10:00:00.000+0800`; make the offset one every parser reads. */
export const engineTime = parseEngineDate;

// A link catch event (派单, 提请督办 in event-handling.bpmn) only joins two parts of the diagram.
const NOT_A_STEP = new Set(['multiInstanceBody', 'processDefinition', 'intermediateLinkCatch']);

async function engineHistory(engine: EngineClient, row: EventRecord): Promise<HistoricActivityInstance[]> {
  // Every process of the event carries its number as business key (handling, supervision, …).
  const instances = await engine.history.processInstances({ processInstanceBusinessKey: row.number ?? undefined });
  const ids = new Set(instances.map((i) => i.id));
  if (row.processInstanceId) ids.add(row.processInstanceId);
  const lists = await Promise.all(
    [...ids].map(async (processInstanceId) => {
      const [steps, completions] = await Promise.all([
        engine.history.activityInstances({ processInstanceId, sortBy: 'occurrence', sortOrder: 'asc' }),
        engine.history.userOperations({ processInstanceId, operationType: 'Complete' }),
      ]);
      // Who completed each user task (a task completed without being claimed has no assignee).
      const completedBy = new Map(completions.filter((c) => c.taskId && c.userId).map((c) => [c.taskId as string, c.userId as string]));
      return steps.map((a) => (a.taskId && !a.assignee && completedBy.has(a.taskId) ? { ...a, assignee: completedBy.get(a.taskId) } : a));
    }),
  );
  return lists.flat().filter((a) => a.activityName && a.activityName.trim() !== '' && !NOT_A_STEP.has(a.activityType));
}

/** The review forms' variables of the event's supervision processes (src/events/timeline.ts). */
async function supervisionForms(deps: QueryDeps, processInstanceIds: string[]): Promise<Record<string, Record<string, unknown>>> {
  const forms: Record<string, Record<string, unknown>> = {};
  try {
    for (const id of processInstanceIds) {
      const rows = await deps.engine.history.variableInstances({ processInstanceId: id });
      forms[id] = Object.fromEntries(rows.filter((r) => r.name.startsWith('review')).map((r) => [r.name, r.value]));
    }
  } catch (err) {
    deps.logger.warn('engine history unavailable for the review forms of an event', { processInstanceIds, error: (err as Error).message });
  }
  return forms;
}

export type EventLookup = { found: true; event: EventView } | { found: false };

export async function getEvent(deps: QueryDeps, viewer: Viewer, number: string): Promise<EventLookup> {
  const now = (deps.now ?? (() => new Date()))();
  const row = await deps.db.getRepository(EventEntity).findOneBy({ number });
  // A row without its process is an intake still under way (or being undone): not an event yet.
  if (!row || !row.processInstanceId || !canSee(viewer, row)) return { found: false };

  let activities: HistoricActivityInstance[] = [];
  let gap: keyof typeof TIMELINE_GAPS | undefined;
  try {
    activities = await engineHistory(deps.engine, row);
    // Every event process starts with a named step: none at all means its history is gone.
    if (activities.length === 0) gap = 'engine-history-missing';
  } catch (err) {
    gap = 'engine-unavailable';
    deps.logger.warn('engine history unavailable for an event; showing the books only', { eventNumber: number, error: (err as Error).message });
  }
  const timelineComplete = gap === undefined;
  const [ledger, notices, items] = await Promise.all([
    deps.db.getRepository(LedgerEntryEntity).find({ where: { eventNumber: number }, order: { dispatchedAt: 'ASC', id: 'ASC' } }),
    deps.db.getRepository(NoticeEntity).find({ where: { eventNumber: number }, order: { createdAt: 'ASC', id: 'ASC' } }),
    deps.db.getRepository(SupervisionItemEntity).find({ where: { eventNumber: number }, order: { id: 'ASC' } }),
  ]);
  const opinions = items.length > 0 ? await deps.db.getRepository(SupervisionOpinionEntity).find({ where: { itemId: In(items.map((i) => i.id)) }, order: { id: 'ASC' } }) : [];
  const reviewForms = viewer.kind === 'channel' || !timelineComplete ? {} : await supervisionForms(deps, items.map((i) => i.processInstanceId));
  // A reporting channel reads only what the reporter may know (src/events/timeline.ts).
  const timeline: TimelineEntry[] =
    viewer.kind === 'channel'
      ? publicTimeline({ row, activities, ledger })
      : buildTimeline({ row, activities, ledger, notices, items, opinions, reviewForms, chart: deps.orgChart });

  // The stage: what the workers recorded, else the steps the engine is at now.
  let stage: string | undefined;
  // A channel reads the status in plain words, never which internal step the event is at.
  if (viewer.kind === 'channel') stage = STATUS_LABELS[row.status] ?? row.status;
  else if (!row.stage) {
    const current = [...new Set(activities.filter((a) => !a.endTime && !a.canceled).map((a) => stepLabel(a.activityName as string)))];
    if (current.length > 0) stage = current.join('、');
  }

  let attachments: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.attachments || '[]');
    if (Array.isArray(parsed)) attachments = parsed.map(String);
  } catch {
    attachments = [];
  }

  return {
    found: true,
    event: {
      ...summarise(row, deps, now, stage),
      description: row.description,
      location: { address: row.address, lat: row.lat, lng: row.lng, street: row.street, community: row.community, grid: row.grid },
      attachments,
      grade: row.grade,
      handlingRound: row.handlingRound,
      closedAt: iso(row.closedAt),
      timeline,
      timelineComplete,
      ...(gap ? { timelineIncomplete: { reason: gap, message: TIMELINE_GAPS[gap] } } : {}),
    },
  };
}

// --- the list: src/events/listing.ts ---------------------------------------------------------
