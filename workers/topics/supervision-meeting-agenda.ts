import { int } from '../../src/supervision/variables.js';
import { announceAgenda } from '../../src/supervision/workflow.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-3 / S0-4.3: `announceAgenda` (src/supervision/workflow.ts) closes the meeting's agenda — every
 * item waiting for this level (or the items the conveners named) — and notifies the participants
 * through their liaisons (S0-7).
 */
export const supervisionMeetingAgenda: TopicDefinition = defineTopic('supervision-meeting-agenda', async (task, { db, context }) => {
  const agenda = await announceAgenda(db, context.orgChart, int(task.variables, 'meetingId'));
  return {
    agendaIds: agenda.map((i) => i.id).join(','),
    agendaCount: agenda.length,
    agendaNumbers: agenda.map((i) => i.eventNumber).join(','),
  };
});
