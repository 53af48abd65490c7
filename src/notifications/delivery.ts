import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import nodemailer from 'nodemailer';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import type { Notice } from '../db/entities/index.js';
import type { Logger } from '../logger.js';
import { createOutbox, parsePayload, type NoticePayload } from './outbox.js';
import type { Channel } from './recipients.js';

/**
 * Delivers the outbox: e-mail over SMTP (nodemailer, `SMTP_URL`) and a JSON webhook
 * (`NOTIFY_WEBHOOK_URL`: the SMS gateway or the provincial system) with `Idempotency-Key` set to
 * the notice's cause key. A failed attempt is retried with exponential backoff; after
 * `NOTIFY_MAX_ATTEMPTS` attempts the notice is marked `failed`. A channel that is not configured
 * leaves its notices pending (normal in development without SMTP) and is logged once.
 *
 * At-least-once: a loop that dies between sending and recording leaves a `sending` row that is
 * released after `claimTimeoutMs` and sent again. The webhook receiver sees the same
 * Idempotency-Key and an e-mail the same Message-ID, so both can drop the duplicate.
 */
export interface NoticeDeliveryOptions {
  db: DataSource;
  config: { notify: Config['notify'] };
  logger: Logger;
  /** Recorded in `claimed_by`; defaults to host + pid + a random suffix. */
  claimant?: string;
  /** Clock, for tests. */
  now?: () => Date;
  /** First retry after this long, then doubling (capped at one hour). */
  backoffBaseMs?: number;
  webhookTimeoutMs?: number;
  batchSize?: number;
  claimTimeoutMs?: number;
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

export interface NoticeDelivery {
  /** Delivers the notices due now, once. Safe to call concurrently (here or in another replica). */
  runOnce(): Promise<DeliveryResult>;
  /** Runs `runOnce` every `NOTIFY_INTERVAL_MS` until `stop()`. */
  start(): void;
  /** Stops the loop, waits for a run in progress, closes the SMTP connection. */
  stop(): Promise<void>;
}

type Sender = (notice: Notice, payload: NoticePayload) => Promise<void>;

const MAX_BACKOFF_MS = 60 * 60 * 1000;

export function backoffDelay(attemptsSoFar: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attemptsSoFar - 1));
}

/** A failed attempt whose `detail` (e.g. the gateway's answer, which may echo a phone number) goes to the table, never to the log. */
class DeliveryError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

function describeError(err: unknown): string {
  const e = err as Error & { cause?: { message?: string } };
  const cause = e.cause?.message ? ` (${e.cause.message})` : '';
  return `${e.message ?? String(err)}${cause}`;
}

/** Header values must be ASCII. */
function asciiHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}

function emailSender(smtpUrl: string, from: string): { send: Sender; close(): void } {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(notice, payload) {
      if (!payload.to) throw new Error('the notice has no e-mail address');
      await transport.sendMail({
        from,
        to: { name: payload.toName, address: payload.to },
        subject: payload.subject,
        text: payload.text,
        html: payload.html,
        // The same cause always gives the same Message-ID: a resent copy can be recognised.
        messageId: `<${createHash('sha256').update(notice.causeKey).digest('hex').slice(0, 32)}@notice.linkage>`,
        headers: { 'X-Notice-Cause': asciiHeader(notice.causeKey) },
      });
    },
    close: () => transport.close(),
  };
}

function webhookSender(url: string, timeoutMs: number): Sender {
  return async (notice, payload) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': asciiHeader(notice.causeKey) },
      body: JSON.stringify({
        causeKey: notice.causeKey,
        template: notice.template,
        eventNumber: notice.eventNumber,
        recipient: notice.recipient,
        to: payload.to,
        toName: payload.toName,
        subject: payload.subject,
        text: payload.text,
        html: payload.html,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = (await res.text().catch(() => '')).slice(0, 200);
    if (!res.ok) throw new DeliveryError(`webhook answered HTTP ${res.status}`, answer || undefined);
  };
}

export function createNoticeDelivery(options: NoticeDeliveryOptions): NoticeDelivery {
  const { db, logger } = options;
  const notify = options.config.notify;
  const claimant = options.claimant ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const now = options.now ?? (() => new Date());
  const backoffBaseMs = options.backoffBaseMs ?? 30_000;
  const batchSize = options.batchSize ?? 20;
  const claimTimeoutMs = options.claimTimeoutMs ?? 10 * 60_000;
  const outbox = createOutbox(db);

  const email = notify.smtpUrl ? emailSender(notify.smtpUrl, notify.from) : null;
  const senders: Partial<Record<Channel, Sender>> = {};
  if (email) senders.email = email.send;
  if (notify.webhookUrl) senders.webhook = webhookSender(notify.webhookUrl, options.webhookTimeoutMs ?? 10_000);
  const channels = Object.keys(senders) as Channel[];

  let warned = false;
  const warnUnconfigured = () => {
    if (warned) return;
    warned = true;
    if (!email) logger.warn('SMTP_URL is not set: e-mail notices stay pending in the outbox');
    if (!notify.webhookUrl) logger.warn('NOTIFY_WEBHOOK_URL is not set: SMS/webhook notices stay pending in the outbox');
  };

  async function deliver(id: number, result: DeliveryResult): Promise<void> {
    const notice = await outbox.claim(id, claimant, now());
    if (!notice) return; // another loop was first
    const ctx = { noticeId: notice.id, template: notice.template, eventNumber: notice.eventNumber, recipient: notice.recipient, channel: notice.channel };
    try {
      const send = senders[notice.channel];
      if (!send) throw new Error(`no sender for channel ${notice.channel}`);
      await send(notice, parsePayload(notice));
    } catch (err) {
      const message = describeError(err);
      const detail = err instanceof DeliveryError && err.detail ? `${message}: ${err.detail}` : message;
      const attempts = notice.attempts + 1;
      const retryAt = attempts >= notify.maxAttempts ? null : new Date(now().getTime() + backoffDelay(attempts, backoffBaseMs));
      await outbox.markAttemptFailed(notice.id, claimant, detail, retryAt);
      if (retryAt) {
        result.retried += 1;
        logger.warn('notice delivery failed, will retry', { ...ctx, attempts, retryAt: retryAt.toISOString(), error: message.slice(0, 200) });
      } else {
        result.failed += 1;
        logger.error('notice delivery failed for good', { ...ctx, attempts, error: message.slice(0, 200) });
      }
      return;
    }
    await outbox.markSent(notice.id, claimant, now());
    result.sent += 1;
    logger.info('notice sent', ctx);
  }

  async function runOnce(): Promise<DeliveryResult> {
    warnUnconfigured();
    const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
    const released = await outbox.releaseStaleClaims(new Date(now().getTime() - claimTimeoutMs));
    if (released > 0) logger.warn('released stale notice claims', { count: released });
    const ids = await outbox.findDue(channels, now(), batchSize);
    for (const id of ids) await deliver(id, result);
    return result;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  const tick = () => {
    running = runOnce()
      .catch((err: unknown) => logger.error('notice delivery run failed', { error: describeError(err) }))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, notify.intervalMs);
      });
  };

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      email?.close();
    },
  };
}
