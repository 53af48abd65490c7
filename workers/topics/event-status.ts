import type { EventStatus } from '../../src/db/entities/index.js';
import { streetCoordination } from '../../src/handling/street-coordination.js';
import { recordEventStatus } from '../../src/handling/transitions.js';
import { PATROL_CHANNEL, recordPatrolDecision } from '../../src/patrol/reports.js';
import { BusinessError, defineTopic, type TopicDefinition } from '../topic.js';
import { optionalNumber, optionalString, requiredString } from '../task-variables.js';

/**
 * Records an event's status and stage at the process's milestones (accepted, rejected, merged,
 * closed, archived): `recordEventStatus` in src/handling/transitions.ts. An unknown merge target
 * ends as the BPMN error MERGE_TARGET_UNKNOWN (the task goes back to the operator). On acceptance
 * it names who holds the street joint coordination should the event be graded larger (S2-3, S2-4:
 * `streetCoordination` in src/handling/street-coordination.ts; '' = no street organ).
 */
export const eventStatus: TopicDefinition = defineTopic('event-status', async (task, { db, context, logger }) => {
  const status = requiredString(task, 'eventStatus') as EventStatus;
  const result = await recordEventStatus(
    db,
    {
      number: requiredString(task, 'eventNumber'),
      status,
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
  // A patrol inspector's report (S4-4.6): accepted → valid with its grade's points; rejected → invalid; merged → duplicate.
  const inspectorId = optionalString(task, 'inspectorId');
  if (inspectorId && optionalString(task, 'channel') === PATROL_CHANNEL && (status === 'accepted' || status === 'rejected' || status === 'merged')) {
    const booked = await recordPatrolDecision(
      db,
      context.patrol,
      { eventNumber: requiredString(task, 'eventNumber'), inspectorId, status, urgency: optionalString(task, 'patrolUrgency'), safety: optionalString(task, 'patrolSafety') },
      new Date(),
    );
    if (!booked.graded) logger.warn('patrol report accepted without a grade on the scale: valid, 0 points until graded', { eventNumber: requiredString(task, 'eventNumber') });
  }
  if (status === 'accepted') {
    // S2-4: several platforms → the street's 平安建设办, naming the lead platform; one platform → that platform's lead unit.
    const c = streetCoordination(context.catalogue, context.orgChart, context.streetLinkage, optionalString(task, 'street'), optionalString(task, 'category'));
    return { streetCoordinationGroup: c?.group ?? '', coordinationScope: c?.scope ?? '', coordinationLeadPlatform: c?.leadPlatform ?? '', coordinationLeadPlatformName: c?.leadPlatformName ?? '' };
  }
});
