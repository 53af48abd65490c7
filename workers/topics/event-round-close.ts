import type { LedgerOutcome } from '../../src/db/entities/index.js';
import { closeRound } from '../../src/handling/rounds.js';
import { defineTopic, type TopicDefinition } from '../topic.js';
import { optionalString, requiredString } from '../task-variables.js';

/**
 * Closes a handling round in the assessment book (S2-5.2, S4-4.9): `closeRound` in
 * src/handling/rounds.ts (ledger rules in src/handling/ledger.ts). `reopened` (verification found
 * it unresolved) hands the same units to the next dispatch.
 */
export { UNCLEAR_RESPONSIBILITY_RETURNS } from '../../src/handling/rounds.js';

export const eventRoundClose: TopicDefinition = defineTopic('event-round-close', async (task, { db }) => {
  const eventNumber = requiredString(task, 'eventNumber');
  const round = Number(requiredString(task, 'handlingRound'));
  const outcome = requiredString(task, 'roundOutcome') as LedgerOutcome;
  const note = optionalString(task, outcome === 'returned' ? 'returnReason' : 'feedback') ?? null;
  const closed = await closeRound(db, { eventNumber, round, outcome, note }, new Date());

  const result: Record<string, unknown> = { ...closed };
  if (outcome === 'reopened') {
    result.assignedLeadUnit = requiredString(task, 'leadUnit');
    result.assignedCooperatingUnits = optionalString(task, 'cooperatingUnits') ?? '';
  }
  return result;
});
