import { int } from '../../src/supervision/variables.js';
import { meetingItemBriefing } from '../../src/supervision/workflow.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * Puts one agenda item in front of the meeting (`meetingItemBriefing`, src/supervision/workflow.ts):
 * the read-only briefing its recording form shows and the form's defaults. The variables land in
 * the item's own scope of the multi-instance sub-process (declared there), so parallel items never mix.
 */
export const supervisionMeetingItem: TopicDefinition = defineTopic('supervision-meeting-item', async (task, { db, context }) => {
  return meetingItemBriefing(db, context.orgChart, { itemId: int(task.variables, 'supervisionId'), level: int(task.variables, 'meetingLevel') }, new Date());
});
