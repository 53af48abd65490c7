import { EntitySchema } from 'typeorm';

/**
 * SPEC S3 (seed 003, 职责不清会商研判). An item (议题) is one unclear-responsibility problem: from
 * an event returned twice (it then holds the event), or entered by hand by 社管办 (a district
 * leader's assignment, a platform item nobody can coordinate, media exposure or a netizen
 * complaint). A meeting (会商研判会议) is one monthly (or ad hoc) cycle; the tracking ledger
 * (专项督导台账) has one row per decided item and implementing unit.
 */
export type ConsultationSource = 'event' | 'leader' | 'platform' | 'media' | 'netizen';
/** collected → on-agenda → decided → assigned; or on-agenda → leader (submitted to district leaders) → decided → assigned. */
export type ConsultationItemStatus = 'collected' | 'on-agenda' | 'decided' | 'leader' | 'assigned';
export type ConsultationPrinciple = 'statutory' | 'negotiated' | 'designated' | 'leader';

export interface ConsultationReturn {
  round: number;
  unitId: string;
  reason: string | null;
  returnedAt: string | null;
}

export interface ConsultationItem {
  id: number;
  /** The agenda month `YYYY-MM` the item is collected for (moves on when not decided). */
  month: string;
  source: ConsultationSource;
  title: string;
  description: string;
  /** Link to, or copy of, the media report or complaint; the leader's instruction. */
  sourceRef: string | null;
  category: string | null;
  street: string | null;
  /** Units said to be involved (JSON array of org-chart ids). */
  unitsInvolved: string;
  eventNumber: string | null;
  eventProcessInstanceId: string | null;
  /** The returns with their reasons (JSON array of ConsultationReturn). */
  returns: string;
  status: ConsultationItemStatus;
  meetingId: number | null;
  /** 编办: determination from each unit's statutory functions. */
  determination: string | null;
  /** 法制办: advice on a hard case. */
  legalAdvice: string | null;
  principle: ConsultationPrinciple | null;
  leadUnit: string | null;
  /** Comma-separated org-chart ids. */
  cooperatingUnits: string | null;
  citation: string | null;
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** When the item went to the district leaders (principle 'leader' of the meeting). */
  leaderSubmittedAt: Date | null;
  routingDeploymentId: string | null;
  routingVersion: number | null;
  dispatchedAt: Date | null;
  assignedAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export type ConsultationMeetingStatus = 'collecting' | 'agenda' | 'held' | 'closed';

export interface ConsultationMeeting {
  id: number;
  /** `YYYY-MM` for the monthly meeting, `YYYY-MM-Ln` for an ad hoc one. */
  ref: string;
  month: string;
  kind: 'monthly' | 'ad-hoc';
  status: ConsultationMeetingStatus;
  collectionCloseAt: Date;
  agendaDueAt: Date;
  agendaFixedAt: Date | null;
  agendaOverdueAt: Date | null;
  meetingAt: Date | null;
  place: string | null;
  /** JSON: the six parts of S3-2 as fixed at the agenda. */
  agenda: string | null;
  /** JSON array of org-chart ids. */
  participants: string | null;
  /** JSON: the seven steps of S3-3.2 and the leadership requirements. */
  minutes: string | null;
  heldAt: Date | null;
  reportDueAt: Date | null;
  specialReportApprovedAt: Date | null;
  processInstanceId: string | null;
  createdAt: Date;
}

export type TrackingStatus = 'pending' | 'implemented' | 'not-implemented' | 'missing-report';

export interface ConsultationTracking {
  id: number;
  itemId: number;
  meetingId: number | null;
  unitId: string;
  role: 'lead' | 'cooperating';
  assignedAt: Date;
  status: TrackingStatus;
  /** The month of the last written report asked for (`YYYY-MM`). */
  reportMonth: string | null;
  reportDueAt: Date | null;
  reportedAt: Date | null;
  reportText: string | null;
}

export const ConsultationItemEntity = new EntitySchema<ConsultationItem>({
  name: 'ConsultationItem',
  tableName: 'consultation_item',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    month: { type: String, length: 7 },
    source: { type: String, length: 16 },
    title: { type: String, length: 200 },
    description: { type: 'text' },
    sourceRef: { name: 'source_ref', type: String, length: 1000, nullable: true },
    category: { type: String, length: 64, nullable: true },
    street: { type: String, length: 64, nullable: true },
    unitsInvolved: { name: 'units_involved', type: 'text' },
    eventNumber: { name: 'event_number', type: String, length: 32, nullable: true, unique: true },
    eventProcessInstanceId: { name: 'event_process_instance_id', type: String, length: 64, nullable: true },
    returns: { type: 'text' },
    status: { type: String, length: 16 },
    meetingId: { name: 'meeting_id', type: Number, nullable: true },
    determination: { type: 'text', nullable: true },
    legalAdvice: { name: 'legal_advice', type: 'text', nullable: true },
    principle: { type: String, length: 16, nullable: true },
    leadUnit: { name: 'lead_unit', type: String, length: 64, nullable: true },
    cooperatingUnits: { name: 'cooperating_units', type: String, length: 500, nullable: true },
    citation: { type: String, length: 500, nullable: true },
    decisionNote: { name: 'decision_note', type: 'text', nullable: true },
    decidedBy: { name: 'decided_by', type: String, length: 64, nullable: true },
    decidedAt: { name: 'decided_at', type: Date, nullable: true },
    leaderSubmittedAt: { name: 'leader_submitted_at', type: Date, nullable: true },
    routingDeploymentId: { name: 'routing_deployment_id', type: String, length: 64, nullable: true },
    routingVersion: { name: 'routing_version', type: Number, nullable: true },
    dispatchedAt: { name: 'dispatched_at', type: Date, nullable: true },
    assignedAt: { name: 'assigned_at', type: Date, nullable: true },
    createdBy: { name: 'created_by', type: String, length: 64 },
    createdAt: { name: 'created_at', type: Date },
  },
  indices: [{ name: 'idx_consultation_item_month', columns: ['month', 'status'] }],
});

