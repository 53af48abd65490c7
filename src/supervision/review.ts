import type { SupervisionItem } from '../db/entities/index.js';
import { REVIEW_DECISIONS, type ReviewDecision } from './items.js';
import { optDate, optText, type VariableSource } from './variables.js';

/**
 * S0-4.4 审核 and S0-4.5 终审 (seed 000 art. 4(4), 4(5)). Our reading (README, "The supervision
 * joint meeting"): at review the district leader decides only WHETHER to submit the item to the
 * level-1 meeting. Not submitting it means it continues to be handled (re-dispatched, art. 6
 * "经审核，由联动中心重新派发"), and the leader must say why. "继续处置或同意列为决策参考事件" is the
 * final decision of art. 4(5), taken for the items the level-1 meeting consulted: a
 * decision-reference event always has a level-1 opinion.
 */
export const LEADER_REVIEW_REFUSED = 'LEADER_REVIEW_REFUSED';
export const NOT_SUBMITTED_TO_LEVEL1 = '未提交一级会商';

export const REVIEW_MESSAGES = {
  decisionReferenceNeedsLevel1:
    '列为决策参考事件须经一级督办联席会议会商后由区领导终审决定（督办联席会议制度第四条第五项）。请选择「提交一级督办联席会议会商」，或写明理由后不提交、继续处置。',
  unknownDecision: '请选择审核决定：提交一级督办联席会议会商，或不提交、继续处置。',
  reasonRequired: '不提交一级督办联席会议会商的，请写明理由。',
  instructionRequired: '请填写区领导批示意见。',
  signerRequired: '请签名。',
} as const;

/** The leader's answer cannot be taken as it is: the review task goes back with this message. */
export class LeaderReviewRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaderReviewRefused';
  }
}

export interface LeaderReview {
  decision: ReviewDecision;
  instruction: string;
  /** Why the item is not submitted to level 1 (required when `decision` is `continue`). */
  reason: string | null;
  signer: string;
  date: string | null;
  /** The unit named to continue (null: the original lead unit). */
  leadUnit: string | null;
}

/** Reads and checks the review form. Throws `LeaderReviewRefused` with a message for the leader. */
export function readLeaderReview(v: VariableSource, isHandlingUnit: (id: string) => boolean): LeaderReview {
  const decision = optText(v, 'reviewDecision');
  if (decision === 'decision-reference') throw new LeaderReviewRefused(REVIEW_MESSAGES.decisionReferenceNeedsLevel1);
  if (!decision || !(decision in REVIEW_DECISIONS)) throw new LeaderReviewRefused(REVIEW_MESSAGES.unknownDecision);
  const instruction = optText(v, 'reviewInstruction');
  if (!instruction) throw new LeaderReviewRefused(REVIEW_MESSAGES.instructionRequired);
  const signer = optText(v, 'reviewSigner');
  if (!signer) throw new LeaderReviewRefused(REVIEW_MESSAGES.signerRequired);
  const reason = optText(v, 'reviewReason') ?? null;
  if (decision === 'continue' && !reason) throw new LeaderReviewRefused(REVIEW_MESSAGES.reasonRequired);
  const named = optText(v, 'reviewLeadUnit');
  if (named && !isHandlingUnit(named)) throw new Error(`reviewLeadUnit ${named} is not a handling unit of the org chart`);
  return {
    decision: decision as ReviewDecision,
    instruction,
    reason: decision === 'continue' ? reason : null,
    signer,
    date: optDate(v, 'reviewDate') ?? null,
    leadUnit: decision === 'continue' ? (named ?? null) : null,
  };
}

/** Which way the item went after the level-2 meeting, for the printed forms. */
export interface ReviewPath {
  /** Submitted to the level-1 meeting. */
  submitted: boolean;
  /** "未提交一级会商" or "提交一级督办联席会议会商". */
  label: string;
  /** The leader's reason for not submitting it (empty when submitted). */
  reason: string;
}

export function reviewPath(item: Pick<SupervisionItem, 'reviewDecision' | 'reviewReason' | 'reviewInstruction' | 'level1MeetingId'>): ReviewPath | null {
  if (!item.reviewDecision) return null;
  const submitted = item.reviewDecision === 'level1' || Boolean(item.level1MeetingId);
  if (submitted) return { submitted, label: REVIEW_DECISIONS.level1, reason: '' };
  // Items reviewed before the reason was a field of its own: the instruction is the reason given.
  return { submitted, label: NOT_SUBMITTED_TO_LEVEL1, reason: item.reviewReason ?? item.reviewInstruction ?? '' };
}
