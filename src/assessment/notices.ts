import type { DataSource } from 'typeorm';
import { findUnit, type OrgChart } from '../identity/org-chart.js';
import { liaisonNotice, noticeRenderer } from '../notifications/liaison-notices.js';
import { enqueueNotices } from '../notifications/outbox.js';

/**
 * Notices of the assessment go to each unit's liaison (联络员, S0-7) through the notification
 * outbox, keyed by cause so a redelivered task or a repeated request writes nothing new.
 */
export const ASSESSMENT_NOTICES = {
  'assessment-published': {
    subject: '{{monthLabel}}考核通报已发布',
    body: '{{liaisonName}}：联动指挥中心已发布{{monthLabel}}社会治理联动工作考核通报（{{number}}）。{{unitName}}本月得分 {{score}}，在{{groupName}}中排名第{{rank}}。请登录平台查看通报及处理意见：{{link}}',
  },
  'assessment-report-in-person': {
    subject: '{{monthLabel}}考核排名后三位述职通知',
    body: '{{liaisonName}}：{{unitName}}在{{monthLabel}}考核中位列{{groupName}}后三位（得分 {{score}}），请单位主要领导{{leaderName}}在下次会议上述职（S4-4.9），并在平台提交述职材料。',
  },
} as const;

export type AssessmentNoticeType = keyof typeof ASSESSMENT_NOTICES;

const render = noticeRenderer(ASSESSMENT_NOTICES);

export async function notifyUnits(
  db: DataSource,
  chart: OrgChart,
  type: AssessmentNoticeType,
  cause: string,
  perUnit: Array<{ unitId: string; context: Record<string, unknown> }>,
): Promise<number> {
  const rows = perUnit.flatMap(({ unitId, context }) => {
    const unit = findUnit(chart, unitId);
    return unit ? [liaisonNotice(unit, type, cause, (names) => render(type, { ...context, ...names }))] : [];
  });
  await enqueueNotices(db, rows);
  return rows.length;
}
