import { int } from '../../src/supervision/variables.js';
import { closeMeeting } from '../../src/supervision/workflow.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/** Closes a meeting once every agenda item is concluded (`closeMeeting`, src/supervision/workflow.ts). */
export const supervisionMeetingClose: TopicDefinition = defineTopic('supervision-meeting-close', async (task, { db }) => {
  return { meetingSummary: await closeMeeting(db, int(task.variables, 'meetingId'), new Date()) };
});
