import type { DataSource } from 'typeorm';
import { SupervisionItemEntity, SupervisionOpinionEntity, type SupervisionItem, type SupervisionOpinion, type SupervisionStatus } from '../db/entities/index.js';
import { unitName, type OrgChart } from '../identity/org-chart.js';
import { CONVENING_UNITS } from './org.js';

/** Words shown to people for the codes the process uses. */
export const ENTRY_NAMES: Record<string, string> = {
  escalated: '超过15个工作日自动提请',
  'unit-report': '处置单位报告属督办范围',
  centre: '联动指挥中心申报',
};

/** S0-2 scope. */
export const SCOPE_TYPES = {
  'law-not-applicable': '不适用现阶段法律法规',
  'policy-unsolvable': '目前政策环境下无法解决',
  'historical-legacy': '历史遗留',
  other: '其他提请认定和处置的事项',
} as const;
export type ScopeType = keyof typeof SCOPE_TYPES;

export const LEVEL2_CONCLUSIONS = { resolved: '形成结论，明确责任主体继续处置', 'no-conclusion': '无法形成结论', unsolvable: '确属无法解决' } as const;
export type Level2Conclusion = keyof typeof LEVEL2_CONCLUSIONS;

/**
 * S0-4.4: at review the district leader submits the item to level 1, or does not (with a reason)
 * and it continues to be handled. Listing it as a decision-reference event is the level-1 final
 * decision (S0-4.5), never a review decision (see `review.ts` and README).
 */
export const REVIEW_DECISIONS = { level1: '提交一级督办联席会议会商', continue: '未提交一级会商，继续处置' } as const;
export type ReviewDecision = keyof typeof REVIEW_DECISIONS;

export const FINAL_DECISIONS = { continue: '继续处置', 'decision-reference': '同意列为决策参考事件' } as const;
export type FinalDecision = keyof typeof FINAL_DECISIONS;

export const STATUS_NAMES: Record<SupervisionStatus, string> = {
  declaring: '中心申报中',
  reviewing: '召集单位初审中',
  returned: '已退回',
  listed: '待二级督办联席会议会商',
  review: '待区领导审核',
  level1: '待一级督办联席会议会商',
  archiving: '决策参考终结归档中',
  archived: '已归档（决策参考事件）',
  redispatched: '已重新派遣',
  cancelled: '已撤销',
};

/** Items still in the supervision process: one event has at most one (409 otherwise). */
export const ACTIVE_STATUSES: SupervisionStatus[] = ['declaring', 'reviewing', 'listed', 'review', 'level1', 'archiving'];

export class ItemNotFoundError extends Error {}

export async function itemById(db: DataSource, id: number): Promise<SupervisionItem> {
  const item = await db.getRepository(SupervisionItemEntity).findOneBy({ id });
  if (!item) throw new ItemNotFoundError(`supervision item ${id} does not exist`);
  return item;
}

export async function opinionsOf(db: DataSource, itemId: number): Promise<SupervisionOpinion[]> {
  return db.getRepository(SupervisionOpinionEntity).find({ where: { itemId }, order: { id: 'ASC' } });
}

const yesNo = (listed: boolean | null) => (listed ? '列为会商' : '不列为会商');

/** "区纪委：不列为会商（理由）；区委办：…" in form order. */
export function preliminarySummary(opinions: SupervisionOpinion[]): string {
  return CONVENING_UNITS.map((u) => {
    const o = opinions.find((x) => x.stage === 'preliminary' && x.unitId === u.id);
    return o ? `${u.label}：${yesNo(o.listed)}（${o.opinion}）` : `${u.label}：未填写`;
  }).join('；');
}

export function level2HeadsSummary(opinions: SupervisionOpinion[]): string {
  return CONVENING_UNITS.map((u) => {
    const o = opinions.find((x) => x.stage === 'level2' && x.unitId === u.id);
    return o ? `${u.label}（${o.signer}）：${o.opinion}` : `${u.label}：未签署`;
  }).join('；');
}

/** What the meeting reads about an item (read-only text in the meeting forms). */
export function itemBriefing(item: SupervisionItem, opinions: SupervisionOpinion[], chart: OrgChart): string {
  const lines = [
    `事件：${item.title}（${item.eventNumber}），${item.categoryName ?? item.category ?? ''}${item.street ? `，${item.street}` : ''}`,
    `原处置单位：${unitName(chart, item.leadUnit) || '（无）'}；提请方式：${ENTRY_NAMES[item.entry] ?? item.entry}`,
    `提请理由：${item.scopeType ? `【${SCOPE_TYPES[item.scopeType as ScopeType] ?? item.scopeType}】` : ''}${item.scopeReason ?? ''}`,
    `初审意见：${preliminarySummary(opinions)}`,
  ];
  if (item.level2Conclusion) {
    lines.push(`二级督办联席会议会商意见（${item.level2Date ?? ''}）：${LEVEL2_CONCLUSIONS[item.level2Conclusion as Level2Conclusion] ?? item.level2Conclusion}。${item.level2Opinion ?? ''}`);
    lines.push(`召集单位负责人意见：${level2HeadsSummary(opinions)}`);
  }
  if (item.reviewDecision) {
    lines.push(`区领导批示意见（${item.reviewSigner ?? ''} ${item.reviewDate ?? ''}）：${item.reviewInstruction ?? ''}`);
    if (item.reviewDecision !== 'level1' && item.reviewReason) lines.push(`未提交一级会商的理由：${item.reviewReason}`);
  }
  return lines.join('\n');
}
