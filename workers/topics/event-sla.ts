import { recordSla, SLA_DUE_VARIABLE, SLA_KINDS, type SlaKind } from '../../src/handling/sla.js';
import { defineTopic, type TopicDefinition } from '../topic.js';
import { optionalNumber, optionalString, requiredString } from '../task-variables.js';

/**
 * Timeout checks fired by the process timers (S2-5.1): `recordSla` in src/handling/sla.ts. The
 * notices follow in the process.
 */
export const eventSla: TopicDefinition = defineTopic('event-sla', async (task, { db }) => {
  const eventNumber = requiredString(task, 'eventNumber');
  const kind = requiredString(task, 'slaKind') as SlaKind;
  if (!SLA_KINDS.includes(kind)) throw new Error(`unknown slaKind ${kind}`);
  const due = optionalString(task, SLA_DUE_VARIABLE[kind]);
  await recordSla(db, {
    eventNumber,
    kind,
    round: optionalNumber(task, 'handlingRound') ?? 0,
    leadUnit: optionalString(task, 'leadUnit'),
    slaUnit: optionalString(task, 'slaUnit'),
    dueAt: due ? new Date(due) : null,
  });
});
