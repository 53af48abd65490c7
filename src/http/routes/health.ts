import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { loadCalendarStatus } from '../../calendar/calendar-status.js';
import type { EngineClient } from '../../engine/engine-client.js';

/** `GET /health`: 200 `{status:"up",engine:"up",database:"up"}`, or 503 naming what is down. */
export interface HealthDeps {
  db: DataSource;
  engine: EngineClient;
  now?: () => Date;
}

async function probe(fn: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await fn();
    return 'up';
  } catch {
    return 'down';
  }
}

export function healthRouter({ db, engine, now = () => new Date() }: HealthDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [engineState, databaseState] = await Promise.all([
      probe(() => engine.engines()),
      probe(() => db.query('SELECT 1')),
    ]);
    const up = engineState === 'up' && databaseState === 'up';
    // A missing official holiday arrangement does not stop the platform, but deadlines reaching into
    // that year are then computed from the statutory holidays only: say so loudly on every health check.
    const calendar = databaseState === 'up' ? await loadCalendarStatus(db, now()) : undefined;
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
