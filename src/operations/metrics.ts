import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { In, Not, type DataSource } from 'typeorm';
import { loadCalendarStatus } from '../calendar/calendar-status.js';
import { EventEntity, LedgerEntryEntity, NoticeEntity, type EventStatus } from '../db/entities/index.js';
import type { EngineFacade } from '../engine/facade.js';
import type { Logger } from '../logger.js';

/**
 * Prometheus metrics (prom-client, text format), one registry per process:
 *   - the API (`GET /metrics` on the API port): intake requests by channel and outcome, intake
 *     latency, and gauges read at scrape time from the app database and the engine — outbox
 *     backlog and failed deliveries, open events by status and stage, overdue rounds, incidents by
 *     process definition, the calendar warning;
 *   - each worker process (its own listener, WORKER_METRICS_PORT): task duration and outcome by
 *     topic, handler failures. Each replica is scraped on its own, so `--scale workers=N` needs no
 *     aggregation in the API.
 * Both answer only with `Authorization: Bearer $METRICS_TOKEN`; without a token configured they
 * answer 404 (secure by default: the numbers name units, categories and load).
 */
export const METRICS_PREFIX = 'linkage_';

/** `GET /metrics` guarded by the bearer token; 404 when no token is configured. */
export function metricsHandler(registry: Registry, token: string | undefined): RequestHandler {
  const expected = token ? crypto.createHash('sha256').update(token).digest() : undefined;
  return async (req, res) => {
    if (!expected) {
      res.status(404).json({ error: 'NOT_FOUND', message: '未启用监控指标（未设置 METRICS_TOKEN）' });
      return;
    }
    const header = req.get('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const ok = crypto.timingSafeEqual(crypto.createHash('sha256').update(presented).digest(), expected);
    if (!ok) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"').status(401).json({ error: 'UNAUTHORIZED', message: '需要监控指标令牌' });
      return;
    }
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  };
}

// --- API -------------------------------------------------------------------------------------------

export interface ApiMetricsDeps {
  db: DataSource;
  engine: Pick<EngineFacade, 'definitions'>;
  logger: Logger;
  now?: () => Date;
}

export interface ApiMetrics {
  registry: Registry;
  /** Counts and times `POST /api/events` (mounted before the routers). */
  intake: RequestHandler;
}

const FINISHED: EventStatus[] = ['closed', 'rejected', 'merged'];

/** The outcome of an intake request as the metrics name it, from its HTTP status. */
export function intakeOutcome(status: number): string {
  switch (status) {
    case 201:
      return 'created';
    case 200:
      return 'existing';
    case 400:
    case 413:
    case 415:
      return 'invalid';
    case 401:
    case 403:
      return 'unauthorized';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    case 503:
      return 'engine_unavailable';
    default:
      return status >= 500 ? 'error' : `http_${status}`;
  }
}

