import { PROPOSAL_OUTCOMES, recordProposal } from '../../src/supervision/meeting-proposal.js';
import { int, oneOf } from '../../src/supervision/variables.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-3: `recordProposal` (src/supervision/meeting-proposal.ts) records the answers of the two
 * convening units asked to confirm an ad hoc level-2 meeting (who answered and when, from the
 * engine's history). `proposalOutcome` (input of the service task) says which way the process
 * went: `confirmed` (both agreed: the meeting is convened) or `declined` (one said no: the proposal
 * ends, the units and the centre are told).
 */
export const supervisionMeetingProposal: TopicDefinition = defineTopic('supervision-meeting-proposal', async (task, { db, engine, context }) => {
  const v = task.variables;
  const outcome = oneOf(v, 'proposalOutcome', [...PROPOSAL_OUTCOMES]);
  await recordProposal(db, engine, context.orgChart, int(v, 'meetingId'), task.processInstanceId, v, outcome);
  return {};
});
