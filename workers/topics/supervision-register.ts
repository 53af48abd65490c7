import { toShanghaiDate } from '../../src/calendar/index.js';
import { handlingDetailText, parseHandlingDetail } from '../../src/supervision/handling-detail.js';
import { ENTRY_NAMES } from '../../src/supervision/items.js';
import { unitName } from '../../src/identity/org-chart.js';
import { optInt, optText, text } from '../../src/supervision/variables.js';
import { formSigners, registerItem } from '../../src/supervision/workflow.js';
import { supervisionDueDates } from '../../src/supervision/deadlines.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S0-4.1 (first step): `registerItem` (src/supervision/workflow.ts) registers the item of this
 * process instance with the event's handling detail; the handler prefills form 1 (dispatch date =
 * today, the convening units' heads as signers). Idempotent: keyed by process instance.
 */
export const supervisionRegister: TopicDefinition = defineTopic('supervision-register', async (task, { db, engine, context }) => {
  const v = task.variables;
  const now = new Date();
  const item = await registerItem(
    db,
    engine,
    context.orgChart,
    context.categoryName,
    {
      processInstanceId: task.processInstanceId,
      eventNumber: optText(v, 'eventNumber') ?? task.businessKey ?? text(v, 'eventNumber'),
      handlingRound: optInt(v, 'handlingRound'),
      title: optText(v, 'title'),
      category: optText(v, 'category'),
      categoryName: optText(v, 'categoryName'),
      street: optText(v, 'street'),
      leadUnit: optText(v, 'leadUnit'),
      entry: optText(v, 'supervisionEntry'),
      scopeReason: optText(v, 'scopeReason'),
    },
    now,
  );
  return {
    supervisionId: item.id,
    eventNumber: item.eventNumber,
    title: item.title,
    categoryName: item.categoryName ?? '',
    leadUnitName: unitName(context.orgChart, item.leadUnit),
    supervisionEntryName: ENTRY_NAMES[item.entry] ?? item.entry,
    handlingDetailText: handlingDetailText(parseHandlingDetail(item.handlingDetail)),
    dispatchDate: item.dispatchDate ?? toShanghaiDate(now),
    scopeReason: item.scopeReason ?? '',
    ...formSigners(context.orgChart),
    ...supervisionDueDates(await context.calendar(db), now, 'declareDueAt'),
  };
});