export const ConsultationMeetingEntity = new EntitySchema<ConsultationMeeting>({
  name: 'ConsultationMeeting',
  tableName: 'consultation_meeting',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    ref: { type: String, length: 16, unique: true },
    month: { type: String, length: 7 },
    kind: { type: String, length: 8 },
    status: { type: String, length: 16 },
    collectionCloseAt: { name: 'collection_close_at', type: Date },
    agendaDueAt: { name: 'agenda_due_at', type: Date },
    agendaFixedAt: { name: 'agenda_fixed_at', type: Date, nullable: true },
    agendaOverdueAt: { name: 'agenda_overdue_at', type: Date, nullable: true },
    meetingAt: { name: 'meeting_at', type: Date, nullable: true },
    place: { type: String, length: 200, nullable: true },
    agenda: { type: 'text', nullable: true },
    participants: { type: 'text', nullable: true },
    minutes: { type: 'text', nullable: true },
    heldAt: { name: 'held_at', type: Date, nullable: true },
    reportDueAt: { name: 'report_due_at', type: Date, nullable: true },
    specialReportApprovedAt: { name: 'special_report_approved_at', type: Date, nullable: true },
    processInstanceId: { name: 'process_instance_id', type: String, length: 64, nullable: true },
    createdAt: { name: 'created_at', type: Date },
  },
});

export const ConsultationTrackingEntity = new EntitySchema<ConsultationTracking>({
  name: 'ConsultationTracking',
  tableName: 'consultation_tracking',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    itemId: { name: 'item_id', type: Number },
    meetingId: { name: 'meeting_id', type: Number, nullable: true },
    unitId: { name: 'unit_id', type: String, length: 64 },
    role: { type: String, length: 16 },
    assignedAt: { name: 'assigned_at', type: Date },
    status: { type: String, length: 16 },
    reportMonth: { name: 'report_month', type: String, length: 7, nullable: true },
    reportDueAt: { name: 'report_due_at', type: Date, nullable: true },
    reportedAt: { name: 'reported_at', type: Date, nullable: true },
    reportText: { name: 'report_text', type: 'text', nullable: true },
  },
  uniques: [{ name: 'uq_consultation_tracking_item_unit', columns: ['itemId', 'unitId'] }],
});
