import type { DataSource } from 'typeorm';
import { CalendarDayEntity } from '../db/entities/index.js';
import { createWorkingCalendar, type DayEntry, type OfficialArrangement, type WorkingCalendar } from './working-calendar.js';

/**
 * Builds the working calendar from what administrators stored in the app database: local
 * overrides, and the official arrangements of years entered by hand. The table is small, so it is
 * read whenever a calendar is needed; edits take effect at once in the API and the workers.
 */
export async function loadWorkingCalendar(db: DataSource): Promise<WorkingCalendar> {
  const rows = await db.getRepository(CalendarDayEntity).find({ order: { date: 'ASC' } });
  const overrides: DayEntry[] = [];
  const official = new Map<number, DayEntry[]>();
  for (const row of rows) {
    const entry: DayEntry = { date: row.date, working: row.working, ...(row.name ? { name: row.name } : {}) };
    if (row.officialYear === null) overrides.push(entry);
    else official.set(row.officialYear, [...(official.get(row.officialYear) ?? []), entry]);
  }
  const officialYears: OfficialArrangement[] = [...official].map(([year, days]) => ({ year, days }));
  return createWorkingCalendar({ overrides, officialYears });
}

/**
 * `loadWorkingCalendar` for callers that need the calendar at every task (the workers' deadlines
 * and dispatches): the rows are read and the calendar built again only when the table changed. Each
 * call asks the database one small question — how many rows, the highest id, the latest edit —
 * instead of reading every row, so an administrator's edit (made through any API process, or
 * straight in the table) still applies to the very next task. Edits only insert and delete rows
 * (calendar-admin.ts), and a new row always gets a higher id, so a change always changes the answer
 * (a raw SQL UPDATE of a row in place is not seen: edit through the API).
 */
export function cachedCalendarLoader(): (db: DataSource) => Promise<WorkingCalendar> {
  const cache = new WeakMap<DataSource, { fingerprint: string; calendar: WorkingCalendar }>();
  return async (db) => {
    const raw = (await db
      .getRepository(CalendarDayEntity)
      .createQueryBuilder('d')
      .select('COUNT(*)', 'n')
      .addSelect('MAX(d.id)', 'maxId')
      .addSelect('MAX(d.updatedAt)', 'changed')
      .getRawOne()) as { n: unknown; maxId: unknown; changed: unknown } | undefined;
    const fingerprint = `${String(raw?.n)}|${String(raw?.maxId)}|${raw?.changed instanceof Date ? raw.changed.toISOString() : String(raw?.changed)}`;
    const hit = cache.get(db);
    if (hit && hit.fingerprint === fingerprint) return hit.calendar;
    const calendar = await loadWorkingCalendar(db);
    cache.set(db, { fingerprint, calendar });
    return calendar;
  };
}
