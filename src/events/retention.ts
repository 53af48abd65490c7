import { In, IsNull, LessThan, Not, type DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.js';
import { EventEntity, NoticeEntity } from '../db/entities/index.js';
import type { Logger } from '../logger.js';
import { inTurn } from './write-lock.js';

/**
 * Retention of reporters' personal data: `REPORTER_RETENTION_MONTHS` after an event was closed
 * (closed, rejected or merged: `closed_at` is set), its reporter's name and phone are erased from
 * the event row, and the phone from the reporter's delivered notices in the outbox. The event
 * itself, its ledger and its history stay (they never held them). Run by the API every
 * `RETENTION_INTERVAL_MS` (src/main.ts); idempotent, so several API instances may run it at once.
 */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

export async function eraseExpiredReporterData(db: DataSource, now: Date, months: number): Promise<{ events: number; notices: number }> {
  const cutoff = retentionCutoff(now, months);
  const events = db.getRepository(EventEntity);
  const expired = await events.find({
    select: { id: true, number: true },
    where: [
      { closedAt: LessThan(cutoff), reporterName: Not(IsNull()) },
      { closedAt: LessThan(cutoff), reporterPhone: Not(IsNull()) },
    ],
  });
  if (expired.length === 0) return { events: 0, notices: 0 };
  const ids = expired.map((e) => e.id);
  const numbers = expired.map((e) => e.number).filter((n): n is string => Boolean(n));
  await inTurn(db, () => events.update({ id: In(ids) }, { reporterName: null, reporterPhone: null }));

  // The reporter's notices keep their record (template, time, status) but lose the phone. A notice
  // still pending half a year after closing would only reach a number kept too long: it loses it too.
  let notices = 0;
  if (numbers.length > 0) {
    const outbox = db.getRepository(NoticeEntity);
    const rows = await outbox.find({ where: { recipient: 'reporter', eventNumber: In(numbers) } });
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      if (payload.to == null) continue;
      await inTurn(db, () => outbox.update({ id: row.id }, { payload: JSON.stringify({ ...payload, to: null }) }));
      notices += 1;
    }
  }
  await recordAudit(db, {
    actor: 'system',
    action: 'retention.reporter-data-erased',
    source: 'retention-job',
    detail: { events: expired.length, notices, closedBefore: cutoff.toISOString(), months },
    at: now,
  });
  return { events: expired.length, notices };
}

/** Runs the retention rule now and then every `intervalMs`; returns a stop function. */
export function startRetentionJob(db: DataSource, options: { months: number; intervalMs: number; logger: Logger; now?: () => Date }): () => void {
  const run = () =>
    eraseExpiredReporterData(db, (options.now ?? (() => new Date()))(), options.months).then(
      (r) => {
        if (r.events > 0) options.logger.info('reporter data erased after the retention period', { events: r.events, notices: r.notices, months: options.months });
      },
      (err: Error) => options.logger.error('retention job failed', { error: err.message }),
    );
  void run();
  const timer = setInterval(() => void run(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
