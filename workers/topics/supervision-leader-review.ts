import { REVIEW_DECISIONS, type ReviewDecision } from '../../src/supervision/items.js';
import { isHandlingUnit } from '../../src/supervision/org.js';
import { int, oneOf, optDate, optText, text } from '../../src/supervision/variables.js';
import { recordLeaderReview } from '../../src/supervision/workflow.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-4.4: `recordLeaderReview` (src/supervision/workflow.ts) records the district leader's review
 * of an item level 2 could not conclude: submit to the level-1 meeting, or decide directly.
 */
export const supervisionLeaderReview: TopicDefinition = defineTopic('supervision-leader-review', async (task, { db, context }) => {
  const v = task.variables;
  const decision = oneOf(v, 'reviewDecision', Object.keys(REVIEW_DECISIONS) as ReviewDecision[]);
  const named = optText(v, 'reviewLeadUnit');
  if (named && !isHandlingUnit(context.orgChart, named)) throw new Error(`reviewLeadUnit ${named} is not a handling unit of the org chart`);
  await recordLeaderReview(db, context.orgChart, {
    itemId: int(v, 'supervisionId'),
    decision,
    leadUnit: named,
    instruction: text(v, 'reviewInstruction'),
    signer: text(v, 'reviewSigner'),
    date: optDate(v, 'reviewDate'),
    cause: task.processInstanceId,
  });
  return { reviewDecision: decision };
});
