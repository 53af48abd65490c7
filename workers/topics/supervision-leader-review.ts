import { SupervisionItemEntity } from '../../src/db/entities/index.js';
import { itemById, REVIEW_DECISIONS, type ReviewDecision } from '../../src/supervision/items.js';
import { notifyLiaisons } from '../../src/supervision/notices.js';
import { DISTRICT_LEADER, isHandlingUnit } from '../../src/supervision/org.js';
import { int, oneOf, optDate, optText, text } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-4.4: records the district leader's review of an item level 2 could not conclude (区领导批示意见
 * on form 2): submit to the level-1 meeting, or decide directly — continue handling (with the unit
 * named; the original lead unit when none is named) or list as a decision-reference event.
 */
export const supervisionLeaderReview: TopicDefinition = {
  topic: 'supervision-leader-review',
  label: '登记区领导审核意见',
  description: '登记区领导审核意见：提交一级督办联席会议，或直接决定继续处置 / 列为决策参考事件',
  variables: ['supervisionId', 'reviewDecision', 'reviewLeadUnit', 'reviewInstruction', 'reviewSigner', 'reviewDate'],
  async handle(task, { db }) {
    const v = task.variables;
    const item = await itemById(db, int(v, 'supervisionId'));
    const decision = oneOf(v, 'reviewDecision', Object.keys(REVIEW_DECISIONS) as ReviewDecision[]);
    const named = optText(v, 'reviewLeadUnit');
    if (named && !isHandlingUnit(named)) throw new Error(`reviewLeadUnit ${named} is not a handling unit of the org chart`);
    const redispatchUnit = decision === 'continue' ? (named ?? item.leadUnit) : null;
    await db.getRepository(SupervisionItemEntity).update(
      { id: item.id },
      {
        reviewDecision: decision,
        reviewInstruction: text(v, 'reviewInstruction'),
        reviewSigner: text(v, 'reviewSigner'),
        reviewDate: optDate(v, 'reviewDate') ?? null,
        ...(decision === 'level1' ? { status: 'level1' as const } : {}),
        ...(decision === 'continue' ? { redispatchUnit, finalDecision: 'continue' } : {}),
        ...(decision === 'decision-reference' ? { finalDecision: 'decision-reference' } : {}),
      },
    );
    if (decision === 'level1') {
      await notifyLiaisons(db, 'supervision-level1-submitted', task.processInstanceId, [DISTRICT_LEADER], {
        eventNumber: item.eventNumber,
        title: item.title,
        instruction: text(v, 'reviewInstruction'),
      });
    }
    return { reviewDecision: decision };
  },
};
