import type { DataSource } from 'typeorm';
import { setOverride, removeOverride } from '../../../src/calendar/calendar-admin.js';
import { cachedCalendarLoader } from '../../../src/calendar/calendar-store.js';
import { CalendarDayEntity } from '../../../src/db/entities/index.js';
import { memoryDatabase } from '../handling/support.js';

/**
 * The workers' calendar (src/context.ts) is built again only when the calendar table changed
 * (issue 9), yet an administrator's edit must apply to the very next deadline (S2-5.1 working days).
 */
let db: DataSource;
beforeAll(async () => {
  db = await memoryDatabase();
});
afterAll(async () => {
  await db.destroy();
});

describe('S2-5.1 the cached working calendar', () => {
  test('is the same object while nothing changed, and follows every edit at once: override set, replaced, removed, rows deleted by hand', async () => {
    const calendar = cachedCalendarLoader();
    const day = '2026-12-02'; // a Wednesday
    const first = await calendar(db);
    expect(first.dayInfo(day).working).toBe(true);
    expect(await calendar(db)).toBe(first);

    await setOverride(db, { date: day, working: false, name: '区级停工日' }, 'admin');
    expect((await calendar(db)).dayInfo(day).working).toBe(false);
    // Replaced within the same second: delete + insert, same row count.
    await setOverride(db, { date: day, working: true, name: '恢复上班' }, 'admin');
    expect((await calendar(db)).dayInfo(day).working).toBe(true);
    await setOverride(db, { date: day, working: false, name: '区级停工日' }, 'admin');
    expect(await removeOverride(db, day, 'admin')).toBe(true);
    expect((await calendar(db)).dayInfo(day).working).toBe(true);

    await setOverride(db, { date: day, working: false, name: '区级停工日' }, 'admin');
    expect((await calendar(db)).dayInfo(day).working).toBe(false);
    await db.getRepository(CalendarDayEntity).delete({ date: day });
    expect((await calendar(db)).dayInfo(day).working).toBe(true);
  });
});
