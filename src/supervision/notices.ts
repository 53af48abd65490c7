import type { DataSource } from 'typeorm';
import { unitOrThrow, type OrgChart } from '../identity/org-chart.js';
import { liaisonNotice, noticeRenderer, type RenderedNotice } from '../notifications/liaison-notices.js';
import { enqueueNotices } from '../notifications/outbox.js';

/**
 * Notices of the supervision process go to each party's liaison (联络员, S0-7): by SMS (webhook)
 * to the liaison's phone, else by e-mail, as the notification outbox does for `liaison:<unit>`.
 * Written into the outbox (`notice`), one row per liaison, keyed by cause so that a redelivered
 * task writes nothing new.
 */
export const SUPERVISION_NOTICES = {
  'supervision-declared': {
    subject: '督办事件待初审：{{eventNumber}}',
    body: '{{liaisonName}}：联动指挥中心提请督办联席会议认定的事件（编号 {{eventNumber}}，{{title}}）已报送{{unitName}}，请组织初审，在《督办事件审批表》中填写是否列为会商及理由，并由负责人签名、加盖单位公章。提请理由：{{scopeReason}}',
  },
  'supervision-returned': {
    subject: '督办事件已退回：{{eventNumber}}',
    body: '{{liaisonName}}：事件 {{eventNumber}}（{{title}}）经区纪委、区委办、区府办初审，均认为不必列入督办联席会议会商，予以退回，事件回到处置流程。{{summary}}',
  },
  'supervision-listed': {
    subject: '事件已列入二级督办联席会议会商：{{eventNumber}}',
    body: '{{liaisonName}}：事件 {{eventNumber}}（{{title}}）已列入二级督办联席会议会商，联动指挥中心将汇总后提交会议。',
  },
  'supervision-level1-submitted': {
    subject: '提请一级督办联席会议会商：{{eventNumber}}',
    body: '{{liaisonName}}：区领导审核决定将事件 {{eventNumber}}（{{title}}）提交一级督办联席会议会商，请区领导择时召集。批示意见：{{instruction}}',
  },
  'supervision-meeting': {
    subject: '{{meetingName}}通知：{{meetingTime}}',
    body: '{{liaisonName}}：{{meetingName}}定于 {{meetingTime}} 在{{place}}召开，请{{unitName}}分管负责人参会。会商事项：{{agenda}}',
  },
  'supervision-meeting-declined': {
    subject: '临时召开二级督办联席会议的提议未获确认',
    body: '{{liaisonName}}：{{proposerName}}提议于 {{meetingTime}} 临时召开二级督办联席会议，{{declinedBy}}不同意召开，提议终止（二级督办联席会议由区纪委、区委办、区府办联合召集）。理由：{{reason}}',
  },
  'supervision-redispatched': {
    subject: '督办事件重新派遣：{{eventNumber}}',
    body: '{{liaisonName}}：事件 {{eventNumber}}（{{title}}）经督办联席会议（区领导）决定继续处置，由{{leadUnitName}}牵头处置。{{summary}}',
  },
  'supervision-decision-reference': {
    subject: '事件列为决策参考事件：{{eventNumber}}',
    body: '{{liaisonName}}：事件 {{eventNumber}}（{{title}}）经区领导决定列为决策参考事件，进入终结归档审批流程。自即日起至归档，该事件不计入处置单位的考核时间；归档后计入已办结事件。',
  },
  'supervision-archived': {
    subject: '决策参考事件已终结归档：{{eventNumber}}',
    body: '{{liaisonName}}：决策参考事件 {{eventNumber}}（{{title}}）已填写《决策参考事件终结归档审批表》并存档，计入已办结事件。',
  },
} as const;

export type SupervisionNoticeType = keyof typeof SUPERVISION_NOTICES;

const render = noticeRenderer(SUPERVISION_NOTICES);

export type RenderedSupervisionNotice = RenderedNotice;

export function renderSupervisionNotice(type: SupervisionNoticeType, context: Record<string, unknown>): RenderedSupervisionNotice {
  return render(type, context);
}

/**
 * Writes one notice per unit's liaison. `cause` identifies what happened (e.g. the process
 * instance and step); together with the type and the unit it is the idempotency key.
 */
export async function notifyLiaisons(
  db: DataSource,
  chart: OrgChart,
  type: SupervisionNoticeType,
  cause: string,
  unitIds: Array<string | null | undefined>,
  context: Record<string, unknown>,
  eventNumber: string | null = (context.eventNumber as string | undefined) ?? null,
): Promise<number> {
  const ids = [...new Set(unitIds.filter((u): u is string => Boolean(u)))];
  const rows = ids.map((unitId) =>
    liaisonNotice(unitOrThrow(chart, unitId), type, cause, ({ liaisonName, unitName }) => render(type, { ...context, liaisonName, unitName }), eventNumber),
  );
  await enqueueNotices(db, rows);
  return rows.length;
}
