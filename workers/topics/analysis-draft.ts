import { draftAnalysis, saveDraft } from '../../src/assessment/analysis-meeting.js';
import { text } from '../../src/supervision/variables.js';
import { defineTopic, type TopicDefinition } from '../topic.js';

/** S1-5 S1-6 S0-8: the draft analysis from the books, for the analysis office to edit. */
export const analysisDraft: TopicDefinition = defineTopic('analysis-draft', async (task, { db, context }) => {
  const draft = await draftAnalysis(db, context.orgChart, context.categoryName, text(task.variables, 'analysisMonth'));
  await saveDraft(db, task.processInstanceId, draft);
  return { draftAnalysis: draft };
});
