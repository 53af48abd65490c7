import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import type { ChannelId } from '../events/channels.js';
import { inTurn } from '../events/write-lock.js';
import type { Principal } from './auth.js';

/**
 * Per-channel rate limit with a fixed window whose counter lives in the app database, so that it
 * holds across every API instance: one atomic upsert per request (SQLite `ON CONFLICT … DO UPDATE
 * … RETURNING`, MySQL/MariaDB `ON DUPLICATE KEY UPDATE` with LAST_INSERT_ID). Over the limit → 429
 * RATE_LIMITED with `Retry-After` (seconds until the window ends). Each channel has its own
 * counter row, so one channel's flood never touches another's count. Once an instance has seen a
 * channel over its limit, it refuses that channel's further requests of the window from memory,
 * without a database write (a window's count only grows, so this holds for every instance): a flood
 * then costs one hash and one comparison per request.
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

/** After an auth middleware: counts channel requests (staff are not limited here). */
export function channelRateLimit(deps: { db: DataSource; config: Pick<Config, 'rateLimit'>; now?: () => Date }): RequestHandler {
  /** Channel bucket → end of the window (epoch seconds) in which it is already over its limit. */
  const exhausted = new Map<string, number>();
  const refuse = (now: Date, windowEnd: number) => {
    const seconds = Math.max(1, Math.ceil(windowEnd - now.getTime() / 1000));
    // A refusal is an answer, not a fault: no stack trace is captured (capturing one was most of a
    // refused request's cost, and a flood is made of refused requests).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return new DomainError('RATE_LIMITED', 429, RATE_LIMIT_MESSAGE(seconds), { retryAfterSeconds: seconds });
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  return (_req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (principal?.kind !== 'channel') return next();
    const now = (deps.now ?? (() => new Date()))();
    const limit = limitFor(deps.config, principal.channel);
    const bucket = `channel:${principal.channel}`;
    const over = exhausted.get(bucket);
    if (over !== undefined && now.getTime() / 1000 < over) {
      res.set('RateLimit-Limit', String(limit));
      res.set('RateLimit-Remaining', '0');
      return next(refuse(now, over));
    }
    countHit(deps.db, bucket, deps.config.rateLimit.windowSeconds, now).then(
      (hit) => {
        res.set('RateLimit-Limit', String(limit));
        res.set('RateLimit-Remaining', String(Math.max(0, limit - hit.hits)));
        if (hit.hits <= limit) return next();
        exhausted.set(bucket, hit.windowEnd);
        next(refuse(now, hit.windowEnd));
      },
      (err: unknown) => next(err),
    );
  };
}
