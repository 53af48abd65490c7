import type { EventStatus } from '../../src/db/entities/index.js';
import { EVENT_STATUSES, recordEventStatus } from '../../src/handling/transitions.js';
import type { TopicDefinition } from '../topic.js';
import { BusinessError } from '../topic.js';
import { optionalNumber, optionalString, requiredString } from '../task-variables.js';

/**
 * Records an event's status and stage at the process's milestones (accepted, rejected, merged,
 * closed, archived): `recordEventStatus` in src/handling/transitions.ts. An unknown merge target
 * ends as the BPMN error MERGE_TARGET_UNKNOWN (the task goes back to the operator).
 */
export const eventStatus: TopicDefinition = {
  topic: 'event-status',
  label: '登记事件状态',
  description: '在业务库登记事件状态与阶段（受理、不予受理、合并、办结、归档）',
  variables: ['eventNumber', 'eventStatus', 'eventStage', 'grade', 'rejectReason', 'mergeInto', 'satisfaction', 'verifyNote', 'supervisionSummary'],
  inputs: [
    { name: 'eventStatus', label: '状态', description: EVENT_STATUSES.join(' / ') },
    { name: 'eventStage', label: '阶段（中文）' },
  ],
  async handle(task, { db }) {
    const result = await recordEventStatus(
      db,
      {
        number: requiredString(task, 'eventNumber'),
        status: requiredString(task, 'eventStatus') as EventStatus,
        stage: optionalString(task, 'eventStage') ?? null,
        grade: optionalString(task, 'grade'),
        rejectReason: optionalString(task, 'rejectReason'),
        mergeInto: optionalString(task, 'mergeInto'),
        satisfaction: optionalNumber(task, 'satisfaction'),
        closingNote: optionalString(task, 'verifyNote') ?? optionalString(task, 'supervisionSummary'),
      },
      new Date(),
    );
    if (!result.ok) throw new BusinessError(result.code, result.message);
  },
};
