import { EntitySchema } from 'typeorm';

/**
 * The units an event is with now (issue 16): one row per unit, its role `lead` or `cooperating`,
 * the same set as `event.lead_unit` + `event.cooperating_units` (kept in the same transaction by
 * `src/events/event-units.ts`). A unit's list reads this table through its index instead of a
 * `LIKE '%…%'` over the comma list. `received_at` is the event's (it never changes), so a unit's
 * newest events come straight from `(unit_id, received_at)`.
 */
export type EventUnitRole = 'lead' | 'cooperating';

export interface EventUnit {
  id: number;
  eventId: number;
  unitId: string;
  role: EventUnitRole;
  receivedAt: Date;
}

export const EventUnitEntity = new EntitySchema<EventUnit>({
  name: 'EventUnit',
  tableName: 'event_unit',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    eventId: { name: 'event_id', type: Number },
    unitId: { name: 'unit_id', type: String, length: 64 },
    role: { type: String, length: 16 },
    receivedAt: { name: 'received_at', type: Date },
  },
  indices: [
    { name: 'uq_event_unit_event_unit', columns: ['eventId', 'unitId'], unique: true },
    { name: 'idx_event_unit_unit_received', columns: ['unitId', 'receivedAt', 'eventId'] },
  ],
});
