import { In, LessThan, Not, type DataSource } from 'typeorm';
import type { Config } from '../config.js';
import type { PlatformContext } from '../context.js';
import { EventEntity, type EventStatus } from '../db/entities/index.js';
import type { EngineFacade } from '../engine/facade.js';
import { findUnit } from '../identity/org-chart.js';
import type { Logger } from '../logger.js';
import { CENTRE_UNIT_ID } from '../notifications/recipients.js';
import { enqueueNotices, CAUSE_KEY_MAX, type NewNotice } from '../notifications/outbox.js';

/**
 * Stuck instances, for operators (issue 12 §5). One check, used by the periodic watch in the workers
 * and by `GET /api/operations/stuck`:
 *   - `incident`       an open incident (a failed job or an external task out of retries);
 *   - `no-retries`     an external task with no retries left (its incident may have been resolved by hand without retrying);
 *   - `lock-expired`   an external task whose lock ran out more than the margin ago and that no worker fetched again;
 *   - `timer-overdue`  a timer due more than the margin ago that the job executor has not run;
 *   - `event-idle`     an open event whose record has not changed for N working days.
 * Each finding has a stable key; the watch writes one outbox notice per key to the centre, so a
 * finding is notified once however often the check runs and however many worker replicas run it
 * (the outbox ignores a second notice with the same cause key).
 */
export type StuckKind = 'incident' | 'no-retries' | 'lock-expired' | 'timer-overdue' | 'event-idle';

export interface StuckFinding {
  key: string;
  kind: StuckKind;
  /** What an operator reads (Chinese). */
  summary: string;
  processInstanceId: string | null;
  processDefinitionKey: string | null;
  eventNumber: string | null;
  activityId: string | null;
  /** Since when it is stuck (ISO). */
  since: string;
  /** The instance in Cockpit (or Cockpit's start page when there is no instance). */
  cockpitUrl: string;
}

export const STUCK_KIND_LABELS: Record<StuckKind, string> = {
  incident: '流程事故（incident）',
  'no-retries': '外部任务重试次数已用完',
  'lock-expired': '外部任务锁定已过期且无人处理',
  'timer-overdue': '定时器逾期未触发',
  'event-idle': '事件长时间无进展',
};

const FINISHED: EventStatus[] = ['closed', 'rejected', 'merged'];

export interface StuckDeps {
  db: DataSource;
  engine: Pick<EngineFacade, 'incidents' | 'externalTasks' | 'jobs' | 'processes'>;
  context: Pick<PlatformContext, 'calendar' | 'orgChart'>;
  operations: Config['operations'];
}

export function cockpitLink(cockpitUrl: string, processInstanceId: string | null): string {
  return processInstanceId ? `${cockpitUrl}#/process-instance/${encodeURIComponent(processInstanceId)}/runtime` : cockpitUrl;
}

function key(...parts: string[]): string {
  return `stuck:${parts.join(':')}`.slice(0, CAUSE_KEY_MAX);
}

export async function findStuck(deps: StuckDeps, now: Date): Promise<StuckFinding[]> {
  const { engine, operations } = deps;
  const margin = operations.stuckMarginMs;
  const link = (id: string | null) => cockpitLink(operations.cockpitUrl, id);
  const [incidents, noRetries, unlocked, timers] = await Promise.all([
    engine.incidents.list(),
    engine.externalTasks.list({ noRetriesLeft: true }),
    engine.externalTasks.list({ notLocked: true, withRetriesLeft: true }),
    engine.jobs.timersDueBefore(new Date(now.getTime() - margin)),
  ]);

  // Business keys (event numbers) of the instances named below, in one query.
  const instanceIds = new Set<string>([
    ...incidents.map((i) => i.processInstanceId),
    ...timers.map((t) => t.processInstanceId).filter((id): id is string => id !== null),
  ]);
  const businessKeys = new Map<string, string | null>();
  if (instanceIds.size > 0) {
    for (const p of await engine.processes.list({ processInstanceIds: [...instanceIds].join(',') })) businessKeys.set(p.id, p.businessKey);
  }
  const definitionKey = (definitionId: string) => definitionId.split(':')[0] ?? definitionId;

  const findings: StuckFinding[] = [];
  const withIncident = new Set<string>();
  for (const i of incidents) {
    withIncident.add(i.processInstanceId);
    findings.push({
      key: key('incident', i.id),
      kind: 'incident',
      summary: `${STUCK_KIND_LABELS.incident}：${i.activityId ?? ''} ${i.incidentMessage ?? i.incidentType}`.trim(),
      processInstanceId: i.processInstanceId,
      processDefinitionKey: definitionKey(i.processDefinitionId),
      eventNumber: businessKeys.get(i.processInstanceId) ?? null,
      activityId: i.activityId,
      since: new Date(i.incidentTimestamp).toISOString(),
      cockpitUrl: link(i.processInstanceId),
    });
  }
  for (const t of noRetries) {
    // An incident already names this task's instance: one finding is enough.
    if (withIncident.has(t.processInstanceId)) continue;
    findings.push({
      key: key('no-retries', t.id),
      kind: 'no-retries',
      summary: `${STUCK_KIND_LABELS['no-retries']}：${t.topicName}（${t.activityId}）${t.errorMessage ? ` ${t.errorMessage}` : ''}`,
      processInstanceId: t.processInstanceId,
      processDefinitionKey: t.processDefinitionKey,
      eventNumber: t.businessKey,
      activityId: t.activityId,
      since: now.toISOString(),
      cockpitUrl: link(t.processInstanceId),
    });
  }
  for (const t of unlocked) {
    if (!t.lockExpirationTime) continue; // never fetched yet: waiting for a worker, not stuck
    const expired = new Date(t.lockExpirationTime);
    if (now.getTime() - expired.getTime() <= margin) continue;
    findings.push({
      key: key('lock-expired', t.id, String(expired.getTime())),
      kind: 'lock-expired',
      summary: `${STUCK_KIND_LABELS['lock-expired']}：${t.topicName}（${t.activityId}），锁定者 ${t.workerId ?? '—'}`,
      processInstanceId: t.processInstanceId,
      processDefinitionKey: t.processDefinitionKey,
      eventNumber: t.businessKey,
      activityId: t.activityId,
      since: expired.toISOString(),
      cockpitUrl: link(t.processInstanceId),
    });
  }
  for (const j of timers) {
    if (!j.duedate || j.retries === 0) continue; // out of retries: reported as an incident
    findings.push({
      key: key('timer-overdue', j.id),
      kind: 'timer-overdue',
      summary: `${STUCK_KIND_LABELS['timer-overdue']}：应于 ${new Date(j.duedate).toISOString()} 触发`,
      processInstanceId: j.processInstanceId,
      processDefinitionKey: j.processDefinitionKey,
      eventNumber: j.processInstanceId ? (businessKeys.get(j.processInstanceId) ?? null) : null,
      activityId: null,
      since: new Date(j.duedate).toISOString(),
      cockpitUrl: link(j.processInstanceId),
    });
  }
  findings.push(...(await idleEvents(deps, now)));
  return findings;
}

