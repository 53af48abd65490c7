import { IsNull, type DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.js';
import { CalendarDayEntity } from '../db/entities/index.js';
import { loadWorkingCalendar } from './calendar-store.js';
import { checkArrangementCoversStatutory } from './statutory.js';
import { createWorkingCalendar, type DayEntry } from './working-calendar.js';

/**
 * Administrators' edits of the calendar: local overrides of single days, and a year's official
 * arrangement entered when the State Council publishes it. Each edit is validated by building a
 * calendar with it before anything is written (bad data → CalendarError, nothing stored). Each
 * change is written to the audit trail in the same transaction.
 */
export async function setOverride(db: DataSource, entry: DayEntry, user: string): Promise<void> {
  createWorkingCalendar({ overrides: [entry] });
  await db.transaction(async (tx) => {
    const repo = tx.getRepository(CalendarDayEntity);
    await repo.delete({ date: entry.date });
    await repo.insert({ date: entry.date, working: entry.working, name: entry.name ?? null, officialYear: null, updatedBy: user });
    await recordAudit(tx, { actor: user, action: 'calendar.override.set', source: 'api', subject: entry.date, detail: { working: entry.working, name: entry.name ?? null } });
  });
}

export async function removeOverride(db: DataSource, date: string, user: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const result = await tx.getRepository(CalendarDayEntity).delete({ date, officialYear: IsNull() });
    const removed = (result.affected ?? 0) > 0;
    if (removed) await recordAudit(tx, { actor: user, action: 'calendar.override.removed', source: 'api', subject: date });
    return removed;
  });
}

/**
 * Replaces a year's entered official arrangement as a whole (one transaction). An arrangement that
 * leaves out a statutory holiday of the year is refused (checkArrangementCoversStatutory).
 */
export async function setOfficialYear(db: DataSource, year: number, days: DayEntry[], user: string): Promise<void> {
  createWorkingCalendar({ officialYears: [{ year, days }] });
  checkArrangementCoversStatutory(year, days);
  await db.transaction(async (tx) => {
    const repo = tx.getRepository(CalendarDayEntity);
    await repo.delete({ officialYear: year });
    const dates = days.map((d) => d.date);
    if (dates.length > 0) {
      const clashes = await repo.createQueryBuilder('d').where('d.date IN (:...dates)', { dates }).getMany();
      if (clashes.length > 0) await repo.delete(clashes.map((c) => c.id));
    }
    if (days.length > 0) {
      await repo.insert(days.map((d) => ({ date: d.date, working: d.working, name: d.name ?? null, officialYear: year, updatedBy: user })));
    }
    await recordAudit(tx, { actor: user, action: 'calendar.official-year.set', source: 'api', subject: String(year), detail: { days: days.length, daysOff: days.filter((d) => !d.working).length } });
  });
}

export async function calendarDays(db: DataSource, from: string, to: string) {
  const calendar = await loadWorkingCalendar(db);
  const out = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(calendar.dayInfo(d.toISOString().slice(0, 10)));
  }
  return out;
}
