import { toIsoWithOffset } from '../../src/calendar/index.js';
import { DEFAULT_ATTENDEES, openStreetMeeting, recordStreetMinutes } from '../../src/street/meetings.js';
import { defineTopic, type TopicDefinition } from '../topic.js';
import { optionalString, requiredString } from '../task-variables.js';

/**
 * S2-A1: the street's collective consultation: register the meeting (monthly on the first working
 * day of the month, special now) and file its minutes. Domain: src/street/meetings.ts.
 */
export const streetMeetingSchedule: TopicDefinition = defineTopic('street-meeting-schedule', async (task, { db, context }) => {
  const meeting = await openStreetMeeting(
    db,
    await context.calendar(db),
    {
      processInstanceId: task.processInstanceId,
      street: optionalString(task, 'street') ?? '长河街道',
      kind: optionalString(task, 'meetingKind') === 'special' ? 'special' : 'monthly',
      reason: optionalString(task, 'meetingReason') ?? null,
      requestedBy: optionalString(task, 'requestedBy') ?? null,
    },
    new Date(),
  );
  return { streetMeetingId: meeting.id, meetingKind: meeting.kind, meetingMonth: meeting.month, meetingAt: toIsoWithOffset(meeting.meetingAt), attendees: meeting.attendees ?? DEFAULT_ATTENDEES };
});

export const streetMeetingMinutes: TopicDefinition = defineTopic('street-meeting-minutes', async (task, { db }) => {
  await recordStreetMinutes(
    db,
    task.processInstanceId,
    { attendees: optionalString(task, 'attendees') ?? null, topics: optionalString(task, 'topics') ?? null, minutes: requiredString(task, 'minutes'), decisions: optionalString(task, 'decisions') ?? null },
    new Date(),
  );
});
