import { int } from '../../src/supervision/variables.js';
import { meetingItemBriefing } from '../../src/supervision/workflow.js';
import type { TopicDefinition } from '../topic.js';

/**
 * Puts one agenda item in front of the meeting (`meetingItemBriefing`, src/supervision/workflow.ts):
 * the read-only briefing its recording form shows and the form's defaults. The variables land in
 * the item's own scope of the multi-instance sub-process (declared there), so parallel items never mix.
 */
export const supervisionMeetingItem: TopicDefinition = {
  topic: 'supervision-meeting-item',
  label: '调取会商事项',
  description: '调取一项会商事项的审批表内容，预填会商记录表',
  variables: ['supervisionId', 'meetingLevel'],
  async handle(task, { db }) {
    return meetingItemBriefing(db, { itemId: int(task.variables, 'supervisionId'), level: int(task.variables, 'meetingLevel') }, new Date());
  },
};
