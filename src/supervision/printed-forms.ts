import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { DataSource } from 'typeorm';
import type { SupervisionItem, SupervisionOpinion } from '../db/entities/index.js';
import { SupervisionError, SUPERVISION_MESSAGES } from './errors.js';
import { chineseDate, chineseDateTime } from '../formatting/chinese-dates.js';
import { OUTCOME_NAMES, parseHandlingDetail } from './handling-detail.js';
import { FINAL_DECISIONS, itemById, ItemNotFoundError, LEVEL2_CONCLUSIONS, opinionsOf, REVIEW_DECISIONS, type FinalDecision, type Level2Conclusion, type ReviewDecision } from './items.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';
import { CENTRE, CONVENING_UNITS } from './org.js';
import { reviewPath } from './review.js';

/**
 * The printed approval forms, laid out for A4 as in the attachments of seed 000 and filled from
 * what was recorded: every convening unit's opinion, signer, seal and date.
 *   approval — 附件1 督办事件审批表 (S0-A1)
 *   level1   — 附件2 提请一级督办联席会议会商事件审批表 (S0-A2: form 1 + 区领导批示意见 + 一级会商意见)
 *   archive  — 决策参考事件终结归档审批表 (S0-4.6)
 * Handlebars escapes every value; the templates never use triple braces.
 */
export const PRINTED_FORMS = ['approval', 'level1', 'archive'] as const;
export type PrintedForm = (typeof PRINTED_FORMS)[number];
export const PLATFORM = '上城区“平安365”社会服务管理平台';

const TEMPLATE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

let compiled: Record<PrintedForm, HandlebarsTemplateDelegate> | undefined;
function templates(): Record<PrintedForm, HandlebarsTemplateDelegate> {
  if (compiled) return compiled;
  const hb = Handlebars.create();
  const read = (name: string) => fs.readFileSync(path.join(TEMPLATE_DIR, `${name}.hbs`), 'utf8');
  for (const partial of ['style', 'convener', 'header-rows', 'detail']) hb.registerPartial(partial, read(`_${partial}`));
  compiled = Object.fromEntries(PRINTED_FORMS.map((f) => [f, hb.compile(read(f), { strict: false })])) as Record<PrintedForm, HandlebarsTemplateDelegate>;
  return compiled;
}

const parseJson = <T>(text: string | null): T | null => {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
};

/** Review decisions taken before decision-reference became a level-1-only decision. */
const LEGACY_REVIEW_DECISIONS: Record<string, string> = { 'decision-reference': '未提交一级会商，同意列为决策参考事件' };

