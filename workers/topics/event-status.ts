import { EventEntity, type EventRecord, type EventStatus } from '../../src/db/entities/index.js';
import { defaultCatalogue, defaultOrgChart } from '../../src/events/reference-data.js';
import { streetCoordinationGroup } from '../../src/handling/street-coordination.js';
import type { TopicDefinition } from '../topic.js';
import { BusinessError } from '../topic.js';
import { optionalNumber, optionalString, requiredString } from '../task-variables.js';

/**
 * Records an event's status and stage in the app database at the process's milestones
 * (accepted, rejected, merged, closed, archived), so that lists and reports read one table.
 * Setting the same status twice changes nothing: idempotent.
 */
const STATUSES: EventStatus[] = ['received', 'accepted', 'rejected', 'merged', 'handling', 'verifying', 'escalated', 'closed'];

export const eventStatus: TopicDefinition = {
  topic: 'event-status',
  label: '登记事件状态',
  description: '在业务库登记事件状态与阶段（受理、不予受理、合并、办结、归档）',
  variables: ['eventNumber', 'eventStatus', 'eventStage', 'grade', 'rejectReason', 'mergeInto', 'satisfaction', 'verifyNote', 'supervisionSummary', 'street'],
  inputs: [
    { name: 'eventStatus', label: '状态', description: STATUSES.join(' / ') },
    { name: 'eventStage', label: '阶段（中文）' },
  ],
  async handle(task, { db }) {
    const number = requiredString(task, 'eventNumber');
    const status = requiredString(task, 'eventStatus') as EventStatus;
    if (!STATUSES.includes(status)) throw new Error(`unknown eventStatus ${status}`);
    const repo = db.getRepository(EventEntity);
    const event = await repo.findOneBy({ number });
    if (!event) throw new Error(`event ${number} is not in the app database`);

    const changes: Partial<EventRecord> = { status, stage: optionalString(task, 'eventStage') ?? null };
    if (status === 'accepted') changes.grade = optionalString(task, 'grade') ?? event.grade;
    if (status === 'rejected') {
      changes.outcomeNote = optionalString(task, 'rejectReason') ?? null;
      changes.closedAt = event.closedAt ?? new Date();
    }
    if (status === 'merged') {
      const target = optionalString(task, 'mergeInto')?.trim();
      const exists = target && target !== number && (await repo.existsBy({ number: target }));
      if (!exists) throw new BusinessError('MERGE_TARGET_UNKNOWN', `合并目标事件编号 ${target ?? '(空)'} 不存在`);
      changes.mergedInto = target;
      changes.closedAt = event.closedAt ?? new Date();
    }
    if (status === 'closed') {
      changes.satisfaction = optionalNumber(task, 'satisfaction') ?? event.satisfaction;
      changes.outcomeNote = optionalString(task, 'verifyNote') ?? optionalString(task, 'supervisionSummary') ?? event.outcomeNote;
      changes.closedAt = event.closedAt ?? new Date();
    }
    await repo.update({ id: event.id }, changes);
    // S2-3: who holds the street joint coordination if the event is graded larger ('' = no street organ).
    if (status === 'accepted') return { streetCoordinationGroup: streetCoordinationGroup(defaultCatalogue(), defaultOrgChart(), optionalString(task, 'street')) ?? '' };
  },
};
