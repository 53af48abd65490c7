import { bool, int, oneOf, optDate, optText, text } from '../../src/supervision/variables.js';
import { concludeItem, SUPERVISION_CONCLUSIONS } from '../../src/supervision/workflow.js';
import type { TopicDefinition } from '../topic.js';

/**
 * The end of a supervision item, and the out-variables the event process reads back from its
 * call activity (`supervisionOutcome`, `assignedLeadUnit`, `assignedCooperatingUnits`,
 * `supervisionSummary`): `concludeItem` (src/supervision/workflow.ts) — returned, re-dispatched
 * (to the original unit: S0-6) or archived as a decision-reference event (S0-5).
 */
export const supervisionConclude: TopicDefinition = {
  topic: 'supervision-conclude',
  label: '督办办结',
  description: '督办结果交回事件流程：退回、重新派遣（原单位时按 S0-6 计入未办结）或决策参考事件归档（S0-5）',
  variables: [
    'supervisionId',
    'supervisionConclusion',
    'communicationParties',
    'communicationDate',
    'communicationMethod',
    'communicationContent',
    'partiesResponse',
    'archiveSummary',
    'archiveReason',
    'centreOpinion',
    'archiveHandler',
    'archiveSigner',
    'archiveSealed',
    'archiveDate',
  ],
  inputs: [{ name: 'supervisionConclusion', label: '督办结果', description: SUPERVISION_CONCLUSIONS.join(' / ') }],
  async handle(task, { db }) {
    const v = task.variables;
    const result = await concludeItem(
      db,
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
  },
};
