import { holdAnalysisMeeting, reportInPersonDueAt } from '../../src/assessment/follow-up.js';
import { toIsoWithOffset } from '../../src/calendar/index.js';
import { optText, text } from '../../src/supervision/variables.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/**
 * S1-6 S1-7 S1-8 S1-9: records the minutes and the common conclusion; a monthly meeting publishes
 * the month's assessment bulletin and tells every unit; the events the meeting names go to special
 * supervision or to a level-1 supervision meeting through the existing supervision process. The
 * bottom three's leaders get their 述职 task (the process's multi-instance task over the result).
 */
export const analysisMeetingPublish: TopicDefinition = defineTopic('analysis-meeting-publish', async (task, { db, engine, context }) => {
  const v = task.variables;
  const now = new Date();
  const result = await holdAnalysisMeeting(
    { db, engine, orgChart: context.orgChart, categoryName: context.categoryName, schemeFile: context.assessmentSchemeFile },
    {
      processInstanceId: task.processInstanceId,
      kind: optText(v, 'meetingKind') === 'special' ? 'special' : 'monthly',
      month: text(v, 'analysisMonth'),
      record: {
        analysis: text(v, 'analysis'),
        mainReporter: text(v, 'mainReporter'),
        minutes: text(v, 'minutes'),
        conclusion: text(v, 'conclusion'),
        opinions: optText(v, 'opinions') ?? null,
      },
      specialSupervisionEvents: optText(v, 'specialSupervisionEvents'),
      level1Events: optText(v, 'level1Events'),
    },
    now,
  );
  return {
    reportInPersonUnits: result.reportInPerson.join(','),
    reportInPersonCount: result.reportInPerson.length,
    followUpSummary: result.summary,
    reportInPersonDueAt: toIsoWithOffset(reportInPersonDueAt(await context.calendar(db), now)),
  };
});
