import { int } from '../../src/supervision/variables.js';
import { closeMeeting } from '../../src/supervision/workflow.js';
import type { TopicDefinition } from '../topic.js';

/** Closes a meeting once every agenda item is concluded (`closeMeeting`, src/supervision/workflow.ts). */
export const supervisionMeetingClose: TopicDefinition = {
  topic: 'supervision-meeting-close',
  label: '会议结束归档',
  description: '全部议程事项形成结论后，登记会议已召开及结论汇总',
  variables: ['meetingId'],
  async handle(task, { db }) {
    return { meetingSummary: await closeMeeting(db, int(task.variables, 'meetingId'), new Date()) };
  },
};
