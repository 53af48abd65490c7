import { SCOPE_TYPES, type ScopeType } from '../../src/supervision/items.js';
import { int, oneOf, optDate, text } from '../../src/supervision/variables.js';
import { declareItem } from '../../src/supervision/workflow.js';
import { supervisionDueDates } from '../../src/supervision/deadlines.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-4.1 (second step): `declareItem` (src/supervision/workflow.ts) records form 1's header and
 * sends the form to each of the three convening units separately (their review tasks start in
 * parallel; each unit's liaison is notified, S0-7).
 */
export const supervisionDeclare: TopicDefinition = defineTopic('supervision-declare', async (task, { db, context }) => {
  const v = task.variables;
  const now = new Date();
  await declareItem(
    db,
    context.orgChart,
    {
      itemId: int(v, 'supervisionId'),
      scopeType: oneOf(v, 'scopeType', Object.keys(SCOPE_TYPES) as ScopeType[]),
      scopeReason: text(v, 'scopeReason'),
      dispatchDate: optDate(v, 'dispatchDate'),
      cause: task.processInstanceId,
    },
    now,
  );
  // The three reviews start now: each is due after the same working days (Tasklist sorts by it).
  return supervisionDueDates(await context.calendar(db), now, 'reviewDueAt');
});
