import type { LedgerOutcome } from '../../src/db/entities/index.js';
import { closeRound, recordAssist } from '../../src/handling/rounds.js';
import { defineTopic, type TopicDefinition } from '../topic.js';
import { optionalString, requiredString } from '../task-variables.js';

/**
 * Closes a handling round in the assessment book (S2-5.2, S4-4.9): `closeRound` in
 * src/handling/rounds.ts (ledger rules in src/handling/ledger.ts). `reopened` (verification found
 * it unresolved) hands the same units to the next dispatch. `assisted` (the assist sub-process):
 * the cooperating unit `assistUnit` completed its assist, booked in its own row with its own words
 * (`recordAssist`).
 */
export { UNCLEAR_RESPONSIBILITY_RETURNS } from '../../src/handling/rounds.js';

export const eventRoundClose: TopicDefinition = defineTopic('event-round-close', async (task, { db, engine }) => {
  const eventNumber = requiredString(task, 'eventNumber');
  const round = Number(requiredString(task, 'handlingRound'));
  const roundOutcome = requiredString(task, 'roundOutcome');
  if (roundOutcome === 'assisted') {
    await recordAssist(db, { eventNumber, round, unitId: requiredString(task, 'assistUnit'), feedback: optionalString(task, 'assistFeedback') ?? null }, new Date());
    return {};
  }
  const outcome = roundOutcome as LedgerOutcome;
  const note = optionalString(task, outcome === 'returned' ? 'returnReason' : 'feedback') ?? null;
  // The assists the engine completed but not yet booked are read from its history (closeRound).
  const closed = await closeRound(db, { eventNumber, round, outcome, note, engine: { history: engine.history, processInstanceId: task.processInstanceId } }, new Date());

  const result: Record<string, unknown> = { ...closed };
  if (outcome === 'reopened') {
    result.assignedLeadUnit = requiredString(task, 'leadUnit');
    result.assignedCooperatingUnits = optionalString(task, 'cooperatingUnits') ?? '';
  }
  return result;
});
