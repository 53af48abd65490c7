import { EntitySchema } from 'typeorm';

/**
 * One reported event (事件), the unit of work. `number` is the one serial number it keeps across
 * every process and channel (S4-4.4); it is also the business key of its process instances.
 * Reporter data is personal: it stays here (never in engine variables or logs) and is masked in lists.
 */
export type EventStatus = 'received' | 'accepted' | 'rejected' | 'merged' | 'handling' | 'verifying' | 'escalated' | 'closed';

export interface EventRecord {
  id: number;
  number: string | null;
  channel: string;
  externalId: string;
  /** sha256 of the canonical request body: same key + other body → 409. */
  requestHash: string;
  category: string;
  title: string;
  description: string;
  address: string;
  lat: number | null;
  lng: number | null;
  street: string | null;
  community: string | null;
  grid: string | null;
  /** The reporter's own urgent flag (S4-4.1); urgent categories are judged from the category. */
  reporterUrgent: boolean;
  /** The patrol inspector who reported (channel `patrol`, S4-4.6). */
  inspectorId: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
  attachments: string;
  reportedAt: Date;
  receivedAt: Date;
  status: EventStatus;
  stage: string | null;
  grade: string | null;
  leadUnit: string | null;
  cooperatingUnits: string | null;
  handlingRound: number;
  returnCount: number;
  dueAt: Date | null;
  warnAt: Date | null;
  overdue: boolean;
  unclearResponsibility: boolean;
  mergedInto: string | null;
  outcomeNote: string | null;
  satisfaction: number | null;
  processInstanceId: string | null;
  closedAt: Date | null;
  updatedAt: Date;
}

export const EventEntity = new EntitySchema<EventRecord>({
  name: 'Event',
  tableName: 'event',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    number: { type: String, length: 32, nullable: true, unique: true },
    channel: { type: String, length: 32 },
    externalId: { name: 'external_id', type: String, length: 128 },
    requestHash: { name: 'request_hash', type: String, length: 64 },
    category: { type: String, length: 64 },
    title: { type: String, length: 200 },
    description: { type: 'text' },
    address: { type: String, length: 300 },
    lat: { type: 'double', nullable: true },
    lng: { type: 'double', nullable: true },
    street: { type: String, length: 64, nullable: true },
    community: { type: String, length: 64, nullable: true },
    grid: { type: String, length: 64, nullable: true },
    reporterUrgent: { name: 'reporter_urgent', type: Boolean, default: false },
    inspectorId: { name: 'inspector_id', type: String, length: 32, nullable: true },
    reporterName: { name: 'reporter_name', type: String, length: 64, nullable: true },
    reporterPhone: { name: 'reporter_phone', type: String, length: 32, nullable: true },
    attachments: { type: 'text' },
    reportedAt: { name: 'reported_at', type: Date },
    receivedAt: { name: 'received_at', type: Date },
    status: { type: String, length: 16 },
    stage: { type: String, length: 64, nullable: true },
    grade: { type: String, length: 16, nullable: true },
    leadUnit: { name: 'lead_unit', type: String, length: 64, nullable: true },
    cooperatingUnits: { name: 'cooperating_units', type: String, length: 300, nullable: true },
    handlingRound: { name: 'handling_round', type: Number, default: 0 },
    returnCount: { name: 'return_count', type: Number, default: 0 },
    dueAt: { name: 'due_at', type: Date, nullable: true },
    warnAt: { name: 'warn_at', type: Date, nullable: true },
    overdue: { type: Boolean, default: false },
    unclearResponsibility: { name: 'unclear_responsibility', type: Boolean, default: false },
    mergedInto: { name: 'merged_into', type: String, length: 32, nullable: true },
    outcomeNote: { name: 'outcome_note', type: 'text', nullable: true },
    satisfaction: { type: Number, nullable: true },
    processInstanceId: { name: 'process_instance_id', type: String, length: 64, nullable: true },
    closedAt: { name: 'closed_at', type: Date, nullable: true },
    updatedAt: { name: 'updated_at', type: Date, updateDate: true },
  },
  indices: [
    { name: 'uq_event_channel_external', columns: ['channel', 'externalId'], unique: true },
    { name: 'idx_event_status_received', columns: ['status', 'receivedAt'] },
    { name: 'idx_event_street_received', columns: ['street', 'receivedAt'] },
    { name: 'idx_event_street_status_received', columns: ['street', 'status', 'receivedAt'] },
    { name: 'idx_event_category_received', columns: ['category', 'receivedAt'] },
    { name: 'idx_event_channel_received', columns: ['channel', 'receivedAt'] },
    { name: 'idx_event_lead_unit', columns: ['leadUnit'] },
    { name: 'idx_event_received', columns: ['receivedAt'] },
  ],
});
