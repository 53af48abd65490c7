import { toIsoWithOffset } from '../../src/calendar/index.js';
import { openAnalysisMeeting } from '../../src/assessment/analysis-meeting.js';
import { optText } from '../../src/supervision/variables.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S1-4: registers the analysis meeting. Monthly (the process's timer on the 1st): preparation waits
 * for the first working day of the month (08:30, computed here with the working calendar and
 * handed to the timer as an ISO date-time), the meeting sits the same day as the month's level-2
 * supervision meeting. Special: now, with its reason. Idempotent: one meeting per process instance.
 */
export const analysisMeetingSchedule: TopicDefinition = defineTopic('analysis-meeting-schedule', async (task, { db, context }) => {
  const v = task.variables;
  const now = new Date();
  const kind = optText(v, 'meetingKind') === 'special' ? 'special' : 'monthly';
  const meeting = await openAnalysisMeeting(
    db,
    await context.calendar(db),
    context.config.supervision.meetingDay,
    { processInstanceId: task.processInstanceId, kind, reason: optText(v, 'meetingReason'), requestedBy: optText(v, 'requestedBy'), month: optText(v, 'analysisMonth') },
    now,
  );
  return {
    meetingKind: kind,
    analysisMeetingId: meeting.id,
    analysisMonth: meeting.month,
    prepareAt: toIsoWithOffset(meeting.prepareAt),
    meetingAt: toIsoWithOffset(meeting.meetingAt),
    waitForPrepare: meeting.prepareAt.getTime() > now.getTime() + 60_000,
  };
});
