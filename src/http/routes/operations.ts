import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config.js';
import type { PlatformContext } from '../../context.js';
import type { EngineClient } from '../../engine/engine-client.js';
import type { OrgChart } from '../../identity/org-chart.js';
import { metricsHandler, type ApiMetrics } from '../../operations/metrics.js';
import { findStuck, STUCK_KIND_LABELS } from '../../operations/stuck.js';
import { requireStaff } from '../auth.js';

/**
 * Operations:
 *   GET /metrics                 Prometheus text, `Authorization: Bearer $METRICS_TOKEN` (404 without a token configured)
 *   GET /api/operations/stuck    stuck instances with a Cockpit link each; centre, process admins, engine admins
 */
export interface OperationsRouterDeps {
  config: Config;
  db: DataSource;
  engine: EngineClient;
  orgChart: OrgChart;
  context: PlatformContext;
  metrics: ApiMetrics;
  now?: () => Date;
}

export function operationsRouter(deps: OperationsRouterDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.get('/metrics', metricsHandler(deps.metrics.registry, deps.config.operations.metricsToken));
  router.get('/api/operations/stuck', requireStaff({ engine: deps.engine, orgChart: deps.orgChart }, { seesAll: true }), async (_req, res) => {
    const at = now();
    const findings = await findStuck({ db: deps.db, engine: deps.engine, context: deps.context, operations: deps.config.operations }, at);
    res.json({
      checkedAt: at.toISOString(),
      total: findings.length,
      items: findings.map((f) => ({ ...f, kindLabel: STUCK_KIND_LABELS[f.kind] })),
    });
  });
  return router;
}