/** Open events with no change for `stuckIdleWorkingDays` working days (the official calendar). */
async function idleEvents(deps: StuckDeps, now: Date): Promise<StuckFinding[]> {
  const calendar = await deps.context.calendar(deps.db);
  const days = deps.operations.stuckIdleWorkingDays;
  // Cheap prefilter by calendar days (N working days span at least N calendar days).
  const candidates = await deps.db.getRepository(EventEntity).find({
    select: { id: true, number: true, status: true, stage: true, processInstanceId: true, updatedAt: true },
    where: { status: Not(In(FINISHED)), updatedAt: LessThan(new Date(now.getTime() - days * 86_400_000)) },
    order: { updatedAt: 'ASC' },
    take: 500,
  });
  return candidates
    .filter((e) => calendar.workingDaysBetween(e.updatedAt, now) >= days)
    .map((e) => ({
      key: key('event-idle', e.number ?? `#${e.id}`, String(e.updatedAt.getTime())),
      kind: 'event-idle' as const,
      summary: `${STUCK_KIND_LABELS['event-idle']}：事件 ${e.number} 已 ${calendar.workingDaysBetween(e.updatedAt, now)} 个工作日无变化（${e.stage ?? e.status}）`,
      processInstanceId: e.processInstanceId,
      processDefinitionKey: e.processInstanceId ? 'event-handling' : null,
      eventNumber: e.number,
      activityId: null,
      since: e.updatedAt.toISOString(),
      cockpitUrl: cockpitLink(deps.operations.cockpitUrl, e.processInstanceId),
    }));
}

/** The centre's operators' notice for a finding (outbox, e-mail to the centre's address). */
export function stuckNotice(finding: StuckFinding, context: Pick<PlatformContext, 'orgChart'>): NewNotice {
  const centre = findUnit(context.orgChart, CENTRE_UNIT_ID);
  const email = centre?.liaison.email ?? null;
  const subject = `【运维提醒】${STUCK_KIND_LABELS[finding.kind]}${finding.eventNumber ? `：${finding.eventNumber}` : ''}`;
  const text = [
    `${centre?.name ?? '联动中心'}运维人员：`,
    finding.summary,
    `自 ${finding.since} 起。`,
    `在 Cockpit 中查看：${finding.cockpitUrl}`,
  ].join('\n');
  return {
    causeKey: finding.key,
    template: 'operations-stuck',
    channel: email ? 'email' : 'none',
    recipient: `unit:${CENTRE_UNIT_ID}`,
    eventNumber: finding.eventNumber,
    payload: { to: email, toName: centre?.name ?? '联动中心', subject, text, html: `<pre>${escapeHtml(text)}</pre>` },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** One round of the watch: find, then notify each finding once (the outbox ignores a repeated cause key). */
export async function checkStuck(deps: StuckDeps & { logger: Logger }, now: Date): Promise<StuckFinding[]> {
  const findings = await findStuck(deps, now);
  await enqueueNotices(deps.db, findings.map((f) => stuckNotice(f, deps.context)));
  for (const f of findings) deps.logger.debug('stuck finding', { kind: f.kind, key: f.key, eventNumber: f.eventNumber, processInstanceId: f.processInstanceId });
  return findings;
}

export interface StuckWatch {
  start(): void;
  stop(): Promise<void>;
  /** Runs one check now (tests). */
  runOnce(): Promise<StuckFinding[]>;
}

/** The periodic check (workers process). Safe with several replicas: notices are deduplicated by key. */
export function createStuckWatch(deps: StuckDeps & { logger: Logger; now?: () => Date }): StuckWatch {
  const interval = deps.operations.stuckCheckIntervalMs;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = () => checkStuck(deps, (deps.now ?? (() => new Date()))());
  const tick = () => {
    running = runOnce()
      .then((f) => {
        if (f.length > 0) deps.logger.info('stuck instances found', { count: f.length });
      })
      .catch((err: Error) => deps.logger.warn('stuck check failed', { error: err.message }))
      .finally(() => {
        if (!timer) return;
        timer = setTimeout(tick, interval);
        timer.unref();
      });
  };
  return {
    runOnce,
    start() {
      if (interval <= 0 || timer) return;
      timer = setTimeout(tick, Math.min(interval, 30_000));
      timer.unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
