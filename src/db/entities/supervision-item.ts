import { EntitySchema } from 'typeorm';

/**
 * One supervision item (督办事项, SPEC S0): an event that current law or policy cannot solve, or a
 * historical legacy item (S0-2), taken through the two-level supervision process. One row per
 * `supervision` process instance; the event keeps its number. Per-unit opinions are in
 * `supervision_opinion`, meetings in `supervision_meeting`.
 */
export type SupervisionStatus =
  | 'declaring' // registered, the centre fills form 1 (S0-4.1)
  | 'reviewing' // with the three convening units (S0-4.2)
  | 'returned' // all three said no
  | 'listed' // waiting for a level-2 meeting (S0-4.3)
  | 'review' // with the district leader (S0-4.4)
  | 'level1' // waiting for a level-1 meeting (S0-4.5)
  | 'archiving' // decision-reference archiving flow (S0-4.6, S0-5)
  | 'archived' // archived as a decision-reference event
  | 'redispatched' // back to handling with a named lead unit
  | 'cancelled';

export type SupervisionEntry = 'escalated' | 'unit-report' | 'centre';
export type SupervisionOutcome = 'returned' | 'redispatch' | 'decision-reference';

export interface SupervisionItem {
  id: number;
  processInstanceId: string;
  eventNumber: string;
  /** The handling round the event was in when it entered supervision (the ledger round S0-5/S0-6 act on). */
  handlingRound: number;
  title: string;
  category: string | null;
  categoryName: string | null;
  street: string | null;
  /** The lead unit of that round: the "original unit" of S0-6. */
  leadUnit: string | null;
  entry: SupervisionEntry;
  scopeType: string | null;
  scopeReason: string | null;
  status: SupervisionStatus;
  /** 中心派单时间 on form 1, YYYY-MM-DD. */
  dispatchDate: string | null;
  /** 事件处置详情表 attached to form 1: JSON text (see src/supervision/handling-detail.ts). */
  handlingDetail: string | null;
  enteredAt: Date;
  declaredAt: Date | null;
  listedAt: Date | null;
  /** The open meeting whose agenda holds the item (null when it waits for one). */
  pendingMeetingId: number | null;
  level2MeetingId: number | null;
  /** resolved | no-conclusion | unsolvable */
  level2Conclusion: string | null;
  level2Opinion: string | null;
  level2Date: string | null;
  /** level1 | continue | decision-reference */
  reviewDecision: string | null;
  reviewInstruction: string | null;
  /** S0-4.4: the district leader's reason for not submitting the item to level 1 (required then). */
  reviewReason?: string | null;
  reviewSigner: string | null;
  reviewDate: string | null;
  level1MeetingId: number | null;
  level1Opinion: string | null;
  level1Date: string | null;
  /** continue | decision-reference (S0-4.5) */
  finalDecision: string | null;
  finalSigner: string | null;
  finalDate: string | null;
  redispatchUnit: string | null;
  redispatchCooperatingUnits: string | null;
  /** Communication with the parties concerned (S0-4.6), JSON text. */
  communication: string | null;
  /** 决策参考事件终结归档审批表, JSON text. */
  archiveForm: string | null;
  decisionReferenceAt: Date | null;
  archivedAt: Date | null;
  outcome: SupervisionOutcome | null;
  summary: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const text = { type: 'text' as const, nullable: true };
const str = (length: number) => ({ type: String, length, nullable: true });
const date = { type: Date, nullable: true };

export const SupervisionItemEntity = new EntitySchema<SupervisionItem>({
  name: 'SupervisionItem',
  tableName: 'supervision_item',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    processInstanceId: { name: 'process_instance_id', type: String, length: 64, unique: true },
    eventNumber: { name: 'event_number', type: String, length: 32 },
    handlingRound: { name: 'handling_round', type: Number, default: 0 },
    title: { type: String, length: 200 },
    category: str(64),
    categoryName: { name: 'category_name', ...str(64) },
    street: str(64),
    leadUnit: { name: 'lead_unit', ...str(64) },
    entry: { type: String, length: 16 },
    scopeType: { name: 'scope_type', ...str(32) },
    scopeReason: { name: 'scope_reason', ...text },
    status: { type: String, length: 16 },
    dispatchDate: { name: 'dispatch_date', ...str(10) },
    handlingDetail: { name: 'handling_detail', ...text },
    enteredAt: { name: 'entered_at', type: Date },
    declaredAt: { name: 'declared_at', ...date },
    listedAt: { name: 'listed_at', ...date },
    pendingMeetingId: { name: 'pending_meeting_id', type: Number, nullable: true },
    level2MeetingId: { name: 'level2_meeting_id', type: Number, nullable: true },
    level2Conclusion: { name: 'level2_conclusion', ...str(16) },
    level2Opinion: { name: 'level2_opinion', ...text },
    level2Date: { name: 'level2_date', ...str(10) },
    reviewDecision: { name: 'review_decision', ...str(32) },
    reviewInstruction: { name: 'review_instruction', ...text },
    reviewReason: { name: 'review_reason', ...text },
    reviewSigner: { name: 'review_signer', ...str(64) },
    reviewDate: { name: 'review_date', ...str(10) },
    level1MeetingId: { name: 'level1_meeting_id', type: Number, nullable: true },
    level1Opinion: { name: 'level1_opinion', ...text },
    level1Date: { name: 'level1_date', ...str(10) },
    finalDecision: { name: 'final_decision', ...str(32) },
    finalSigner: { name: 'final_signer', ...str(64) },
    finalDate: { name: 'final_date', ...str(10) },
    redispatchUnit: { name: 'redispatch_unit', ...str(64) },
    redispatchCooperatingUnits: { name: 'redispatch_cooperating_units', ...str(300) },
    communication: text,
    archiveForm: { name: 'archive_form', ...text },
    decisionReferenceAt: { name: 'decision_reference_at', ...date },
    archivedAt: { name: 'archived_at', ...date },
    outcome: str(32),
    summary: text,
    closedAt: { name: 'closed_at', ...date },
    createdAt: { name: 'created_at', type: Date, createDate: true },
    updatedAt: { name: 'updated_at', type: Date, updateDate: true },
  },
  indices: [
    { name: 'idx_supervision_item_event', columns: ['eventNumber'] },
    { name: 'idx_supervision_item_status', columns: ['status'] },
    { name: 'idx_supervision_item_outcome', columns: ['outcome', 'archivedAt'] },
  ],
});
