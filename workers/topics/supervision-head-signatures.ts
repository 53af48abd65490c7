import { itemById } from '../../src/supervision/items.js';
import { level2SummaryText, recordLevel2Signatures } from '../../src/supervision/signatures.js';
import { int } from '../../src/supervision/variables.js';
import { supervisionDueDates } from '../../src/supervision/deadlines.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-4.3: once the three convening units have signed in their own tasks, `recordLevel2Signatures`
 * (src/supervision/signatures.ts) records each head's opinion and seal with the signer (the engine
 * account that completed the task) and the date, both from the engine's history; the handler
 * refreshes the level-2 summary the district leader reads.
 */
export const supervisionHeadSignatures: TopicDefinition = defineTopic('supervision-head-signatures', async (task, { db, engine, context }) => {
  const item = await itemById(db, int(task.variables, 'supervisionId'));
  const opinions = await recordLevel2Signatures(db, engine, item, task.processInstanceId, task.variables);
  // The district leader's review (if the meeting did not resolve the item) starts next.
  return { level2Summary: level2SummaryText(item, opinions), ...supervisionDueDates(await context.calendar(db), new Date(), 'leaderReviewDueAt') };
});
