import { EntitySchema } from 'typeorm';

/**
 * A supervision joint meeting (督办联席会议, S0-3): level 2, convened by 区纪委, 区委办 and 区府办 at
 * least monthly (a monthly timer, or ad hoc), or level 1, convened ad hoc by the district leader.
 * One row per `supervision-meeting` process instance; its agenda is in `supervision_meeting_item`.
 */
/** `proposed`: an ad hoc level-2 meeting waiting for the other two convening units; `declined`: one of them said no. */
export type MeetingStatus = 'proposed' | 'declined' | 'planned' | 'in-session' | 'held' | 'cancelled';

export interface SupervisionMeeting {
  id: number;
  processInstanceId: string;
  level: number;
  kind: 'monthly' | 'ad-hoc';
  status: MeetingStatus;
  meetingAt: Date;
  agendaAt: Date | null;
  place: string | null;
  convenedBy: string | null;
  /** Ad hoc level 2 (S0-3): the convening unit that proposed the meeting. */
  proposedBy?: string | null;
  /** Ad hoc level 2: the other two units' answers, JSON `[{ unitId, confirmed, opinion, account, at }]`. */
  confirmations?: string | null;
  /** Ad hoc: the item ids the conveners asked for (comma-separated); null = every waiting item. */
  requestedItems: string | null;
  agendaClosedAt: Date | null;
  heldAt: Date | null;
  summary: string | null;
  createdAt: Date;
}

export const SupervisionMeetingEntity = new EntitySchema<SupervisionMeeting>({
  name: 'SupervisionMeeting',
  tableName: 'supervision_meeting',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    processInstanceId: { name: 'process_instance_id', type: String, length: 64, unique: true },
    level: { type: Number },
    kind: { type: String, length: 16 },
    status: { type: String, length: 16 },
    meetingAt: { name: 'meeting_at', type: Date },
    agendaAt: { name: 'agenda_at', type: Date, nullable: true },
    place: { type: String, length: 200, nullable: true },
    convenedBy: { name: 'convened_by', type: String, length: 64, nullable: true },
    proposedBy: { name: 'proposed_by', type: String, length: 64, nullable: true },
    confirmations: { type: 'text', nullable: true },
    requestedItems: { name: 'requested_items', type: 'text', nullable: true },
    agendaClosedAt: { name: 'agenda_closed_at', type: Date, nullable: true },
    heldAt: { name: 'held_at', type: Date, nullable: true },
    summary: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: Date, createDate: true },
  },
  indices: [{ name: 'idx_supervision_meeting_status', columns: ['status'] }],
});

/** One item on a meeting's agenda and what the meeting concluded for it. */
export interface SupervisionMeetingItem {
  id: number;
  /** `<meetingId>:<itemId>`: an item is on a meeting's agenda once. */
  causeKey: string;
  meetingId: number;
  itemId: number;
  position: number;
  /** Level 2: resolved | no-conclusion | unsolvable; level 1: continue | decision-reference. */
  conclusion: string | null;
  leadUnit: string | null;
  opinion: string | null;
  recordedAt: Date | null;
  /** When the conclusion was delivered to the item's process (message correlation). */
  deliveredAt: Date | null;
}

export const SupervisionMeetingItemEntity = new EntitySchema<SupervisionMeetingItem>({
  name: 'SupervisionMeetingItem',
  tableName: 'supervision_meeting_item',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    causeKey: { name: 'cause_key', type: String, length: 191, unique: true },
    meetingId: { name: 'meeting_id', type: Number },
    itemId: { name: 'item_id', type: Number },
    position: { type: Number },
    conclusion: { type: String, length: 32, nullable: true },
    leadUnit: { name: 'lead_unit', type: String, length: 64, nullable: true },
    opinion: { type: 'text', nullable: true },
    recordedAt: { name: 'recorded_at', type: Date, nullable: true },
    deliveredAt: { name: 'delivered_at', type: Date, nullable: true },
  },
  indices: [
    { name: 'idx_supervision_meeting_item_meeting', columns: ['meetingId'] },
    { name: 'idx_supervision_meeting_item_item', columns: ['itemId'] },
  ],
});
