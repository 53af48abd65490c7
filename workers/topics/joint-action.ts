import { bookJointPart, closeJointAction, openJointAction } from '../../src/street/joint-actions.js';
import { defineTopic, type TopicDefinition } from '../topic.js';
import { optionalString, requiredString } from '../task-variables.js';

/**
 * Joint enforcement (S4-4.8): open the action's ledger round (one row per unit), book each unit's
 * reported part, close the action. The domain is src/street/joint-actions.ts; all three are idempotent.
 */
export const jointActionOpen: TopicDefinition = defineTopic('joint-action-open', async (task, { db, context }) => {
  return openJointAction(db, await context.calendar(db), requiredString(task, 'actionNumber'));
});

export const jointActionPart: TopicDefinition = defineTopic('joint-action-part', async (task, { db }) => {
  await bookJointPart(db, requiredString(task, 'actionNumber'), requiredString(task, 'partUnit'), optionalString(task, 'partReport') ?? null, new Date());
});

export const jointActionClose: TopicDefinition = defineTopic('joint-action-close', async (task, { db }) => {
  await closeJointAction(db, requiredString(task, 'actionNumber'), new Date());
});
