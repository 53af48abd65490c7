import { parseInstant } from '../../src/calendar/civil-date.js';
import { toIsoWithOffset } from '../../src/calendar/index.js';
import { monthlyMeetingTimes } from '../../src/supervision/meeting-schedule.js';
import { needsConfirmation, proposalVariables } from '../../src/supervision/meeting-proposal.js';
import { meetingName } from '../../src/supervision/meetings.js';
import { optInt, optText } from '../../src/supervision/variables.js';
import { openMeeting } from '../../src/supervision/workflow.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-3: opens a supervision meeting (`openMeeting`, src/supervision/workflow.ts). Started by the
 * monthly timer (level 2, on the configured day `SUPERVISION_MEETING_DAY`, the agenda closing two
 * working days before), or ad hoc — level 2 proposed by one convening unit (`proposed` until the
 * other two confirm, src/supervision/meeting-proposal.ts), level 1 by the district leader — with
 * a time and place of their own, the agenda closing at once. Idempotent: one meeting per process instance.
 */
export const supervisionMeetingSchedule: TopicDefinition = defineTopic('supervision-meeting-schedule', async (task, { db, context }) => {
  const v = task.variables;
  const now = new Date();
  const given = optText(v, 'meetingAt');
  const meeting = await openMeeting(
    db,
    {
      processInstanceId: task.processInstanceId,
      kind: optText(v, 'meetingKind') === 'ad-hoc' ? 'ad-hoc' : 'monthly',
      level: optInt(v, 'meetingLevel'),
      meetingAt: given ? parseInstant(given) : undefined,
      place: optText(v, 'place'),
      convenedBy: optText(v, 'convenedBy'),
      proposedBy: optText(v, 'proposedBy'),
      requestedItems: optText(v, 'requestedItems'),
    },
    async () => monthlyMeetingTimes(now, context.config.supervision.meetingDay, await context.calendar(db)),
    now,
  );
  const agendaAt = meeting.agendaAt ?? now;
  return {
    meetingId: meeting.id,
    meetingLevel: meeting.level,
    meetingKind: meeting.kind,
    meetingName: meetingName(meeting),
    meetingAt: toIsoWithOffset(meeting.meetingAt),
    agendaAt: toIsoWithOffset(agendaAt),
    // A timer is worth waiting for only when the agenda closes in the future.
    waitForAgenda: agendaAt.getTime() > now.getTime() + 60_000,
    // S0-3: an ad hoc level-2 meeting waits for the other two convening units to confirm.
    needsConfirmation: needsConfirmation(meeting.kind, meeting.level),
    ...(needsConfirmation(meeting.kind, meeting.level) ? await proposalVariables(db, context.orgChart, meeting) : {}),
  };
});
