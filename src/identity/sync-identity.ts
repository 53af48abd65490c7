import crypto from 'node:crypto';
import { EngineError, type EngineClient } from '../engine/engine-client.js';
import { demoUserId, type OrgChart, type Unit } from './org-chart.js';
import { centreGrants, processAdminGrants, Resource, unitGrants, type Grant } from './engine-permissions.js';

/**
 * Loads the org chart into the engine: one group per unit, its authorizations and a Tasklist
 * filter "<unit>的任务"; in development one demo user per unit. Idempotent: run at every start,
 * it creates what is missing and updates what changed, never duplicates.
 */
export interface SyncOptions {
  /** Create demo users (development only). Passwords are read from and added to this map. */
  demoPasswords?: Record<string, string>;
  /** The admin's password, needed by the engine to reset a demo user's password. */
  adminPassword: string;
}

export interface SyncResult {
  groups: number;
  filters: Record<string, string>;
  demoPasswords: Record<string, string>;
}

const GRANT = 1;

async function exists(engine: EngineClient, path: string): Promise<boolean> {
  try {
    await engine.get(path);
    return true;
  } catch (err) {
    if (err instanceof EngineError && err.httpStatus === 404) return false;
    throw err;
  }
}

async function ensureGroup(engine: EngineClient, unit: Unit): Promise<void> {
  const body = { id: unit.id, name: unit.name, type: 'WORKFLOW' };
  if (await exists(engine, `/group/${unit.id}`)) await engine.put(`/group/${unit.id}`, body);
  else await engine.post('/group/create', body);
}

export async function ensureGrant(engine: EngineClient, groupId: string, grant: Grant): Promise<void> {
  const found = await engine.get<Array<{ id: string; permissions: string[] }>>('/authorization', {
    type: GRANT,
    groupIdIn: groupId,
    resourceType: grant.resourceType,
    resourceId: grant.resourceId,
  });
  const body = { type: GRANT, groupId, ...grant };
  if (found.length === 0) {
    await engine.post('/authorization/create', body);
    return;
  }
  const current = new Set(found[0].permissions);
  if (grant.permissions.every((p) => current.has(p) || current.has('ALL'))) return;
  await engine.put(`/authorization/${found[0].id}`, { ...body, permissions: [...new Set([...current, ...grant.permissions])] });
}

export function filterName(unit: Unit): string {
  return `${unit.name}的任务`;
}

async function ensureFilter(engine: EngineClient, unit: Unit, priority: number): Promise<string> {
  const body = {
    resourceType: 'Task',
    name: filterName(unit),
    owner: null,
    query: { candidateGroup: unit.id, includeAssignedTasks: true, sorting: [{ sortBy: 'created', sortOrder: 'asc' }] },
    properties: {
      description: `${unit.name}待办的任务`,
      priority,
      refresh: true,
      variables: [
        { name: 'eventNumber', label: '事件编号' },
        { name: 'title', label: '事件标题' },
        { name: 'dueAt', label: '办理期限' },
      ],
    },
  };
  const found = await engine.get<Array<{ id: string }>>('/filter', { resourceType: 'Task', name: body.name });
  if (found.length > 0) {
    await engine.put(`/filter/${found[0].id}`, body);
    return found[0].id;
  }
  const created = await engine.post<{ id: string }>('/filter/create', body);
  return created.id;
}

async function ensureDemoUser(engine: EngineClient, unit: Unit, options: SyncOptions, passwords: Record<string, string>): Promise<void> {
  const id = demoUserId(unit.id);
  const known = passwords[id];
  const password = known ?? crypto.randomBytes(12).toString('base64url');
  if (!(await exists(engine, `/user/${id}/profile`))) {
    await engine.post('/user/create', {
      profile: { id, firstName: unit.name, lastName: '演示用户', email: `${id}@example.invalid` },
      credentials: { password },
    });
  } else if (!known) {
    // The credentials file was lost: give the user a new password and write it down again.
    await engine.put(`/user/${id}/credentials`, { password, authenticatedUserPassword: options.adminPassword });
  }
  passwords[id] = password;
  const members = await engine.get<unknown[]>('/user', { id, memberOfGroup: unit.id });
  if (members.length === 0) await engine.put(`/group/${unit.id}/members/${id}`);
}

export async function syncIdentity(engine: EngineClient, chart: OrgChart, options: SyncOptions): Promise<SyncResult> {
  const filters: Record<string, string> = {};
  const passwords = { ...(options.demoPasswords ?? {}) };
  for (const [index, unit] of chart.units.entries()) {
    await ensureGroup(engine, unit);
    filters[unit.id] = await ensureFilter(engine, unit, index);
    const grants: Grant[] = [
      ...unitGrants(unit.id),
      { resourceType: Resource.FILTER, resourceId: filters[unit.id], permissions: ['READ'] },
      ...(unit.roles.includes('centre') ? centreGrants : []),
      ...(unit.roles.includes('process-admin') ? processAdminGrants : []),
      ...(unit.roles.includes('engine-admin') ? [{ resourceType: Resource.APPLICATION, resourceId: '*', permissions: ['ALL'] }] : []),
    ];
    for (const grant of grants) await ensureGrant(engine, unit.id, grant);
    if (options.demoPasswords) await ensureDemoUser(engine, unit, options, passwords);
  }
  return { groups: chart.units.length, filters, demoPasswords: passwords };
}
