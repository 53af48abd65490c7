import type { DataSource } from 'typeorm';
import { listAudit } from '../../../src/audit/audit.js';
import { NoticeEntity } from '../../../src/db/entities/index.js';
import { eraseExpiredReporterData, retentionCutoff } from '../../../src/events/retention.js';
import { eventOf, memoryDatabase, seedEvent } from '../handling/support.js';

/** Issue 13 point 6: reporters' names and phones are erased N months after their event closed. */
describe('retention of reporters\' personal data', () => {
  let db: DataSource;
  beforeEach(async () => {
    db = await memoryDatabase();
  });
  afterEach(async () => {
    await db.destroy();
  });

  test('the cutoff is N calendar months before now', () => {
    expect(retentionCutoff(new Date('2026-11-30T08:00:00Z'), 6).toISOString()).toBe('2026-05-30T08:00:00.000Z');
  });

  test('events closed longer than 6 months lose name and phone (event and reporter notices); newer and open ones keep them', async () => {
    const old = await seedEvent(db, { status: 'closed', closedAt: new Date('2026-05-01T00:00:00Z'), reporterName: '张三', reporterPhone: '13912345678' });
    const recent = await seedEvent(db, { status: 'closed', closedAt: new Date('2026-07-01T00:00:00Z'), reporterName: '李四', reporterPhone: '13700000000' });
    const open = await seedEvent(db, { status: 'handling', reporterName: '王五', reporterPhone: '13600000000' });
    const notices = db.getRepository(NoticeEntity);
    const notice = (recipient: string, to: string, status: 'sent' | 'pending') => ({
      causeKey: `event-closed:${old.number}:${recipient}`,
      template: 'event-closed',
      channel: 'webhook' as const,
      recipient,
      eventNumber: old.number,
      payload: JSON.stringify({ to, toName: '您', subject: '已办结', text: '您反映的问题已办结' }),
      status,
      attempts: 1,
    });
    await notices.insert([notice('reporter', '13912345678', 'sent'), notice('unit:urban-management', 'um@example.invalid', 'sent')]);

    const result = await eraseExpiredReporterData(db, new Date('2026-11-30T08:00:00Z'), 6);
    expect(result).toEqual({ events: 1, notices: 1 });
    expect(await eventOf(db, old.number as string)).toMatchObject({ reporterName: null, reporterPhone: null, status: 'closed' });
    expect(await eventOf(db, recent.number as string)).toMatchObject({ reporterName: '李四', reporterPhone: '13700000000' });
    expect(await eventOf(db, open.number as string)).toMatchObject({ reporterName: '王五', reporterPhone: '13600000000' });
    const rows = await notices.find({ order: { id: 'ASC' } });
    expect(rows.map((r) => (JSON.parse(r.payload) as { to: string | null }).to)).toEqual([null, 'um@example.invalid']);
    expect(JSON.stringify(rows)).not.toContain('13912345678');

    // Idempotent: a second run (or another API instance) finds nothing; each erasing run is audited.
    expect(await eraseExpiredReporterData(db, new Date('2026-11-30T09:00:00Z'), 6)).toEqual({ events: 0, notices: 0 });
    const audit = await listAudit(db, { action: 'retention.reporter-data-erased', page: 1, pageSize: 10 });
    expect(audit.items.map((i) => i.detail)).toEqual([{ events: 1, notices: 1, closedBefore: '2026-05-30T08:00:00.000Z', months: 6 }]);
  });
});
