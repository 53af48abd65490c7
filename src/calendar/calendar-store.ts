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
