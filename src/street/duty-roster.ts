import type { DataSource, EntityManager } from 'typeorm';
import { toShanghaiDate, type WorkingCalendar } from '../calendar/index.js';
import { recordAudit } from '../audit/audit.js';
import { DutyRosterEntryEntity, type DutyRosterEntry } from '../db/entities/index.js';
import { DomainError, ValidationError } from '../errors.js';
import { findUnit, minutesOf, unitName, type OrgChart, type Unit } from '../identity/org-chart.js';

/**
 * The duty roster (值班表) of the units stationed at a street's command room (S2-1, seed 002 一、人员进驻):
 * 城管 and 市场监管 keep at least two people there every working day 08:00–17:00, at least one of them
 * with an enforcement qualification; the police station is stationed as well; the justice office
 * is on duty online. The minimums are the org chart's `stationed` block of each unit.
 *
 * The sub-centre sets a unit's roster for a working day (the whole day at once); a roster below
 * the minimum is refused with the reason. A person who falls ill later is marked absent: the roster
 * stays and is flagged when it drops below the minimum. At dispatch (`dutyAt`) the first present
 * person of the day's roster is the one on duty.
 */
export interface RosterPersonView {
  userId: string;
  name: string;
  enforcement: boolean;
  absent: boolean;
  absenceReason: string | null;
}

export interface RosterView {
  unitId: string;
  unitName: string;
  date: string;
  mode: 'in-person' | 'online';
  persons: RosterPersonView[];
  /** Present persons. */
  onDuty: number;
  /** Below the minimum now (after absences): flagged for the sub-centre. */
  belowMinimum: boolean;
  problems: string[];
}

/** The unit if it is stationed at a command room; otherwise a 400 naming `unitId`. */
export function stationedUnit(chart: OrgChart, unitId: string): Unit & { stationed: NonNullable<Unit['stationed']> } {
  const unit = findUnit(chart, unitId);
  const names = chart.units.filter((u) => u.stationed).map((u) => `${u.name}（${u.id}）`);
  if (!unit?.stationed) {
    const what = unit ? `${unit.name}不是进驻街道综合信息指挥室的单位，无需排班` : `未知的单位：${unitId}`;
    throw new ValidationError([{ field: 'unitId', message: `${what}（进驻单位：${names.join('、')}）` }]);
  }
  return unit as Unit & { stationed: NonNullable<Unit['stationed']> };
}

/** What a roster of these present persons lacks against the unit's minimums (S2-1); [] when it meets them. */
export function rosterProblems(unit: Unit, present: ReadonlyArray<{ enforcement: boolean }>): string[] {
  const rule = unit.stationed;
  if (!rule) return [];
  const problems: string[] = [];
  const where = rule.mode === 'online' ? '在平台在线值班' : '进驻街道综合信息指挥室';
  if (present.length < rule.minOnDuty) problems.push(`${unit.name}每个工作日须有${rule.minOnDuty}人以上${where}，现仅${present.length}人`);
  const qualified = present.filter((p) => p.enforcement).length;
  if (qualified < rule.minEnforcement) problems.push(`${unit.name}值班人员中须有${rule.minEnforcement}名以上具有执法资格，现有${qualified}名`);
  return problems;
}

function view(chart: OrgChart, unit: Unit, date: string, rows: DutyRosterEntry[]): RosterView {
  const persons = [...rows]
    .sort((a, b) => a.position - b.position)
    .map((r) => ({ userId: r.userId, name: r.personName, enforcement: r.enforcement, absent: r.absentAt !== null, absenceReason: r.absenceReason }));
  const present = persons.filter((p) => !p.absent);
  const problems = rosterProblems(unit, present);
  return {
    unitId: unit.id,
    unitName: unitName(chart, unit.id),
    date,
    mode: unit.stationed!.mode,
    persons,
    onDuty: present.length,
    belowMinimum: problems.length > 0,
    problems,
  };
}

export async function rosterOf(db: DataSource, chart: OrgChart, unitId: string, date: string): Promise<RosterView> {
  const unit = stationedUnit(chart, unitId);
  const rows = await db.getRepository(DutyRosterEntryEntity).findBy({ unitId, dutyDate: date });
  return view(chart, unit, date, rows);
}

/** Every stationed unit's roster for each working day of [from, to] (a day without a roster is listed, flagged). */
export async function listRosters(db: DataSource, chart: OrgChart, calendar: WorkingCalendar, range: { from: string; to: string; unitId?: string }): Promise<RosterView[]> {
  const units = range.unitId ? [stationedUnit(chart, range.unitId)] : chart.units.filter((u) => u.stationed);
  const rows = await db
    .getRepository(DutyRosterEntryEntity)
    .createQueryBuilder('r')
    .where('r.dutyDate >= :from AND r.dutyDate <= :to', { from: range.from, to: range.to })
    .getMany();
  const views: RosterView[] = [];
  for (let day = new Date(`${range.from}T00:00:00Z`); day <= new Date(`${range.to}T00:00:00Z`); day = new Date(day.getTime() + 86_400_000)) {
    const date = day.toISOString().slice(0, 10);
    if (!calendar.isWorkingDay(date)) continue;
    for (const unit of units) views.push(view(chart, unit, date, rows.filter((r) => r.unitId === unit.id && r.dutyDate === date)));
  }
  return views;
}

/**
 * Sets a unit's roster for one working day (replaces it), refusing: a unit not stationed (400
 * `unitId`), a day that is not a working day (400 `date`), a person not of the unit or named twice
 * (400 `persons.N.userId`), a roster below the minimum (422 `ROSTER_BELOW_MINIMUM`, the reasons).
 */
