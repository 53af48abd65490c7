import { meetingRecordDueAt } from '../../src/supervision/deadlines.js';
import { int, optText } from '../../src/supervision/variables.js';
import { meetingItemBriefing } from '../../src/supervision/workflow.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * Puts one agenda item in front of the meeting (`meetingItemBriefing`, src/supervision/workflow.ts):
 * the read-only briefing its recording form shows and the form's defaults. The variables land in
 * the item's own scope of the multi-instance sub-process (declared there), so parallel items never mix.
 * The recording task is due the working day after the meeting (`meetingRecordDueAt`, counted from
 * the meeting's time, or from now when the meeting is already under way).
 */
export const supervisionMeetingItem: TopicDefinition = defineTopic('supervision-meeting-item', async (task, { db, context }) => {
  const now = new Date();
  const meetingAt = optText(task.variables, 'meetingAt');
  const briefing = await meetingItemBriefing(db, context.orgChart, { itemId: int(task.variables, 'supervisionId'), level: int(task.variables, 'meetingLevel') }, now);
  return { ...briefing, meetingRecordDueAt: meetingRecordDueAt(await context.calendar(db), meetingAt ? new Date(meetingAt) : undefined, now) };
});
