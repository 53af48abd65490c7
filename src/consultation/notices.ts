import type { DataSource } from 'typeorm';
import { unitOrThrow, type OrgChart } from '../identity/org-chart.js';
import { liaisonNotice, noticeRenderer } from '../notifications/liaison-notices.js';
import { enqueueNotices } from '../notifications/outbox.js';

/**
 * Notices of the consultation go to each party's liaison (联络员; seed 003 四(一): each convener
 * names one), by SMS to the phone, else e-mail, through the notification outbox. One row per
 * liaison and cause, so a redelivered task writes nothing new.
 */
export const CONSULTATION_NOTICES = {
  'consultation-meeting': {
    subject: '会商研判会议通知：{{meetingRef}}',
    body: '{{liaisonName}}：网格化管理职责不清事项会商研判会议（{{meetingRef}}）定于 {{meetingTime}} 在{{place}}召开，请{{unitName}}分管领导、有关业务部门负责人参会。议题涉及单位请于 {{materialDue}} 前提交书面材料。',
  },
  'consultation-assigned': {
    subject: '会商研判议定事项交办：议题{{itemId}}',
    body: '{{liaisonName}}：会商研判会议（{{meetingRef}}）议定，“{{title}}”由{{leadUnitName}}负责（{{principle}}），{{role}}。请按“一个问题、一个方案、一套措施”抓好落实，于每月15日前将落实情况书面报告区社管办。',
  },
} as const;
export type ConsultationNoticeType = keyof typeof CONSULTATION_NOTICES;

const render = noticeRenderer(CONSULTATION_NOTICES);

export async function notifyConsultationLiaisons(
  db: DataSource,
  chart: OrgChart,
  type: ConsultationNoticeType,
  cause: string,
  units: Array<{ unitId: string; context?: Record<string, unknown> }>,
  context: Record<string, unknown>,
): Promise<number> {
  const seen = new Set<string>();
  const notices = units
    .filter((u) => !seen.has(u.unitId) && seen.add(u.unitId))
    .map(({ unitId, context: own }) => liaisonNotice(unitOrThrow(chart, unitId), type, cause, (names) => render(type, { ...context, ...own, ...names })));
  await enqueueNotices(db, notices);
  return notices.length;
}
