import { loadWorkingCalendar } from '../../src/calendar/calendar-store.js';
import { parseInstant } from '../../src/calendar/civil-date.js';
import { toIsoWithOffset } from '../../src/calendar/index.js';
import { loadConfig } from '../../src/config.js';
import { SupervisionMeetingEntity } from '../../src/db/entities/index.js';
import { monthlyMeetingTimes } from '../../src/supervision/meeting-schedule.js';
import { needsConfirmation, proposalVariables } from '../../src/supervision/meeting-proposal.js';
import { meetingName } from '../../src/supervision/meetings.js';
import { optInt, optText } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-3: opens a supervision meeting. Started by the monthly timer (level 2, on the configured day
 * `SUPERVISION_MEETING_DAY`, the agenda closing two working days before), or ad hoc by the
 * conveners (level 2) or the district leader (level 1) with a time and place of their own, the
 * agenda closing at once. Idempotent: one meeting row per process instance.
 */
export const supervisionMeetingSchedule: TopicDefinition = {
  topic: 'supervision-meeting-schedule',
  label: '安排督办联席会议',
  description: '登记会议（每月例会按配置日期，或临时召集），确定会议时间与议程截止时间',
  variables: ['meetingLevel', 'meetingKind', 'meetingAt', 'place', 'requestedItems', 'convenedBy', 'proposedBy'],
  async handle(task, { db }) {
    const v = task.variables;
    const meetings = db.getRepository(SupervisionMeetingEntity);
    let meeting = await meetings.findOneBy({ processInstanceId: task.processInstanceId });
    if (!meeting) {
      const kind = optText(v, 'meetingKind') === 'ad-hoc' ? 'ad-hoc' : 'monthly';
      const level = kind === 'monthly' ? 2 : (optInt(v, 'meetingLevel') ?? 2);
      if (level !== 1 && level !== 2) throw new Error(`meetingLevel must be 1 or 2, not ${level}`);
      const now = new Date();
      let meetingAt: Date;
      let agendaAt: Date;
      if (kind === 'monthly') {
        ({ meetingAt, agendaAt } = monthlyMeetingTimes(now, loadConfig().supervision.meetingDay, await loadWorkingCalendar(db)));
      } else {
        const given = optText(v, 'meetingAt');
        meetingAt = given ? parseInstant(given) : now;
        agendaAt = now;
      }
      await meetings
        .createQueryBuilder()
        .insert()
        .values({
          processInstanceId: task.processInstanceId,
          level,
          kind,
          // S0-3: an ad hoc level-2 meeting is only proposed until the other two convening units confirm.
          status: needsConfirmation(kind, level) ? 'proposed' : 'planned',
          proposedBy: needsConfirmation(kind, level) ? (optText(v, 'proposedBy') ?? null) : null,
          meetingAt,
          agendaAt,
          place: optText(v, 'place') ?? (level === 1 ? '区政府会议室' : '区委会议室'),
          convenedBy: optText(v, 'convenedBy') ?? null,
          requestedItems: optText(v, 'requestedItems') ?? null,
        })
        .orIgnore()
        // A row ignored as a duplicate has no id to reload defaults by (MySQL): do not reload.
        .updateEntity(false)
        .execute();
      meeting = await meetings.findOneByOrFail({ processInstanceId: task.processInstanceId });
    }
    const agendaAt = meeting.agendaAt ?? new Date();
    return {
      meetingId: meeting.id,
      meetingLevel: meeting.level,
      meetingKind: meeting.kind,
      meetingName: meetingName(meeting),
      meetingAt: toIsoWithOffset(meeting.meetingAt),
      agendaAt: toIsoWithOffset(agendaAt),
      // A timer is worth waiting for only when the agenda closes in the future.
      waitForAgenda: agendaAt.getTime() > Date.now() + 60_000,
      needsConfirmation: needsConfirmation(meeting.kind, meeting.level),
      ...(needsConfirmation(meeting.kind, meeting.level) ? await proposalVariables(db, meeting) : {}),
    };
  },
};
