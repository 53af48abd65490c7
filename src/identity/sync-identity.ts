import crypto from 'node:crypto';
import type { EngineClient } from '../engine/engine-client.js';
import type { FilterBody } from '../engine/facade.js';
import { demoUserId, PERSON_ROLES, type OrgChart, type Person, type Unit } from './org-chart.js';
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

/** A unit's engine authorization that the sync created or widened (for the audit trail). */
export interface GrantChange {
  groupId: string;
  change: 'created' | 'widened';
  resourceType: number;
  resourceId: string;
  permissions: string[];
}

export interface SyncResult {
  groups: number;
  grantChanges: GrantChange[];
  filters: Record<string, string>;
  demoPasswords: Record<string, string>;
}

const GRANT = 1;

async function ensureGroup(engine: EngineClient, unit: Unit): Promise<void> {
  const body = { id: unit.id, name: unit.name, type: 'WORKFLOW' };
  if (await engine.identity.group(unit.id)) await engine.identity.updateGroup(body);
  else await engine.identity.createGroup(body);
}

export async function ensureGrant(engine: EngineClient, groupId: string, grant: Grant): Promise<GrantChange | undefined> {
  const found = await engine.identity.authorizations({
    type: GRANT,
    groupIdIn: groupId,
    resourceType: grant.resourceType,
    resourceId: grant.resourceId,
  });
  const body = { type: GRANT, groupId, ...grant };
  if (found.length === 0) {
    await engine.identity.createAuthorization(body);
    return { groupId, change: 'created', ...grant };
  }
  const current = new Set(found[0].permissions);
  if (grant.permissions.every((p) => current.has(p) || current.has('ALL'))) return undefined;
  const permissions = [...new Set([...current, ...grant.permissions])];
  await engine.identity.updateAuthorization(found[0].id, { ...body, permissions });
  return { groupId, change: 'widened', resourceType: grant.resourceType, resourceId: grant.resourceId, permissions };
}

export function filterName(unit: Unit): string {
  return `${unit.name}的任务`;
}

async function ensureFilter(engine: EngineClient, unit: Unit, priority: number): Promise<string> {
  const body: FilterBody = {
    resourceType: 'Task',
    name: filterName(unit),
    owner: null,
    // Most urgent first: by the task's due date (every user task has one, from the working
    // calendar), then by creation.
    query: { candidateGroup: unit.id, includeAssignedTasks: true, sorting: [{ sortBy: 'dueDate', sortOrder: 'asc' }, { sortBy: 'created', sortOrder: 'asc' }] },
    properties: {
      description: `${unit.name}待办的任务`,
      priority,
      refresh: true,
      // Task-local copies the engine makes on every user task (engine/…/TaskListVariables.java):
      // a unit may read its own tasks' local variables, never the process's (Tasklist's list
      // would stay empty for every unit but the centre).
      variables: [
        { name: 'listEventNumber', label: '事件编号' },
        { name: 'listTitle', label: '事件标题' },
        { name: 'listStreet', label: '所属街道' },
        { name: 'listDue', label: '办理期限' },
      ],
    },
  };
  const found = await engine.identity.taskFilters(body.name);
  if (found.length > 0) {
    await engine.identity.updateFilter(found[0].id, body);
    return found[0].id;
  }
  return engine.identity.createFilter(body);
}

async function ensureDemoUser(engine: EngineClient, unit: Unit, options: SyncOptions, passwords: Record<string, string>): Promise<void> {
  const id = demoUserId(unit.id);
  const known = passwords[id];
  const password = known ?? crypto.randomBytes(12).toString('base64url');
  if (!(await engine.identity.user(id))) {
    await engine.identity.createUser({ id, firstName: unit.name, lastName: '演示用户', email: `${id}@example.invalid` }, password);
  } else if (!known) {
    // The credentials file was lost: give the user a new password and write it down again.
    await engine.identity.setPassword(id, password, options.adminPassword);
  }
  passwords[id] = password;
  if (!(await engine.identity.isMember(unit.id, id))) await engine.identity.addMember(unit.id, id);
}

/**
 * A person of the org chart (grid 一长三员, community leader, stationed staff) as an engine user in
 * its unit's group. Development: the password is kept in the demo credentials like a demo user's.
 * Production: a new user gets a random password nobody knows until an administrator sets one.
 */
async function ensurePerson(engine: EngineClient, unit: Unit, person: Person, options: SyncOptions, passwords: Record<string, string>): Promise<void> {
  const development = Boolean(options.demoPasswords);
  const known = passwords[person.id];
  const password = known ?? crypto.randomBytes(12).toString('base64url');
  const profile = { id: person.id, firstName: person.name, lastName: `${unit.name}${PERSON_ROLES[person.role]}`, email: `${person.id}@example.invalid` };
  if (!(await engine.identity.user(person.id))) {
    await engine.identity.createUser(profile, password);
    if (development) passwords[person.id] = password;
  } else if (development && !known) {
    await engine.identity.setPassword(person.id, password, options.adminPassword);
    passwords[person.id] = password;
  }
  if (!(await engine.identity.isMember(unit.id, person.id))) await engine.identity.addMember(unit.id, person.id);
}

export async function syncIdentity(engine: EngineClient, chart: OrgChart, options: SyncOptions): Promise<SyncResult> {
  const filters: Record<string, string> = {};
  const grantChanges: GrantChange[] = [];
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
    for (const grant of grants) {
      const change = await ensureGrant(engine, unit.id, grant);
      if (change) grantChanges.push(change);
    }
    if (options.demoPasswords) await ensureDemoUser(engine, unit, options, passwords);
    for (const person of unit.persons) await ensurePerson(engine, unit, person, options, passwords);
  }
  return { groups: chart.units.length, grantChanges, filters, demoPasswords: passwords };
}

/**
 * Production never has demo users: deletes every `demo-<unit>` user an earlier development start
 * may have left in the engine's database. Returns the ids deleted.
 */
export async function removeDemoUsers(engine: Pick<EngineClient, 'identity'>, chart: OrgChart): Promise<string[]> {
  const removed: string[] = [];
  for (const unit of chart.units) {
    const id = demoUserId(unit.id);
    if (await engine.identity.user(id)) {
      await engine.identity.deleteUser(id);
      removed.push(id);
    }
  }
  return removed;
}
