import type { DataSource } from 'typeorm';
import { LedgerEntryEntity } from '../db/entities/index.js';

/**
 * When the event was first dispatched (S2-5.1: its 15 working days count from then): the earliest
 * row of the event in the assessment book, which every round's dispatch writes. Null before the
 * first dispatch.
 */
export async function firstDispatchOf(db: DataSource, eventNumber: string): Promise<Date | null> {
  const first = await db.getRepository(LedgerEntryEntity).findOne({ where: { eventNumber }, order: { dispatchedAt: 'ASC', id: 'ASC' } });
  return first?.dispatchedAt ?? null;
}
