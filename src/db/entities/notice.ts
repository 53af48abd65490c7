import { EntitySchema } from 'typeorm';

/**
 * The notification outbox: every notice is written here first, keyed by its cause, so that a
 * notice is never produced twice for the same cause (workers are delivered a task at least once).
 * Delivery (e-mail, webhook) reads pending rows and records attempts.
 */
export interface Notice {
  id: number;
  /** e.g. `event-accepted:SJ-20261122-000001` — unique: the idempotency key. */
  causeKey: string;
  template: string;
  channel: 'email' | 'webhook' | 'none';
  recipient: string;
  eventNumber: string | null;
  payload: string;
  /** `sending` while one delivery loop holds the claim; `skipped` when the recipient has no address. */
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** Earliest time of the next delivery attempt (backoff); null = as soon as possible. */
  nextAttemptAt: Date | null;
  /** The delivery loop that claimed the row (status `sending`), and when. */
  claimedBy: string | null;
  claimedAt: Date | null;
}

export const NoticeEntity = new EntitySchema<Notice>({
  name: 'Notice',
  tableName: 'notice',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    causeKey: { name: 'cause_key', type: String, length: 191, unique: true },
    template: { type: String, length: 64 },
    channel: { type: String, length: 16 },
    recipient: { type: String, length: 255 },
    eventNumber: { name: 'event_number', type: String, length: 32, nullable: true },
    payload: { type: 'text' },
    status: { type: String, length: 16, default: 'pending' },
    attempts: { type: Number, default: 0 },
    lastError: { name: 'last_error', type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: Date, createDate: true },
    sentAt: { name: 'sent_at', type: Date, nullable: true },
    nextAttemptAt: { name: 'next_attempt_at', type: Date, nullable: true },
    claimedBy: { name: 'claimed_by', type: String, length: 128, nullable: true },
    claimedAt: { name: 'claimed_at', type: Date, nullable: true },
  },
  indices: [
    { name: 'idx_notice_status', columns: ['status'] },
    { name: 'idx_notice_due', columns: ['status', 'nextAttemptAt'] },
    { name: 'idx_notice_event', columns: ['eventNumber', 'createdAt'] },
  ],
});
