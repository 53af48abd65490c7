import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { EngineError, type EngineClient } from '../engine/engine-client.js';
import { channelForKey, type ChannelKeys } from '../events/api-keys.js';
import type { ChannelId } from '../events/channels.js';
import type { OrgChart } from '../identity/org-chart.js';
import { DomainError, engineUnavailable, forbidden } from '../errors.js';

/**
 * Who is calling. An intake channel presents its `X-Api-Key`; centre and unit staff sign in with
 * their engine account (HTTP basic auth, checked against the engine's identity service, so there
 * is one password per person, and the engine's login delay and lockout after repeated failures —
 * the loginDelay and loginMaxAttempts settings in engine/…/application.yaml — apply to this sign-in too). The resolved principal is in `res.locals.principal`.
 *
 *   router.get('/api/x', requireStaff(deps), handler)                 // any engine user
 *   router.get('/api/y', requireStaff(deps, { seesAll: true }), h)     // centre / administrators
 *   router.get('/api/z', requireStaff(deps, { anyGroup: ['legal-office'] }), h)
 */
export type Principal = { kind: 'channel'; channel: ChannelId } | { kind: 'staff'; userId: string; groups: string[]; seesAll: boolean };

export interface StaffAuthDeps {
  /** The engine as the platform's service account (reads users' groups). */
  engine: EngineClient;
  orgChart: OrgChart;
}

export interface StaffRequirement {
  /** Only members of a unit with role `centre` or `process-admin`, or engine administrators. */
  seesAll?: boolean;
  /** Only members of at least one of these groups (engine administrators always pass). */
  anyGroup?: string[];
}

export const ENGINE_ADMIN_GROUP = 'operaton-admin';
export const API_KEY_HEADER = 'x-api-key';
const REALM = 'Basic realm="linkage-platform", charset="UTF-8"';
const API_KEY_CHALLENGE = 'ApiKey header="X-Api-Key"';
const VERIFY_TTL_MS = 60_000;
const VERIFY_CACHE_MAX = 1000;

export const AUTH_MESSAGES = {
  missing: '需要身份认证：渠道请提供 X-Api-Key，工作人员请使用账号密码登录',
  badKey: 'API 密钥无效',
  badLogin: '用户名或密码错误',
  channelOnly: '只有上报渠道可以调用此接口（请提供 X-Api-Key）',
  forbidden: '没有权限访问此功能',
  engineDown: '暂时无法核验身份（流程引擎不可用），请稍后重试',
} as const;

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('principalOf() used on a route without an auth middleware');
  return principal;
}

function unauthorized(message: string): DomainError {
  return new DomainError('UNAUTHORIZED', 401, message);
}

// --- channels -------------------------------------------------------------------------------------

function channelFrom(req: Request, keys: ChannelKeys): ChannelId | 'none' | 'invalid' {
  const presented = req.get(API_KEY_HEADER);
  if (presented === undefined) return 'none';
  return channelForKey(keys, presented.trim()) ?? 'invalid';
}

/** Only an intake channel (X-Api-Key). */
export function requireChannel(keys: ChannelKeys): RequestHandler {
  return (req, res, next) => {
    const channel = channelFrom(req, keys);
    if (channel === 'invalid' || channel === 'none') {
      res.set('WWW-Authenticate', API_KEY_CHALLENGE);
      if (channel === 'invalid') return next(unauthorized(AUTH_MESSAGES.badKey));
      return next(unauthorized(req.get('authorization') ? AUTH_MESSAGES.channelOnly : AUTH_MESSAGES.missing));
    }
    res.locals.principal = { kind: 'channel', channel } satisfies Principal;
    next();
  };
}

// --- staff ------------------------------------------------------------------------------------------

interface CachedStaff {
  principal: Extract<Principal, { kind: 'staff' }>;
  expires: number;
}

/**
 * Successful verifications, for a minute: keyed by a hash of engine URL + user + password (never
 * the password itself), so a changed or wrong password always goes to the engine again.
 */
const verified = new Map<string, CachedStaff>();

function cacheKey(engine: EngineClient, user: string, password: string): string {
  return crypto.createHash('sha256').update(`${engine.baseUrl}\u0000${user}\u0000${password}`, 'utf8').digest('hex');
}

