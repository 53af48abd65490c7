import { SupervisionItemEntity } from '../../src/db/entities/index.js';
import { itemById, SCOPE_TYPES, type ScopeType } from '../../src/supervision/items.js';
import { notifyLiaisons } from '../../src/supervision/notices.js';
import { CONVENING_UNITS } from '../../src/supervision/org.js';
import { int, oneOf, optDate, text } from '../../src/supervision/variables.js';
import type { TopicDefinition } from '../topic.js';

/**
 * S0-4.1 (second step): records form 1's header as the centre filled it (dispatch date, scope of
 * S0-2 and reason) and sends the form to each of the three convening units separately: their
 * review tasks start in parallel, and each unit's liaison is notified (S0-7).
 */
export const supervisionDeclare: TopicDefinition = {
  topic: 'supervision-declare',
  label: '报送督办事件审批表',
  description: '登记中心填写的审批表表头，分别转至区纪委、区委办、区府办初审并通知其联络员',
  variables: ['supervisionId', 'eventNumber', 'title', 'dispatchDate', 'scopeType', 'scopeReason'],
  async handle(task, { db }) {
    const v = task.variables;
    const item = await itemById(db, int(v, 'supervisionId'));
    const scopeType = oneOf(v, 'scopeType', Object.keys(SCOPE_TYPES) as ScopeType[]);
    const scopeReason = text(v, 'scopeReason');
    const dispatchDate = optDate(v, 'dispatchDate') ?? item.dispatchDate;
    await db.getRepository(SupervisionItemEntity).update(
      { id: item.id },
      { dispatchDate, scopeType, scopeReason, declaredAt: item.declaredAt ?? new Date(), ...(item.status === 'declaring' ? { status: 'reviewing' as const } : {}) },
    );
    await notifyLiaisons(
      db,
      'supervision-declared',
      task.processInstanceId,
      CONVENING_UNITS.map((u) => u.id),
      { eventNumber: item.eventNumber, title: item.title, scopeReason },
    );
    return {};
  },
};
