import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { listAudit } from '../../audit/audit.js';
import type { EngineClient } from '../../engine/engine-client.js';
import type { OrgChart } from '../../identity/org-chart.js';
import { parseBody } from '../../validation.js';
import { requireStaff } from '../auth.js';

/**
 * Administration, for engine administrators only (the engine's `operaton-admin` group and units
 * with role `engine-admin`):
 *   GET /api/admin/audit?action=&actor=&subject=&from=&to=&page=&pageSize=   → the audit trail, newest first
 * `action` is exact (`deployment`) or a prefix ending in a dot (`calendar.`).
 */
const isoInstant = z.iso.datetime({ offset: true, error: '应为 ISO 时间，例如 2026-11-30T00:00:00+08:00' });
const auditQuery = z
  .object({
    action: z.string().max(48).optional(),
    actor: z.string().max(64).optional(),
    subject: z.string().max(191).optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export function engineAdminGroups(orgChart: OrgChart): string[] {
  return orgChart.units.filter((u) => u.roles.includes('engine-admin')).map((u) => u.id);
}

export function adminRouter(deps: { db: DataSource; engine: EngineClient; orgChart: OrgChart }): Router {
  const router = Router();
  // Engine administrators (operaton-admin) always pass requireStaff; the group list adds engine-admin units.
  const admin = requireStaff({ engine: deps.engine, orgChart: deps.orgChart }, { anyGroup: engineAdminGroups(deps.orgChart) });

  router.get('/api/admin/audit', admin, async (req, res) => {
    const q = parseBody(auditQuery, req.query);
    res.json(await listAudit(deps.db, { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }));
  });

  return router;
}
