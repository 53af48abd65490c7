import { AccountabilityRecordEntity } from './accountability-record.js';
import { ConsultationItemEntity, ConsultationMeetingEntity, ConsultationTrackingEntity } from './consultation.js';
import { CalendarDayEntity } from './calendar-day.js';
import { EventEntity } from './event.js';
import { LedgerEntryEntity } from './ledger-entry.js';
import { ModelerDraftEntity } from './modeler-draft.js';
import { NoticeEntity } from './notice.js';
import { SlaRecordEntity } from './sla-record.js';
import { SupervisionItemEntity } from './supervision-item.js';
import { SupervisionMeetingEntity, SupervisionMeetingItemEntity } from './supervision-meeting.js';
import { SupervisionOpinionEntity } from './supervision-opinion.js';

// Every entity of the app database; add new ones here (one file each).
export const entities = [NoticeEntity, EventEntity, LedgerEntryEntity, CalendarDayEntity, SlaRecordEntity, SupervisionItemEntity, SupervisionOpinionEntity, SupervisionMeetingEntity, SupervisionMeetingItemEntity, ModelerDraftEntity, AccountabilityRecordEntity, ConsultationItemEntity, ConsultationMeetingEntity, ConsultationTrackingEntity];
export { CalendarDayEntity, EventEntity, LedgerEntryEntity, NoticeEntity, SlaRecordEntity, SupervisionItemEntity, SupervisionOpinionEntity, SupervisionMeetingEntity, SupervisionMeetingItemEntity, ModelerDraftEntity, AccountabilityRecordEntity, ConsultationItemEntity, ConsultationMeetingEntity, ConsultationTrackingEntity };
export type { SlaRecord } from './sla-record.js';
export type { CalendarDay } from './calendar-day.js';
export type { EventRecord, EventStatus } from './event.js';
export type { LedgerEntry, LedgerOutcome } from './ledger-entry.js';
export type { Notice } from './notice.js';
export type { SupervisionEntry, SupervisionItem, SupervisionOutcome, SupervisionStatus } from './supervision-item.js';
export type { MeetingStatus, SupervisionMeeting, SupervisionMeetingItem } from './supervision-meeting.js';
export type { OpinionStage, SupervisionOpinion } from './supervision-opinion.js';
export type { DraftKind, ModelerDraft } from './modeler-draft.js';
export type { AccountabilityKind, AccountabilityRecord, AccountabilitySource } from './accountability-record.js';
export type { ConsultationItem, ConsultationItemStatus, ConsultationMeeting, ConsultationMeetingStatus, ConsultationPrinciple, ConsultationReturn, ConsultationSource, ConsultationTracking, TrackingStatus } from './consultation.js';
