import { computeMonth } from '../../src/assessment/service.js';
import { optText, text } from '../../src/supervision/variables.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S4-4.9: computes the month before the monthly analysis meeting into a stored revision (the
 * process instance is the cause, so a redelivered task adds no revision). A special meeting computes nothing.
 */
export const assessmentCompute: TopicDefinition = defineTopic('assessment-compute', async (task, { db, engine, context }) => {
  if (optText(task.variables, 'meetingKind') === 'special') return { assessmentRevision: 0 };
  const month = text(task.variables, 'analysisMonth');
  const view = await computeMonth(
    { db, orgChart: context.orgChart, schemeFile: context.assessmentSchemeFile, engine, patrol: context.patrol },
    { month, cause: `process:${task.processInstanceId}`, reason: '每月分析研判例会前重新计算', by: null },
    new Date(),
  );
  return { assessmentRevision: view.revision };
});