export function createApiMetrics(deps: ApiMetricsDeps): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: `${METRICS_PREFIX}api_` });
  const now = deps.now ?? (() => new Date());
  const warnOnce = new Set<string>();
  // A gauge read from the database or the engine: a failed read leaves it empty for this scrape and is logged once.
  const guarded = async (what: string, read: () => Promise<void>) => {
    try {
      await read();
      warnOnce.delete(what);
    } catch (err) {
      if (!warnOnce.has(what)) deps.logger.warn('metrics: could not read', { what, error: (err as Error).message });
      warnOnce.add(what);
    }
  };

  const requests = new Counter({
    name: `${METRICS_PREFIX}intake_requests_total`,
    help: 'POST /api/events requests by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: `${METRICS_PREFIX}intake_duration_seconds`,
    help: 'POST /api/events latency (until the response is sent)',
    labelNames: ['channel'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new Gauge({
    name: `${METRICS_PREFIX}outbox_backlog`,
    help: 'Notices waiting in the outbox (pending or being sent), by channel',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await guarded('outbox backlog', async () => {
        const rows = await deps.db
          .getRepository(NoticeEntity)
          .createQueryBuilder('n')
          .select('n.channel', 'channel')
          .addSelect('COUNT(*)', 'count')
          .where('n.status IN (:...statuses)', { statuses: ['pending', 'sending'] })
          .groupBy('n.channel')
          .getRawMany<{ channel: string; count: string | number }>();
        for (const r of rows) this.set({ channel: r.channel }, Number(r.count));
      });
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}outbox_delivery_failures`,
    help: 'Notices whose delivery failed: failed for good (state=failed) or failed at least once and waiting for another attempt (state=retrying)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await guarded('outbox failures', async () => {
        const repo = deps.db.getRepository(NoticeEntity);
        const failed = await repo.count({ where: { status: 'failed' } });
        const retrying = await repo
          .createQueryBuilder('n')
          .where('n.status = :s AND n.attempts > 0', { s: 'pending' })
          .getCount();
        this.set({ state: 'failed' }, failed);
        this.set({ state: 'retrying' }, retrying);
      });
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}events_open`,
    help: 'Open events (not closed, rejected or merged) by status and stage',
    labelNames: ['status', 'stage'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await guarded('open events', async () => {
        const rows = await deps.db
          .getRepository(EventEntity)
          .createQueryBuilder('e')
          .select('e.status', 'status')
          .addSelect('e.stage', 'stage')
          .addSelect('COUNT(*)', 'count')
          .where({ status: Not(In(FINISHED)) })
          .groupBy('e.status')
          .addGroupBy('e.stage')
          .getRawMany<{ status: string; stage: string | null; count: string | number }>();
        for (const r of rows) this.set({ status: r.status, stage: r.stage ?? 'none' }, Number(r.count));
      });
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}rounds_overdue`,
    help: 'Open handling rounds (ledger rows) past their due time',
    registers: [registry],
    async collect() {
      this.reset();
      await guarded('overdue rounds', async () => {
        const count = await deps.db
          .getRepository(LedgerEntryEntity)
          .createQueryBuilder('l')
          .where('l.outcome = :open AND l.completedAt IS NULL AND l.dueAt < :now', { open: 'open', now: now() })
          .getCount();
        this.set(count);
      });
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}incidents_open`,
    help: 'Open engine incidents by process definition key',
    labelNames: ['process_definition'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await guarded('incidents', async () => {
        const byKey = new Map<string, number>();
        for (const s of await deps.engine.definitions.processStatistics()) {
          const key = s.id.split(':')[0] ?? s.id;
          const count = s.incidents.reduce((sum, i) => sum + i.incidentCount, 0);
          byKey.set(key, (byKey.get(key) ?? 0) + count);
        }
        for (const [key, count] of byKey) this.set({ process_definition: key }, count);
      });
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}calendar_warning`,
    help: '1 when a deadline reaches a year without an official holiday arrangement (see /health), else 0',
    registers: [registry],
    async collect() {
      this.reset();
      await guarded('calendar', async () => {
        const status = await loadCalendarStatus(deps.db, now());
        this.set(status.warning ? 1 : 0);
      });
    },
  });

  const intake: RequestHandler = (req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/api/events') return next();
    const stop = process.hrtime.bigint();
    res.on('finish', () => {
      const principal = res.locals.principal as { kind: string; channel?: string } | undefined;
      const channel = principal?.kind === 'channel' && principal.channel ? principal.channel : 'unknown';
      requests.inc({ channel, outcome: intakeOutcome(res.statusCode) });
      latency.observe({ channel }, Number(process.hrtime.bigint() - stop) / 1e9);
    });
    next();
  };
  return { registry, intake };
}

// --- workers ---------------------------------------------------------------------------------------

export type TaskOutcome = 'completed' | 'bpmn_error' | 'failure';

export interface WorkerMetrics {
  registry: Registry;
  observeTask(topic: string, outcome: TaskOutcome, seconds: number): void;
}

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: `${METRICS_PREFIX}workers_` });
  const duration = new Histogram({
    name: `${METRICS_PREFIX}worker_task_duration_seconds`,
    help: 'External-task handler duration by topic and outcome (completed, bpmn_error, failure)',
    labelNames: ['topic', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const failures = new Counter({
    name: `${METRICS_PREFIX}worker_handler_failures_total`,
    help: 'Handler failures (technical errors reported with handleFailure) by topic',
    labelNames: ['topic'] as const,
    registers: [registry],
  });
  return {
    registry,
    observeTask(topic, outcome, seconds) {
      duration.observe({ topic, outcome }, seconds);
      if (outcome === 'failure') failures.inc({ topic });
    },
  };
}
