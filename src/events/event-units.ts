import type { DataSource, EntityManager } from 'typeorm';
import { EventEntity, EventUnitEntity, type EventRecord, type EventUnitRole } from '../db/entities/index.js';
import { inTurn } from './write-lock.js';

/**
 * The ONE writer of an event's units (issue 16): `event.lead_unit`, `event.cooperating_units` and
 * the `event_unit` rows a unit's list reads, changed together in one transaction. The event row
 * is updated first, so two deliveries of the same dispatch queue on its row lock instead of
 * interleaving their deletes and inserts. Applying the same units twice changes nothing.
 */
export interface EventUnits {
  leadUnit: string | null;
  cooperatingUnits: readonly string[];
}

/** The rows for these units: the lead first; a unit named twice keeps its first role. */
export function unitRows(units: EventUnits): Array<{ unitId: string; role: EventUnitRole }> {
  const rows: Array<{ unitId: string; role: EventUnitRole }> = [];
  const seen = new Set<string>();
  const add = (unitId: string, role: EventUnitRole) => {
    if (!unitId || seen.has(unitId)) return;
    seen.add(unitId);
    rows.push({ unitId, role });
  };
  if (units.leadUnit) add(units.leadUnit, 'lead');
  for (const unit of units.cooperatingUnits) add(unit, 'cooperating');
  return rows;
}

/**
 * Sets the event's units together with `changes` to its row (status, round, deadlines, …).
 * Returns false when no event has this number (nothing written).
 */
export async function assignEventUnits(db: DataSource, number: string, units: EventUnits, changes: Partial<EventRecord> = {}): Promise<boolean> {
  return inTurn(db, () => db.transaction((m) => assignIn(m, number, units, changes)));
}

async function assignIn(m: EntityManager, number: string, units: EventUnits, changes: Partial<EventRecord>): Promise<boolean> {
  const events = m.getRepository(EventEntity);
  await events.update({ number }, { ...changes, leadUnit: units.leadUnit, cooperatingUnits: units.cooperatingUnits.join(',') || null });
  const event = await events.findOne({ select: { id: true, receivedAt: true }, where: { number } });
  if (!event) return false;
  const rows = m.getRepository(EventUnitEntity);
  // Only what changed is written, and rows are deleted by primary key: a `DELETE … WHERE event_id`
  // that matches nothing (every first dispatch) takes a gap lock on MariaDB, and concurrent
  // dispatches inserting into that gap deadlocked (2 in 500 in `npm run bench`).
  const existing = await rows.find({ select: { id: true, unitId: true, role: true }, where: { eventId: event.id } });
  const wanted = unitRows(units);
  const kept = existing.filter((e) => wanted.some((w) => w.unitId === e.unitId && w.role === e.role));
  const stale = existing.filter((e) => !kept.includes(e));
  if (stale.length > 0) await rows.delete(stale.map((e) => e.id));
  const missing = wanted.filter((w) => !kept.some((e) => e.unitId === w.unitId));
  if (missing.length > 0) await rows.insert(missing.map((r) => ({ ...r, eventId: event.id, receivedAt: event.receivedAt })));
  return true;
}
