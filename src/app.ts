import express from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import type { PlatformContext } from './context.js';
import type { EngineClient } from './engine/engine-client.js';
import { jsonBodyExceptIntake } from './http/body.js';
import { errorHandler, notFound } from './http/errors.js';
import { cors, requestId, securityHeaders } from './http/hardening.js';
import { refuseOverLimitChannels, type OverLimitChannels } from './http/rate-limit.js';
import { resolveIntakeApiKeys } from './events/api-keys.js';
import { adminRouter } from './http/routes/admin.js';
import { healthRouter } from './http/routes/health.js';
import { analysisForBulletin } from './assessment/analysis-meeting.js';
import { assessmentRouter } from './http/routes/assessment.js';
import { calendarRouter } from './http/routes/calendar.js';
import { categoriesRouter } from './http/routes/categories.js';
import { eventsRouter } from './http/routes/events.js';
import { supervisionRouter } from './http/routes/supervision.js';
import { consultationRouter } from './http/routes/consultation.js';
import { patrolRouter } from './http/routes/patrol.js';
import { streetRouter } from './http/routes/street.js';
import type { Logger } from './logger.js';
import { modelerRouter } from './modeler/routes.js';
import { createApiMetrics } from './operations/metrics.js';
import { operationsRouter } from './http/routes/operations.js';
import { dutyRosterRouter } from './http/routes/duty-roster.js';
import { beijingTimeReplacer } from './http/beijing-time.js';

export interface AppDeps {
  config: Config;
  db: DataSource;
  /** The engine as the platform's service account (admin). */
  engine: EngineClient;
  logger: Logger;
  /** The clock (tests pass a fixed one); defaults to the system clock. */
  now?: () => Date;
  /** Built once at start (src/context.ts): org chart, responsibility list, templates, calendar. */
  context: PlatformContext;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Every instant in every JSON answer in Beijing time (+08:00): src/http/beijing-time.ts.
  app.set('json replacer', beijingTimeReplacer);
  // Metrics first, so that intake requests are counted whatever answers them (auth, validation, the route).
  const metrics = createApiMetrics({ db: deps.db, engine: deps.engine, logger: deps.logger, now: deps.now });
  app.use(metrics.intake);
  // Hardening first, so every answer (errors and the modeler page included) carries it.
  app.use(requestId);
  app.use(securityHeaders({ hsts: deps.config.isProduction }));
  app.use(cors(deps.config.corsOrigins));
  // A channel this instance already knows to be over its rate limit is refused before any routing
  // (src/http/rate-limit.ts): the intake routes count its requests and fill `overLimit`.
  const channelKeys = resolveIntakeApiKeys(deps.config);
  const overLimit: OverLimitChannels = new Map();
  app.use(refuseOverLimitChannels({ keys: channelKeys, config: deps.config, now: deps.now, overLimit }));
  // The web modeler first: it parses its own, larger bodies (whole models) under /api/modeler.
  app.use(modelerRouter(deps));
  // Intake parses its body after the channel's key and rate limit (src/http/body.ts).
  app.use(jsonBodyExceptIntake());
  // Feature routers, one per concern; each gets the same dependencies and the shared reference data.
  const { orgChart, catalogue, categoryName } = deps.context;
  const shared = { ...deps, orgChart, catalogue, categoryName };
  app.use(healthRouter(shared));
  app.use(eventsRouter({ ...shared, channelKeys, overLimit }));
  app.use(supervisionRouter(shared));
  app.use(consultationRouter(shared));
  app.use(patrolRouter(shared));
  app.use(streetRouter(shared));
  app.use(categoriesRouter(shared));
  app.use(calendarRouter(shared));
  app.use(dutyRosterRouter(shared));
  app.use(adminRouter(shared));
  app.use(operationsRouter({ ...shared, metrics }));
  app.use(assessmentRouter({ ...shared, assessmentSchemeFile: deps.context.assessmentSchemeFile, patrol: deps.context.patrol, analysisFor: analysisForBulletin }));
  app.use(notFound);
  // Unexpected errors go to the log (with the request id), never to the caller.
  app.use(errorHandler((err) => deps.logger.error('unexpected error', { error: err.message, stack: err.stack })));
  return app;
}