export async function setRoster(
  db: DataSource,
  chart: OrgChart,
  calendar: WorkingCalendar,
  input: { unitId: string; date: string; userIds: string[] },
  by: string,
  now: Date,
): Promise<RosterView> {
  const unit = stationedUnit(chart, input.unitId);
  if (!calendar.isWorkingDay(input.date)) {
    throw new ValidationError([{ field: 'date', message: `${input.date}不是工作日：进驻人员按工作日值班（S2-1），非工作日的派单发给单位并通知联络员` }]);
  }
  const seen = new Set<string>();
  const persons = input.userIds.map((userId, i) => {
    const person = unit.persons.find((p) => p.id === userId && p.role === 'stationed-staff');
    if (!person) {
      const staff = unit.persons.filter((p) => p.role === 'stationed-staff').map((p) => `${p.name}（${p.id}）`);
      throw new ValidationError([{ field: `persons.${i}.userId`, message: `${userId}不是${unit.name}的进驻人员（可选：${staff.join('、')}）` }]);
    }
    if (seen.has(userId)) throw new ValidationError([{ field: `persons.${i}.userId`, message: `${person.name}重复排班` }]);
    seen.add(userId);
    return person;
  });
  const problems = rosterProblems(unit, persons);
  if (problems.length > 0) {
    throw new DomainError('ROSTER_BELOW_MINIMUM', 422, `排班不符合进驻要求（S2-1）：${problems.join('；')}`, { field: 'persons', detail: problems });
  }
  await replaceDay(db, async (m) => {
    const repo = m.getRepository(DutyRosterEntryEntity);
    await repo.delete({ unitId: unit.id, dutyDate: input.date });
    await repo.insert(
      persons.map((p, position) => ({
        unitId: unit.id,
        dutyDate: input.date,
        userId: p.id,
        personName: p.name,
        enforcement: p.enforcement,
        position,
        absentAt: null,
        absenceReason: null,
        updatedBy: by,
        updatedAt: now,
      })),
    );
    await recordAudit(m, { actor: by, action: 'duty-roster.set', source: 'api', subject: `${unit.id}/${input.date}`, detail: { persons: persons.map((p) => p.id) }, at: now });
  });
  return rosterOf(db, chart, unit.id, input.date);
}

/** Two sub-centre operators saving the same day at once: one wins, the other is asked to retry (409), never a 500. */
async function replaceDay(db: DataSource, work: (m: EntityManager) => Promise<void>): Promise<void> {
  try {
    await db.transaction(work);
  } catch (err) {
    const driverError = (err as { driverError?: { code?: string; errno?: number } }).driverError;
    const code = driverError?.code ?? (err as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'ER_DUP_ENTRY' || driverError?.errno === 1062) {
      throw new DomainError('ROSTER_CONFLICT', 409, '该值班表正在被他人同时修改，请刷新后重试');
    }
    throw err;
  }
}

/** A person on the day's roster falls ill (or is otherwise absent): kept, marked, and the roster flagged if now below the minimum. */
export async function markAbsent(
  db: DataSource,
  chart: OrgChart,
  input: { unitId: string; date: string; userId: string; reason: string },
  by: string,
  now: Date,
): Promise<RosterView> {
  const unit = stationedUnit(chart, input.unitId);
  const repo = db.getRepository(DutyRosterEntryEntity);
  const row = await repo.findOneBy({ unitId: unit.id, dutyDate: input.date, userId: input.userId });
  if (!row) throw new ValidationError([{ field: 'userId', message: `${input.userId}不在${unit.name}${input.date}的值班表上` }]);
  if (!row.absentAt) {
    await db.transaction(async (m) => {
      await m.getRepository(DutyRosterEntryEntity).update({ id: row.id }, { absentAt: now, absenceReason: input.reason, updatedBy: by, updatedAt: now });
      // The reason stays in the roster, not in the audit trail (it may concern the person's health).
      await recordAudit(m, { actor: by, action: 'duty-roster.absence', source: 'api', subject: `${unit.id}/${input.date}`, detail: { person: row.userId }, at: now });
    });
  }
  return rosterOf(db, chart, unit.id, input.date);
}

export type DutyMode = 'on-duty' | 'after-hours' | 'nobody-on-duty' | 'not-stationed';

export interface DutyAt {
  mode: DutyMode;
  /** The person on duty (mode `on-duty`). */
  userId?: string;
}

/** Whether `now` lies in the unit's duty hours (working day, Shanghai time). */
export function inDutyHours(unit: Unit, calendar: WorkingCalendar, now: Date): boolean {
  if (!unit.stationed) return false;
  if (!calendar.isWorkingDay(toShanghaiDate(now))) return false;
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  const minute = shanghai.getUTCHours() * 60 + shanghai.getUTCMinutes();
  return minute >= minutesOf(unit.stationed.hours.from) && minute < minutesOf(unit.stationed.hours.to);
}

/**
 * Who takes a dispatch to `unitId` at `now` (S2-1): during duty hours the first present person of
 * the day's roster; outside them, on a non-working day, or with nobody on duty, the unit's group
 * alone (the caller then tells the unit's liaison).
 */
export async function dutyAt(db: DataSource, chart: OrgChart, calendar: WorkingCalendar, unitId: string, now: Date): Promise<DutyAt> {
  const unit = findUnit(chart, unitId);
  if (!unit?.stationed) return { mode: 'not-stationed' };
  if (!inDutyHours(unit, calendar, now)) return { mode: 'after-hours' };
  const rows = await db.getRepository(DutyRosterEntryEntity).find({ where: { unitId, dutyDate: toShanghaiDate(now) }, order: { position: 'ASC' } });
  const person = rows.find((r) => r.absentAt === null);
  return person ? { mode: 'on-duty', userId: person.userId } : { mode: 'nobody-on-duty' };
}
