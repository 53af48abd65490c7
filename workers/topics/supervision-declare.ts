import { SCOPE_TYPES, type ScopeType } from '../../src/supervision/items.js';
import { int, oneOf, optDate, text } from '../../src/supervision/variables.js';
import { declareItem } from '../../src/supervision/workflow.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-4.1 (second step): `declareItem` (src/supervision/workflow.ts) records form 1's header and
 * sends the form to each of the three convening units separately (their review tasks start in
 * parallel; each unit's liaison is notified, S0-7).
 */
export const supervisionDeclare: TopicDefinition = {
  topic: 'supervision-declare',
  label: '报送督办事件审批表',
  description: '登记中心填写的审批表表头，分别转至区纪委、区委办、区府办初审并通知其联络员',
  variables: ['supervisionId', 'eventNumber', 'title', 'dispatchDate', 'scopeType', 'scopeReason'],
  async handle(task, { db }) {
    const v = task.variables;
    await declareItem(
      db,
      {
        itemId: int(v, 'supervisionId'),
        scopeType: oneOf(v, 'scopeType', Object.keys(SCOPE_TYPES) as ScopeType[]),
        scopeReason: text(v, 'scopeReason'),
        dispatchDate: optDate(v, 'dispatchDate'),
        cause: task.processInstanceId,
      },
      new Date(),
    );
    return {};
  },
};
