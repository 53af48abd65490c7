import { In, IsNull, Not, type DataSource } from 'typeorm';
import { EventEntity, SupervisionMeetingEntity } from '../db/entities/index.js';
import type { EventStatus, MeetingStatus } from '../db/entities/index.js';
import { loadWorkingCalendar } from './calendar-store.js';
import type { CalendarStatus } from './working-calendar.js';

/** Events whose deadlines the platform still waits on. */
const FINISHED_EVENTS: EventStatus[] = ['closed', 'rejected', 'merged'];
const PLANNED_MEETINGS: MeetingStatus[] = ['planned', 'in-session'];

/**
 * The calendar status as `/health`, `GET /api/calendar/status` and `npm start` report it: whether
 * a deadline the platform computes reaches into a year without an official arrangement — the
 * 15-working-day horizon from `now`, the latest due date of an open event, and the date of the next
 * planned supervision meeting (see WorkingCalendar.status).
 */
export async function loadCalendarStatus(db: DataSource, now: Date = new Date()): Promise<CalendarStatus> {
  const calendar = await loadWorkingCalendar(db);
  const [event, meeting] = await Promise.all([
    db.getRepository(EventEntity).findOne({
      select: { id: true, dueAt: true },
      where: { status: Not(In(FINISHED_EVENTS)), dueAt: Not(IsNull()) },
      order: { dueAt: 'DESC' },
    }),
    db.getRepository(SupervisionMeetingEntity).findOne({
      select: { id: true, meetingAt: true },
      where: { status: In(PLANNED_MEETINGS) },
      order: { meetingAt: 'DESC' },
    }),
  ]);
  const deadlines = [event?.dueAt, meeting?.meetingAt].filter((d): d is Date => d instanceof Date);
  return calendar.status(now, { deadlines });
}

/** The calendar line of `npm start`'s output: the warning, or what is covered. */
export function describeCalendarStatus(status: CalendarStatus): string {
  if (status.warning) return `⚠ ${status.warning}`;
  return `official arrangements loaded for every deadline computed now (15 working days reach ${status.horizon})`;
}
