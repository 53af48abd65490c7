import { SupervisionItemEntity } from '../../src/db/entities/index.js';
import { itemById } from '../../src/supervision/items.js';
import { notifyLiaisons } from '../../src/supervision/notices.js';
import { DISTRICT_LEADER, isHandlingUnit } from '../../src/supervision/org.js';
import { LEADER_REVIEW_REFUSED, LeaderReviewRefused, readLeaderReview } from '../../src/supervision/review.js';
import { int } from '../../src/supervision/variables.js';
import { BusinessError, type TopicDefinition } from '../topic.js';

/**
 * S0-4.4: records the district leader's review of an item level 2 could not conclude (区领导批示意见
 * on form 2): submit to the level-1 meeting, or not — then, with the leader's reason, it continues
 * to be handled (with the unit named; the original lead unit when none is named). Listing it as a
 * decision-reference event is a level-1 decision (S0-4.5): such an answer, or a missing reason,
 * sends the review task back (BPMN error `LEADER_REVIEW_REFUSED`, message in `reviewProblem`).
 */
export const supervisionLeaderReview: TopicDefinition = {
  topic: 'supervision-leader-review',
  label: '登记区领导审核意见',
  description: '登记区领导审核意见：提交一级督办联席会议，或写明理由不提交、继续处置',
  variables: ['supervisionId', 'reviewDecision', 'reviewLeadUnit', 'reviewInstruction', 'reviewReason', 'reviewSigner', 'reviewDate'],
  async handle(task, { db }) {
    const v = task.variables;
    const item = await itemById(db, int(v, 'supervisionId'));
    let review;
    try {
      review = readLeaderReview(v, (id) => isHandlingUnit(id));
    } catch (err) {
      if (err instanceof LeaderReviewRefused) throw new BusinessError(LEADER_REVIEW_REFUSED, err.message, { reviewProblem: err.message });
      throw err;
    }
    const decision = review.decision;
    await db.getRepository(SupervisionItemEntity).update(
      { id: item.id },
      {
        reviewDecision: decision,
        reviewInstruction: review.instruction,
        reviewReason: review.reason,
        reviewSigner: review.signer,
        reviewDate: review.date,
        ...(decision === 'level1' ? { status: 'level1' as const } : { redispatchUnit: review.leadUnit ?? item.leadUnit, finalDecision: 'continue' }),
      },
    );
    if (decision === 'level1') {
      await notifyLiaisons(db, 'supervision-level1-submitted', task.processInstanceId, [DISTRICT_LEADER], {
        eventNumber: item.eventNumber,
        title: item.title,
        instruction: review.instruction,
      });
    }
    return { reviewDecision: decision, reviewProblem: null };
  },
};
