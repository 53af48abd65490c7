import type { DataSource } from 'typeorm';
import { fileHashes, listAudit, recordAudit, sha256 } from '../../../src/audit/audit.js';
import { removeOverride, setOfficialYear, setOverride } from '../../../src/calendar/calendar-admin.js';
import { memoryDatabase } from '../handling/support.js';

/** Issue 13 point 4: an append-only audit trail of model, calendar and authorization changes. */
describe('the audit trail', () => {
  let db: DataSource;
  beforeEach(async () => {
    db = await memoryDatabase();
  });
  afterEach(async () => {
    await db.destroy();
  });

  test('is append-only: the database refuses to change or delete an entry', async () => {
    await recordAudit(db, { actor: 'demo-process-admin', action: 'deployment', source: 'modeler', subject: 'dep-1', detail: { files: fileHashes([{ name: 'a.bpmn', content: 'x' }]) } });
    await expect(db.query("UPDATE audit_entry SET actor = 'someone-else'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
    const { items } = await listAudit(db, { page: 1, pageSize: 10 });
    expect(items).toEqual([
      expect.objectContaining({ actor: 'demo-process-admin', action: 'deployment', source: 'modeler', subject: 'dep-1', detail: { files: [{ name: 'a.bpmn', sha256: sha256('x') }] } }),
    ]);
    // SHA-256 of "x", worked out independently (sha256sum).
    expect(sha256('x')).toBe('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
  });

  test('every calendar change is recorded with who made it, in the same transaction as the change', async () => {
    await setOverride(db, { date: '2026-12-24', working: false, name: '调休' }, 'demo-process-admin');
    await removeOverride(db, '2026-12-24', 'demo-process-admin');
    expect(await removeOverride(db, '2026-12-25', 'demo-process-admin')).toBe(false);
    await expect(setOfficialYear(db, 2027, [{ date: '2027-01-01', working: false }], 'demo-process-admin')).rejects.toThrow();
    const { items, total } = await listAudit(db, { action: 'calendar.', page: 1, pageSize: 10 });
    // Newest first; nothing for the no-op removal or the refused arrangement.
    expect(total).toBe(2);
    expect(items.map((i) => [i.action, i.subject, i.actor])).toEqual([
      ['calendar.override.removed', '2026-12-24', 'demo-process-admin'],
      ['calendar.override.set', '2026-12-24', 'demo-process-admin'],
    ]);
    expect(items[1].detail).toEqual({ working: false, name: '调休' });
  });

  test('the list filters by action, actor and time and pages newest first', async () => {
    for (const [i, actor] of ['a', 'b', 'a'].entries()) {
      await recordAudit(db, { actor, action: 'authorization.changed', source: 'start-up', subject: `g${i}`, at: new Date(`2026-11-0${i + 1}T00:00:00Z`) });
    }
    expect((await listAudit(db, { actor: 'a', page: 1, pageSize: 10 })).items.map((i) => i.subject)).toEqual(['g2', 'g0']);
    expect((await listAudit(db, { from: new Date('2026-11-02T00:00:00Z'), page: 1, pageSize: 10 })).items.map((i) => i.subject)).toEqual(['g2', 'g1']);
    expect((await listAudit(db, { action: 'deployment', page: 1, pageSize: 10 })).total).toBe(0);
    const page2 = await listAudit(db, { page: 2, pageSize: 2 });
    expect([page2.total, page2.items.map((i) => i.subject)]).toEqual([3, ['g0']]);
  });
});
