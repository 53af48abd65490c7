import type { DataSource } from 'typeorm';
import { NoticeEntity, type Notice } from '../db/entities/index.js';
import type { Channel } from './recipients.js';

/**
 * The outbox table (`notice`): every notice is written here first and delivered later.
 * Writing is idempotent by cause key (INSERT … OR IGNORE): a redelivered task writes nothing new.
 * Delivery claims a row with a conditional UPDATE (pending → sending) and only the loop whose
 * UPDATE changed the row sends it, so two worker replicas never send the same notice.
 */

/** What delivery needs, stored as JSON in `payload`. `to` (an e-mail address or phone) is never logged. */
export interface NoticePayload {
  to: string | null;
  toName: string;
  subject: string;
  text: string;
  html: string;
}

export interface NewNotice {
  causeKey: string;
  template: string;
  channel: Channel;
  /** Recipient id (`reporter`, `unit:<id>`, `liaison:<id>`), not the address. */
  recipient: string;
  eventNumber: string | null;
  payload: NoticePayload;
}

export const CAUSE_KEY_MAX = 191;

export async function enqueueNotices(db: DataSource, notices: NewNotice[]): Promise<void> {
  if (notices.length === 0) return;
  for (const n of notices) {
    if (n.causeKey.length > CAUSE_KEY_MAX) throw new Error(`cause key longer than ${CAUSE_KEY_MAX}: ${n.causeKey}`);
  }
  await db
    .createQueryBuilder()
    .insert()
    .into(NoticeEntity)
    .values(
      notices.map((n) => ({
        causeKey: n.causeKey,
        template: n.template,
        channel: n.channel,
        recipient: n.recipient,
        eventNumber: n.eventNumber,
        payload: JSON.stringify(n.payload),
        // No address: nothing to deliver; the row stays as the record that the notice was due.
        status: n.channel === 'none' ? ('skipped' as const) : ('pending' as const),
        attempts: 0,
        nextAttemptAt: null,
      })),
    )
    .orIgnore()
    // Do not read generated values back: after an ignored row MySQL reports no insert id.
    .updateEntity(false)
    .execute();
}

export function parsePayload(notice: Pick<Notice, 'payload'>): NoticePayload {
  return JSON.parse(notice.payload) as NoticePayload;
}

export interface Outbox {
  /** Rows another loop claimed but never finished (it crashed): back to pending, counted as an attempt. */
  releaseStaleClaims(olderThan: Date): Promise<number>;
  /** Ids of pending rows due now on the given channels, oldest first. */
  findDue(channels: Channel[], now: Date, limit: number): Promise<number[]>;
  /** Claims one row for `claimant`; the claimed row, or null when another loop was first. */
  claim(id: number, claimant: string, now: Date): Promise<Notice | null>;
  markSent(id: number, claimant: string, now: Date): Promise<void>;
  /** One failed attempt: `retryAt` schedules the next, null marks the row failed for good. */
  markAttemptFailed(id: number, claimant: string, error: string, retryAt: Date | null): Promise<void>;
}

export function createOutbox(db: DataSource): Outbox {
  const repo = () => db.getRepository(NoticeEntity);
  const update = () => db.createQueryBuilder().update(NoticeEntity);
  return {
    async releaseStaleClaims(olderThan) {
      const result = await update()
        .set({
          status: 'pending',
          claimedBy: null,
          claimedAt: null,
          attempts: () => 'attempts + 1',
          lastError: 'claim expired before delivery finished (worker stopped?)',
        })
        .where('status = :sending AND claimed_at < :olderThan', { sending: 'sending', olderThan })
        .execute();
      return result.affected ?? 0;
    },

    async findDue(channels, now, limit) {
      if (channels.length === 0) return [];
      const rows = await repo()
        .createQueryBuilder('n')
        .select('n.id', 'id')
        .where('n.status = :pending', { pending: 'pending' })
        .andWhere('n.channel IN (:...channels)', { channels })
        .andWhere('(n.next_attempt_at IS NULL OR n.next_attempt_at <= :now)', { now })
        .orderBy('n.id', 'ASC')
        .limit(limit)
        .getRawMany<{ id: number | string }>();
      return rows.map((r) => Number(r.id));
    },

    async claim(id, claimant, now) {
      const result = await update()
        .set({ status: 'sending', claimedBy: claimant, claimedAt: now })
        .where('id = :id AND status = :pending', { id, pending: 'pending' })
        .execute();
      if (result.affected !== 1) return null;
      return repo().findOneBy({ id });
    },

    async markSent(id, claimant, now) {
      await update()
        .set({ status: 'sent', sentAt: now, attempts: () => 'attempts + 1', lastError: null, claimedBy: null, claimedAt: null, nextAttemptAt: null })
        .where('id = :id AND claimed_by = :claimant', { id, claimant })
        .execute();
    },

    async markAttemptFailed(id, claimant, error, retryAt) {
      await update()
        .set({
          status: retryAt ? 'pending' : 'failed',
          attempts: () => 'attempts + 1',
          lastError: error.slice(0, 2000),
          nextAttemptAt: retryAt,
          claimedBy: null,
          claimedAt: null,
        })
        .where('id = :id AND claimed_by = :claimant', { id, claimant })
        .execute();
    },
  };
}
