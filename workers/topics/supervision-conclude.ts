import { bool, int, oneOf, optDate, optText, text } from '../../src/supervision/variables.js';
import { concludeItem, SUPERVISION_CONCLUSIONS } from '../../src/supervision/workflow.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * The end of a supervision item, and the out-variables the event process reads back from its
 * call activity (`supervisionOutcome`, `assignedLeadUnit`, `assignedCooperatingUnits`,
 * `supervisionSummary`): `concludeItem` (src/supervision/workflow.ts) — returned, re-dispatched
 * (to the original unit: S0-6) or archived as a decision-reference event (S0-5).
 */
export const supervisionConclude: TopicDefinition = defineTopic('supervision-conclude', async (task, { db, context }) => {
  const v = task.variables;
  const result = await concludeItem(
    db,
    context.orgChart,
    {
      itemId: int(v, 'supervisionId'),
      conclusion: oneOf(v, 'supervisionConclusion', SUPERVISION_CONCLUSIONS),
      cause: task.processInstanceId,
      communication: () => ({
        parties: text(v, 'communicationParties'),
        date: optDate(v, 'communicationDate') ?? null,
        method: optText(v, 'communicationMethod') ?? null,
        content: text(v, 'communicationContent'),
        response: optText(v, 'partiesResponse') ?? null,
      }),
      archiveForm: () => ({
        summary: text(v, 'archiveSummary'),
        reason: text(v, 'archiveReason'),
        centreOpinion: text(v, 'centreOpinion'),
        handler: optText(v, 'archiveHandler') ?? null,
        signer: text(v, 'archiveSigner'),
        sealed: bool(v, 'archiveSealed'),
        date: optDate(v, 'archiveDate') ?? null,
      }),
    },
    new Date(),
  );
  return { ...result };
});
