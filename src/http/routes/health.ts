import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { loadCalendarStatus } from '../../calendar/calendar-status.js';
import type { EngineClient } from '../../engine/engine-client.js';

/**
 * `GET /health`: 200 `{status:"up",engine:"up",database:"up"}`, or 503 naming what is down. Answers
 * within about `probeTimeoutMs` whatever is down: each probe that has not answered by then counts as
 * down (an engine waiting for its own database, a connection pool waiting for a dead server).
 */
export interface HealthDeps {
  db: DataSource;
  engine: EngineClient;
  now?: () => Date;
  probeTimeoutMs?: number;
}

export const HEALTH_PROBE_TIMEOUT_MS = 1_000;

class ProbeTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // a probe that answers after the timeout must not become an unhandled rejection
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function probe(fn: () => Promise<unknown>, ms: number): Promise<'up' | 'down'> {
  try {
    await withTimeout(fn(), ms);
    return 'up';
  } catch {
    return 'down';
  }
}

export function healthRouter({ db, engine, now = () => new Date(), probeTimeoutMs = HEALTH_PROBE_TIMEOUT_MS }: HealthDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [engineState, databaseState] = await Promise.all([
      probe(() => engine.engines(), probeTimeoutMs),
      probe(() => db.query('SELECT 1'), probeTimeoutMs),
    ]);
    const up = engineState === 'up' && databaseState === 'up';
    // A missing official holiday arrangement does not stop the platform, but deadlines reaching into
    // that year are then computed from the statutory holidays only: say so loudly on every health check.
    const calendar = databaseState === 'up' ? await withTimeout(loadCalendarStatus(db, now()), probeTimeoutMs).catch(() => undefined) : undefined;
    res.status(up ? 200 : 503).json({
      status: up ? 'up' : 'down',
      engine: engineState,
      database: databaseState,
      ...(calendar && {
        calendar: {
          year: calendar.year,
          officialLoaded: calendar.officialLoaded,
          horizon: calendar.horizon,
          ...(calendar.latestDeadline && { latestDeadline: calendar.latestDeadline }),
          missing: calendar.missing,
          ...(calendar.warning && { warning: calendar.warning }),
        },
      }),
    });
  });
  return router;
}
