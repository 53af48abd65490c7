import { isHandlingUnit } from '../../src/supervision/org.js';
import { LEADER_REVIEW_REFUSED, LeaderReviewRefused, readLeaderReview } from '../../src/supervision/review.js';
import { int } from '../../src/supervision/variables.js';
import { recordLeaderReview } from '../../src/supervision/workflow.js';
import { BusinessError, defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-4.4: `recordLeaderReview` (src/supervision/workflow.ts) records the district leader's review
 * of an item level 2 could not conclude: submit to the level-1 meeting, or not — then, with the
 * leader's reason, it continues to be handled. Listing it as a decision-reference event is a
 * level-1 decision (S0-4.5): such an answer, or a missing reason, sends the review task back
 * (BPMN error `LEADER_REVIEW_REFUSED`, message in `reviewProblem`; rules in src/supervision/review.ts).
 */
export const supervisionLeaderReview: TopicDefinition = defineTopic('supervision-leader-review', async (task, { db, context }) => {
  const v = task.variables;
  let review;
  try {
    review = readLeaderReview(v, (id) => isHandlingUnit(context.orgChart, id));
  } catch (err) {
    if (err instanceof LeaderReviewRefused) throw new BusinessError(LEADER_REVIEW_REFUSED, err.message, { reviewProblem: err.message });
    throw err;
  }
  await recordLeaderReview(db, context.orgChart, { itemId: int(v, 'supervisionId'), review, cause: task.processInstanceId });
  return { reviewDecision: review.decision, reviewProblem: null };
});
