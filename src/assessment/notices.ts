import Handlebars from 'handlebars';
import type { DataSource } from 'typeorm';
import type { OrgChart } from '../identity/org-chart.js';
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

const hb = Handlebars.create();
const compiled = Object.fromEntries(
  Object.entries(ASSESSMENT_NOTICES).map(([type, t]) => [type, { subject: hb.compile(t.subject, { noEscape: true }), text: hb.compile(t.body, { noEscape: true }), html: hb.compile(t.body) }]),
) as Record<AssessmentNoticeType, { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate }>;

export async function notifyUnits(
  db: DataSource,
  chart: OrgChart,
  type: AssessmentNoticeType,
  cause: string,
  perUnit: Array<{ unitId: string; context: Record<string, unknown> }>,
): Promise<number> {
  const rows = perUnit.flatMap(({ unitId, context }) => {
    const unit = chart.units.find((u) => u.id === unitId);
    if (!unit) return [];
    const { phone, email, name } = unit.liaison;
    const [channel, to] = phone ? (['webhook', phone] as const) : email ? (['email', email] as const) : (['none', null] as const);
    const ctx = { ...context, liaisonName: name, unitName: unit.name, leaderName: unit.leader.name };
    const t = compiled[type];
    return [
      {
        causeKey: `${type}:${cause}:liaison:${unitId}`.slice(0, 191),
        template: type,
        channel,
        recipient: `liaison:${unitId}`,
        eventNumber: null,
        payload: {
          to,
          toName: `${name}（${unit.name}联络员）`,
          subject: t.subject(ctx).trim(),
          text: t.text(ctx).trim(),
          html: `<div style="font-family:sans-serif;line-height:1.6">${t.html(ctx).trim()}</div>`,
        },
      },
    ];
  });
  await enqueueNotices(db, rows);
  return rows.length;
}