function remember(key: string, entry: CachedStaff): void {
  if (verified.size >= VERIFY_CACHE_MAX) {
    const now = Date.now();
    for (const [k, v] of verified) if (v.expires <= now) verified.delete(k);
    if (verified.size >= VERIFY_CACHE_MAX) verified.delete(verified.keys().next().value as string);
  }
  verified.set(key, entry);
}

/** Forget every cached verification (tests; or after changing a password). */
export function clearStaffCache(): void {
  verified.clear();
}

export function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Centre roles and engine administrators read every event. */
export function staffSeesAll(orgChart: OrgChart, groups: readonly string[]): boolean {
  if (groups.includes(ENGINE_ADMIN_GROUP)) return true;
  return orgChart.units.some(
    (u) => groups.includes(u.id) && u.roles.some((r) => r === 'centre' || r === 'process-admin' || r === 'engine-admin'),
  );
}

async function resolveStaff(deps: StaffAuthDeps, user: string, password: string): Promise<CachedStaff['principal'] | undefined> {
  const key = cacheKey(deps.engine, user, password);
  const cached = verified.get(key);
  if (cached && cached.expires > Date.now()) return cached.principal;
  // The platform's own service account: a wrong password is refused here and never reaches the
  // engine, so that guessing through the API cannot lock the account every worker and API call uses.
  if (user === deps.engine.user && !deps.engine.holdsPassword(password)) return undefined;
  if (!(await deps.engine.identity.verify(user, password))) return undefined;
  const groups = await deps.engine.identity.groupIdsOf(user);
  const principal = { kind: 'staff' as const, userId: user, groups, seesAll: staffSeesAll(deps.orgChart, groups) };
  remember(key, { principal, expires: Date.now() + VERIFY_TTL_MS });
  return principal;
}

async function authenticateStaff(deps: StaffAuthDeps, req: Request): Promise<CachedStaff['principal']> {
  const credentials = parseBasic(req.get('authorization'));
  if (!credentials) throw unauthorized(AUTH_MESSAGES.missing);
  let principal: CachedStaff['principal'] | undefined;
  try {
    principal = await resolveStaff(deps, credentials.user, credentials.password);
  } catch (err) {
    if (err instanceof EngineError) throw engineUnavailable(AUTH_MESSAGES.engineDown);
    throw err;
  }
  if (!principal) throw unauthorized(AUTH_MESSAGES.badLogin);
  return principal;
}

function meets(principal: CachedStaff['principal'], requirement: StaffRequirement): boolean {
  if (principal.groups.includes(ENGINE_ADMIN_GROUP)) return true;
  if (requirement.seesAll && !principal.seesAll) return false;
  if (requirement.anyGroup && !requirement.anyGroup.some((g) => principal.groups.includes(g))) return false;
  return true;
}

/** A 401 for people: browsers and curl then ask for the engine user name and password. */
function challenge(res: Response, err: unknown): void {
  if (err instanceof DomainError && err.httpStatus === 401) res.set('WWW-Authenticate', REALM);
}

const wrap = (fn: (req: Request, res: Response) => Promise<void>): RequestHandler => (req, res, next: NextFunction) => {
  fn(req, res).then(
    () => next(),
    (err: unknown) => {
      challenge(res, err);
      next(err);
    },
  );
};

/** Only centre or unit staff (engine users, basic auth). */
export function requireStaff(deps: StaffAuthDeps, requirement: StaffRequirement = {}): RequestHandler {
  return wrap(async (req, res) => {
    const principal = await authenticateStaff(deps, req);
    if (!meets(principal, requirement)) throw forbidden(AUTH_MESSAGES.forbidden);
    res.locals.principal = principal satisfies Principal;
  });
}

/** A channel (X-Api-Key, tried first when present) or staff (basic auth). */
export function requireChannelOrStaff(keys: ChannelKeys, deps: StaffAuthDeps): RequestHandler {
  return wrap(async (req, res) => {
    const channel = channelFrom(req, keys);
    if (channel === 'invalid') throw unauthorized(AUTH_MESSAGES.badKey);
    if (channel !== 'none') {
      res.locals.principal = { kind: 'channel', channel } satisfies Principal;
      return;
    }
    res.locals.principal = (await authenticateStaff(deps, req)) satisfies Principal;
  });
}
