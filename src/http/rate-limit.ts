import type { RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import { channelForKey, type ChannelKeys } from '../events/api-keys.js';
import type { ChannelId } from '../events/channels.js';
import { inTurn } from '../events/write-lock.js';
import { API_KEY_HEADER, type Principal } from './auth.js';

/**
 * Per-channel rate limit with a fixed window whose counter lives in the app database, so that it
 * holds across every API instance: one atomic upsert per request (SQLite `ON CONFLICT … DO UPDATE
 * … RETURNING`, MySQL/MariaDB `ON DUPLICATE KEY UPDATE` with LAST_INSERT_ID). Over the limit → 429
 * RATE_LIMITED with `Retry-After` (seconds until the window ends). Each channel has its own
 * counter row, so one channel's flood never touches another's count. Once an instance has seen a
 * channel over its limit, it refuses that channel's further requests of the window from memory,
 * without a database write (a window's count only grows, so this holds for every instance), and
 * before any routing (refuseOverLimitChannels, mounted first in createApp): a flood then costs one
 * hash of the key and a map lookup per request, and never reaches the database or the body parser.
 */
export const RATE_LIMIT_MESSAGE = (seconds: number) => `请求过于频繁，请在 ${seconds} 秒后重试`;

export interface Hit {
  hits: number;
  windowStart: number;
  windowEnd: number;
}

function isMysql(db: DataSource): boolean {
  return db.options.type === 'mysql' || db.options.type === 'mariadb';
}

/** Counts one request of `bucket` in the window containing `now`; returns the count so far. */
export async function countHit(db: DataSource, bucket: string, windowSeconds: number, now: Date): Promise<Hit> {
  const windowStart = Math.floor(now.getTime() / 1000 / windowSeconds) * windowSeconds;
  const windowEnd = windowStart + windowSeconds;
  let hits: number;
  if (isMysql(db)) {
    const result = (await db.query(
      'INSERT INTO rate_window (bucket, window_start, hits) VALUES (?, ?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + 1)',
      [bucket, windowStart],
    )) as { insertId: number };
    hits = Number(result.insertId);
  } else {
    const rows = await inTurn(db, () =>
      db.query('INSERT INTO rate_window (bucket, window_start, hits) VALUES (?, ?, 1) ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits', [
        bucket,
        windowStart,
      ]) as Promise<Array<{ hits: number }>>,
    );
    hits = Number(rows[0].hits);
  }
  // The first hit of a window clears this bucket's older windows (nothing else ever reads them).
  if (hits === 1) await inTurn(db, () => db.query('DELETE FROM rate_window WHERE bucket = ? AND window_start < ?', [bucket, windowStart]));
  return { hits, windowStart, windowEnd };
}

export function limitFor(config: Pick<Config, 'rateLimit'>, channel: ChannelId): number {
  return config.rateLimit.perChannel.get(channel) ?? config.rateLimit.perWindow;
}

/**
 * The channels this instance has seen over their limit: channel → end of that window (epoch
 * seconds). A window's count only grows, so such a channel stays refused until the window ends,
 * whatever instance counts its requests: no need to ask the database again until then.
 */
export type OverLimitChannels = Map<ChannelId, number>;

/** The routes whose channel requests are counted (the intake API, src/http/routes/events.ts). */
export const RATE_LIMITED_PATH = /^\/api\/events(?:\/|$)/;

/** The end of the window in which `channel` is known to be over its limit, if `now` is in it. */
function overLimitUntil(overLimit: OverLimitChannels, channel: ChannelId, now: Date): number | undefined {
  const until = overLimit.get(channel);
  if (until === undefined) return undefined;
  if (now.getTime() / 1000 < until) return until;
  overLimit.delete(channel);
  return undefined;
}

/** 429 RATE_LIMITED with Retry-After (errorHandler) and the RateLimit headers. */
function refuse(res: Response, limit: number, now: Date, windowEnd: number): DomainError {
  res.set('RateLimit-Limit', String(limit));
  res.set('RateLimit-Remaining', '0');
  const seconds = Math.max(1, Math.ceil(windowEnd - now.getTime() / 1000));
  // A refusal is an answer, not a fault: no stack trace is captured (capturing one was most of a
  // refused request's cost, and a flood is made of refused requests).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new DomainError('RATE_LIMITED', 429, RATE_LIMIT_MESSAGE(seconds), { retryAfterSeconds: seconds });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

interface RateLimitDeps {
  db: DataSource;
  config: Pick<Config, 'rateLimit'>;
  now?: () => Date;
  /** Shared with refuseOverLimitChannels() (createApp); a map of its own otherwise. */
  overLimit?: OverLimitChannels;
}

/** After an auth middleware: counts channel requests (staff are not limited here). */
export function channelRateLimit(deps: RateLimitDeps): RequestHandler {
  const overLimit = deps.overLimit ?? new Map<ChannelId, number>();
  return (_req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (principal?.kind !== 'channel') return next();
    const now = (deps.now ?? (() => new Date()))();
    const limit = limitFor(deps.config, principal.channel);
    const known = overLimitUntil(overLimit, principal.channel, now);
    if (known !== undefined) return next(refuse(res, limit, now, known));
    countHit(deps.db, `channel:${principal.channel}`, deps.config.rateLimit.windowSeconds, now).then(
      (hit) => {
        if (hit.hits <= limit) {
          res.set('RateLimit-Limit', String(limit));
          res.set('RateLimit-Remaining', String(limit - hit.hits));
          return next();
        }
        overLimit.set(principal.channel, hit.windowEnd);
        next(refuse(res, limit, now, hit.windowEnd));
      },
      (err: unknown) => next(err),
    );
  };
}

/**
 * Mounted before any routing (createApp): a request to the limited routes whose key belongs to a
 * channel this instance already knows to be over its limit is refused right here — one SHA-256 of
 * the key and a map lookup, no routing, no database, no body. Anything else passes on untouched to
 * the routes' own key check and channelRateLimit(). Costs nothing while no channel is over its limit.
 */
export function refuseOverLimitChannels(deps: { keys: ChannelKeys; config: Pick<Config, 'rateLimit'>; now?: () => Date; overLimit: OverLimitChannels }): RequestHandler {
  return (req, res, next) => {
    if (deps.overLimit.size === 0 || !RATE_LIMITED_PATH.test(req.path)) return next();
    const presented = req.get(API_KEY_HEADER);
    if (presented === undefined) return next();
    const channel = channelForKey(deps.keys, presented.trim());
    if (channel === undefined) return next();
    const now = (deps.now ?? (() => new Date()))();
    const until = overLimitUntil(deps.overLimit, channel, now);
    if (until === undefined) return next();
    // The principal the route's key check would have set (the intake metrics label the channel).
    res.locals.principal = { kind: 'channel', channel } satisfies Principal;
    next(refuse(res, limitFor(deps.config, channel), now, until));
  };
}