export function formView(item: SupervisionItem, opinions: SupervisionOpinion[], chart: OrgChart) {
  const detail = parseHandlingDetail(item.handlingDetail);
  const conveners = CONVENING_UNITS.map((u) => {
    const o = opinions.find((x) => x.stage === 'preliminary' && x.unitId === u.id);
    return {
      label: `${u.label}意见`,
      unitName: u.label,
      listedYes: o?.listed === true,
      listedNo: o?.listed === false,
      reason: o?.opinion ?? '',
      sealed: o?.sealed ?? false,
      signer: o?.signer ?? '',
      date: o?.signedOn ? chineseDate(o.signedOn) : '',
    };
  });
  const heads = CONVENING_UNITS.map((u) => {
    const o = opinions.find((x) => x.stage === 'level2' && x.unitId === u.id);
    // S0-4.3: the signer is the engine account that completed the unit's own signing task.
    const signer = o ? (o.signerAccount ? `${o.signer}（账号 ${o.signerAccount}）` : o.signer) : '';
    return { label: u.label, unitName: u.label, opinion: o?.opinion ?? '', signer, sealed: o?.sealed ?? false, date: o?.signedOn ? chineseDate(o.signedOn) : '' };
  });
  const level2 = item.level2Conclusion
    ? {
        conclusion: `${LEVEL2_CONCLUSIONS[item.level2Conclusion as Level2Conclusion] ?? item.level2Conclusion}${item.level2Conclusion === 'resolved' && item.redispatchUnit ? `（责任主体：${unitName(chart, item.redispatchUnit)}）` : ''}`,
        opinion: item.level2Opinion ?? '',
        heads,
        date: chineseDate(item.level2Date),
      }
    : null;
  const review = item.reviewDecision
    ? {
        decision: REVIEW_DECISIONS[item.reviewDecision as ReviewDecision] ?? LEGACY_REVIEW_DECISIONS[item.reviewDecision] ?? item.reviewDecision,
        instruction: item.reviewInstruction ?? '',
        reason: reviewPath(item)?.reason ?? '',
        submitted: reviewPath(item)?.submitted ?? false,
        signer: item.reviewSigner ?? '',
        date: chineseDate(item.reviewDate),
      }
    : null;
  const level1 = item.level1MeetingId
    ? {
        opinion: item.level1Opinion ?? '',
        decision: FINAL_DECISIONS[item.finalDecision as FinalDecision] ?? item.finalDecision ?? '',
        leadUnit: item.finalDecision === 'continue' ? unitName(chart, item.redispatchUnit) : '',
        signer: item.finalSigner ?? '',
        date: chineseDate(item.finalDate),
      }
    : null;
  const decisionByLevel1 = Boolean(item.level1MeetingId);
  return {
    platform: PLATFORM,
    eventNumber: item.eventNumber,
    eventTitle: item.title,
    categoryName: item.categoryName ?? item.category ?? '',
    street: item.street ?? '',
    leadUnitName: unitName(chart, item.leadUnit),
    centreName: unitName(chart, CENTRE),
    dispatchDate: chineseDate(item.dispatchDate),
    convenerCount: conveners.length,
    conveners,
    level2,
    review,
    /** S0-4.4/S0-4.5: which way the item went after level 2 (null until the leader reviewed it). */
    path: reviewPath(item),
    level1,
    decision: {
      text: item.finalDecision === 'decision-reference' ? `${decisionByLevel1 ? '一级督办联席会议终审' : '区领导审核'}：同意列为决策参考事件` : '',
      opinion: decisionByLevel1 ? (item.level1Opinion ?? '') : (item.reviewInstruction ?? ''),
      signer: decisionByLevel1 ? (item.finalSigner ?? '') : (item.reviewSigner ?? ''),
      date: chineseDate(decisionByLevel1 ? item.finalDate : item.reviewDate),
    },
    communication: parseJson<Record<string, string | null>>(item.communication) ?? {},
    archive: (() => {
      const a = parseJson<Record<string, string | boolean | null>>(item.archiveForm) ?? {};
      return { ...a, date: typeof a.date === 'string' ? chineseDate(a.date) : '' };
    })(),
    detail: {
      event: detail.event ? { ...detail.event, receivedAt: chineseDateTime(detail.event.receivedAt) } : null,
      rounds: detail.rounds.map((r) => ({
        ...r,
        roleName: r.role === 'lead' ? '责任主体' : '配合单位',
        dispatchedAt: chineseDateTime(r.dispatchedAt),
        dueAt: chineseDateTime(r.dueAt),
        completedAt: r.completedAt ? chineseDateTime(r.completedAt) : '',
        outcomeName: OUTCOME_NAMES[r.outcome] ?? r.outcome,
      })),
      steps: detail.steps.map((s) => ({ ...s, at: chineseDateTime(s.at) })),
    },
  };
}

export function renderPrintedForm(form: PrintedForm, item: SupervisionItem, opinions: SupervisionOpinion[], chart: OrgChart): string {
  return templates()[form](formView(item, opinions, chart));
}

export function isPrintedForm(name: string): name is PrintedForm {
  return (PRINTED_FORMS as readonly string[]).includes(name);
}

export async function printForm(db: DataSource, id: number, form: string, chart: OrgChart): Promise<string> {
  if (!isPrintedForm(form)) throw new SupervisionError(404, 'FORM_NOT_FOUND', SUPERVISION_MESSAGES.formNotFound);
  try {
    const item = await itemById(db, id);
    return renderPrintedForm(form, item, await opinionsOf(db, id), chart);
  } catch (err) {
    if (err instanceof ItemNotFoundError) throw new SupervisionError(404, 'NOT_FOUND', SUPERVISION_MESSAGES.itemNotFound);
    throw err;
  }
}
