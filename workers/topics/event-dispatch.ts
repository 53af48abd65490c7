import { queueEventNotices } from '../../src/handling/notices.js';
import { dispatchRound, roundUnits, type Route } from '../../src/handling/rounds.js';
import { AFTER_HOURS_NOTICE, dispatchTarget } from '../../src/street/dispatch-target.js';
import { roundLimitDays } from '../../src/street/emergency.js';
import { defineTopic, type TopicDefinition } from '../topic.js';
import { optionalNumber, optionalString, requiredString } from '../task-variables.js';
import { COOPERATING_PICKS } from '../../src/forms/event-forms.js';

/**
 * Dispatch (派单) of one handling round, S4-4.2 / S2-4 / S2-5.1: asks the responsibility list (DMN
 * `responsibility-routing`) for the category and street, then `roundUnits` and `dispatchRound`
 * (src/handling/rounds.ts) name the units, open the round's ledger rows and compute the deadlines
 * the process timers wait on. Idempotent: a redelivered task reuses the round's dispatch time.
 * `dispatchTarget` (src/street/dispatch-target.ts) names the task's assignee besides the group (a
 * grid's 网格长, the person on duty of a stationed unit, S4-4.1 / S2-1) and, when a stationed unit
 * has nobody on duty, its liaison is told through the outbox (one notice per round: cause key).
 */
type DmnResult = Array<Record<string, { value: unknown }>>;

export const eventDispatch: TopicDefinition = defineTopic('event-dispatch', async (task, { db, engine, context }) => {
  const eventNumber = requiredString(task, 'eventNumber');
  const category = requiredString(task, 'category');
  const [result] = await engine.post<DmnResult>('/decision-definition/key/responsibility-routing/evaluate', {
    variables: { category: { value: category, type: 'String' }, street: { value: optionalString(task, 'street') ?? '', type: 'String' } },
  });
  if (!result) throw new Error(`the responsibility list has no row for category ${category}`);
  const route = Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v.value])) as unknown as Route;

  const { leadUnit, cooperatingUnits } = roundUnits(
    route,
    {
      assignedLeadUnit: optionalString(task, 'assignedLeadUnit'),
      // Picked one by one in the forms (src/forms/event-forms.ts), or a comma list (supervision, consultation).
      assignedCooperatingUnits: [optionalString(task, 'assignedCooperatingUnits'), ...COOPERATING_PICKS.map((name) => optionalString(task, name))].filter(Boolean).join(',') || undefined,
      supervisionOutcome: optionalString(task, 'supervisionOutcome'),
      leadUnit: optionalString(task, 'leadUnit'),
      grade: optionalString(task, 'grade'),
    },
    context.orgChart,
  );
  const calendar = await context.calendar(db);
  const now = new Date();
  const round = await dispatchRound(
    db,
    calendar,
    { eventNumber, previousRound: optionalNumber(task, 'handlingRound') ?? 0, leadUnit, cooperatingUnits, timeLimitDays: roundLimitDays(context.streetLinkage, task.variables.get('urgent') === true, route.timeLimitDays) },
    now,
  );
  const target = await dispatchTarget(db, context.orgChart, calendar, leadUnit, now);
  if (target.notifyLiaison) {
    await queueEventNotices(
      db,
      { templates: context.noticeTemplates, orgChart: context.orgChart, categoryName: context.categoryName },
      {
        template: AFTER_HOURS_NOTICE,
        recipientSpec: `liaison:${leadUnit}`,
        eventNumber,
        step: { processInstanceId: task.processInstanceId, activityId: task.activityId },
        handlingRound: round.round,
        leadUnit,
        cooperatingUnits: cooperatingUnits.join(','),
        dueAt: new Date(round.dueAt),
      },
      now,
    );
  }
  return {
    handlingRound: round.round,
    platform: route.platform,
    leadUnit,
    cooperatingUnits: cooperatingUnits.join(','),
    cooperatingCount: cooperatingUnits.length,
    districtUnit: route.districtUnit,
    timeLimitDays: round.timeLimitDays,
    dueAt: round.dueAt,
    warnAt: round.warnAt,
    escalateAt: round.escalateAt,
    firstDispatchedAt: round.firstDispatchedAt.toISOString(),
    leadAssignee: target.assignee,
    dispatchMode: target.mode,
    // Consumed: the next round starts from a clean slate.
    assignedLeadUnit: '',
    assignedCooperatingUnits: '',
    ...Object.fromEntries(COOPERATING_PICKS.map((name) => [name, ''])),
    supervisionOutcome: '',
    handlingOutcome: '',
  };
});
