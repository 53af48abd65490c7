import { parseInstant } from '../calendar/civil-date.js';
import { toShanghaiDate, type WorkingCalendar } from '../calendar/index.js';

/**
 * When the monthly level-2 meeting sits (S0-3: "原则上每个月至少召开一次"). The meeting process's
 * timer starts on the 1st of each month; this picks the configured day of that month
 * (`SUPERVISION_MEETING_DAY`), moved to the next working day if it is not one, at 09:30 Beijing
 * time. The agenda closes and the parties are notified `AGENDA_NOTICE_WORKING_DAYS` working days
 * earlier, at 09:00. If the configured day has already passed this month, next month's is taken.
 */
export const MEETING_TIME = '09:30:00';
export const AGENDA_TIME = '09:00:00';
export const AGENDA_NOTICE_WORKING_DAYS = 2;

function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function dayOfMonth(year: number, month: number, day: number): string {
  // month is 1-based; a day beyond the month's end falls on its last day.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

export interface MeetingTimes {
  meetingAt: Date;
  agendaAt: Date;
}

export function monthlyMeetingTimes(now: Date, meetingDay: number, calendar: WorkingCalendar, noticeDays = AGENDA_NOTICE_WORKING_DAYS): MeetingTimes {
  const today = toShanghaiDate(now);
  const [y, m] = today.split('-').map(Number);
  const nextWorking = (date: string) => {
    let d = date;
    while (!calendar.isWorkingDay(d)) d = shiftDay(d, 1);
    return d;
  };
  let meetingDate = nextWorking(dayOfMonth(y, m, meetingDay));
  if (meetingDate < today) meetingDate = nextWorking(m === 12 ? dayOfMonth(y + 1, 1, meetingDay) : dayOfMonth(y, m + 1, meetingDay));

  let agendaDate = meetingDate;
  for (let counted = 0; counted < noticeDays; ) {
    agendaDate = shiftDay(agendaDate, -1);
    if (calendar.isWorkingDay(agendaDate)) counted += 1;
  }
  const meetingAt = parseInstant(`${meetingDate}T${MEETING_TIME}`);
  const agendaAt = parseInstant(`${agendaDate}T${AGENDA_TIME}`);
  return { meetingAt, agendaAt: agendaAt.getTime() < now.getTime() ? now : agendaAt };
}
