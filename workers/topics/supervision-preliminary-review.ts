import { CONVENING_UNITS } from '../../src/supervision/org.js';
import { bool, int, oneOf, optDate, text } from '../../src/supervision/variables.js';
import { recordPreliminaryReview } from '../../src/supervision/workflow.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-4.2: once all three convening units have reviewed the item, `recordPreliminaryReview`
 * (src/supervision/workflow.ts) records their opinions and decides: any one yes → listed for the
 * level-2 meeting; all no → returned.
 */
export const supervisionPreliminaryReview: TopicDefinition = defineTopic('supervision-preliminary-review', async (task, { db, context }) => {
  const v = task.variables;
  const opinions = CONVENING_UNITS.map((u) => ({
    unitId: u.id,
    listed: oneOf(v, `review${u.key}Listed`, ['yes', 'no']) === 'yes',
    opinion: text(v, `review${u.key}Reason`),
    signer: text(v, `review${u.key}Signer`),
    sealed: bool(v, `review${u.key}Sealed`),
    signedOn: optDate(v, `review${u.key}Date`) ?? null,
  }));
  const review = await recordPreliminaryReview(db, context.orgChart, { itemId: int(v, 'supervisionId'), opinions, cause: task.processInstanceId }, new Date());
  return { listedForConsultation: review.listed, preliminarySummary: review.summary };
});
