import { EntitySchema } from 'typeorm';

/**
 * The street's "基层治理四平台" collective consultation (集体会商, seed 002 附件1, S2-A1): monthly at the
 * start of the month, ad hoc (临时召集) for special items. One row per `street-consultation` process
 * instance, with its minutes once held. `month` is the month it sits in.
 */
export type StreetMeetingKind = 'monthly' | 'special';
export type StreetMeetingStatus = 'scheduled' | 'held';

export interface StreetMeeting {
  id: number;
  processInstanceId: string;
  street: string;
  kind: StreetMeetingKind;
  month: string;
  reason: string | null;
  requestedBy: string | null;
  meetingAt: Date;
  status: StreetMeetingStatus;
  attendees: string | null;
  topics: string | null;
  minutes: string | null;
  decisions: string | null;
  heldAt: Date | null;
  createdAt: Date;
}

export const StreetMeetingEntity = new EntitySchema<StreetMeeting>({
  name: 'StreetMeeting',
  tableName: 'street_meeting',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    processInstanceId: { name: 'process_instance_id', type: String, length: 64, unique: true },
    street: { type: String, length: 64 },
    kind: { type: String, length: 16 },
    month: { type: String, length: 7 },
    reason: { type: String, length: 500, nullable: true },
    requestedBy: { name: 'requested_by', type: String, length: 64, nullable: true },
    meetingAt: { name: 'meeting_at', type: Date },
    status: { type: String, length: 16 },
    attendees: { type: String, length: 500, nullable: true },
    topics: { type: 'text', nullable: true },
    minutes: { type: 'text', nullable: true },
    decisions: { type: 'text', nullable: true },
    heldAt: { name: 'held_at', type: Date, nullable: true },
    createdAt: { name: 'created_at', type: Date },
  },
  indices: [{ name: 'idx_street_meeting_month', columns: ['month'] }],
});
