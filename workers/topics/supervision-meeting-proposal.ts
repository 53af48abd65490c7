import { confirmDecisionVar, confirmOpinionVar, recordProposal, type ProposalOutcome } from '../../src/supervision/meeting-proposal.js';
import { CONVENING_UNITS } from '../../src/supervision/org.js';
import { int, oneOf } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-3: records the answers of the two convening units asked to confirm an ad hoc level-2
 * meeting (who answered and when, from the engine's history). `proposalOutcome` (input of the
 * service task) says which way the process went: `confirmed` (both agreed: the meeting is
 * convened) or `declined` (one said no: the proposal ends, the units and the centre are told).
 */
const OUTCOMES: ProposalOutcome[] = ['confirmed', 'declined'];

export const supervisionMeetingProposal: TopicDefinition = {
  topic: 'supervision-meeting-proposal',
  label: '登记临时会议确认结果',
  description: '登记另两家召集单位对临时召开二级督办联席会议的确认或不同意（办理人取自引擎历史）；不同意则通知各方',
  variables: ['meetingId', 'proposalOutcome', ...CONVENING_UNITS.flatMap((u) => [confirmDecisionVar(u), confirmOpinionVar(u)])],
  inputs: [{ name: 'proposalOutcome', label: '确认结果', description: OUTCOMES.join(' / ') }],
  async handle(task, { db, engine }) {
    const v = task.variables;
    const outcome = oneOf(v, 'proposalOutcome', OUTCOMES);
    await recordProposal(db, engine, int(v, 'meetingId'), task.processInstanceId, v, outcome);
    return {};
  },
};
