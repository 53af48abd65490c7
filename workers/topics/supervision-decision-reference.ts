import { int } from '../../src/supervision/variables.js';
import { startDecisionReference } from '../../src/supervision/workflow.js';
import { supervisionDueDates } from '../../src/supervision/deadlines.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-4.6 / S0-5 (start): `startDecisionReference` (src/supervision/workflow.ts) — from now until it
 * is archived the event's time does not count against its handling units (ledger rule in
 * src/handling/ledger.ts); the liaisons are told; the archiving form is prefilled.
 */
export const supervisionDecisionReference: TopicDefinition = defineTopic('supervision-decision-reference', async (task, { db, logger, context }) => {
  const started = await startDecisionReference(db, context.orgChart, { itemId: int(task.variables, 'supervisionId'), cause: task.processInstanceId }, new Date());
  if (started.excluded === 0) {
    logger.info('S0-5: no ledger rows to exclude (already excluded or none written)', { eventNumber: started.item.eventNumber, round: started.item.handlingRound });
  }
  const due = supervisionDueDates(await context.calendar(db), new Date(), 'communicateDueAt', 'archiveDueAt');
  return { archiveSummary: started.archiveSummary, archiveReason: started.archiveReason, ...due };
});
