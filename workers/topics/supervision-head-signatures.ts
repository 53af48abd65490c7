import { itemById } from '../../src/supervision/items.js';
import { CONVENING_UNITS } from '../../src/supervision/org.js';
import { level2SummaryText, recordLevel2Signatures, signOpinionVar, signSealedVar } from '../../src/supervision/signatures.js';
import { int } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-4.3: once the three convening units have signed in their own tasks, records each head's
 * opinion and seal with the signer (the engine account that completed the task) and the date,
 * both from the engine's history, and refreshes the level-2 summary the district leader reads.
 */
export const supervisionHeadSignatures: TopicDefinition = {
  topic: 'supervision-head-signatures',
  label: '登记召集单位签署意见',
  description: '登记三家召集单位主要负责人在本单位任务中签署的意见与盖章确认，签署人和日期取自引擎历史',
  variables: ['supervisionId', ...CONVENING_UNITS.flatMap((u) => [signOpinionVar(u), signSealedVar(u)])],
  async handle(task, { db, engine }) {
    const item = await itemById(db, int(task.variables, 'supervisionId'));
    const opinions = await recordLevel2Signatures(db, engine, item, task.processInstanceId, task.variables);
    return { level2Summary: level2SummaryText(item, opinions) };
  },
};
