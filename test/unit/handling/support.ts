import { DataSource } from 'typeorm';
import { createWorkingCalendar } from '../../../src/calendar/index.js';
import { EventEntity, LedgerEntryEntity, SupervisionItemEntity, type EventRecord, type LedgerEntry, type SupervisionItem } from '../../../src/db/entities/index.js';
import { entities } from '../../../src/db/entities/index.js';
import { migrations } from '../../../src/db/migrations/index.js';

/**
 * Unit-test support for the domain functions: the app database as the platform builds it (the
 * project's entities and migrations) on SQLite in memory, a fixed clock and the statutory calendar.
 */
export async function memoryDatabase(): Promise<DataSource> {
  const db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities, migrations, migrationsRun: true, synchronize: false, logging: false });
  await db.initialize();
  return db;
}

export const calendar = createWorkingCalendar();

/** A clock that says what the test says: `clock.now()` and `clock.set(iso)`. */
export function fakeClock(start: string) {
  let t = new Date(start);
  return {
    now: () => new Date(t),
    set(iso: string) {
      t = new Date(iso);
    },
  };
}

let seq = 0;
export async function seedEvent(db: DataSource, changes: Partial<EventRecord> = {}): Promise<EventRecord> {
  seq += 1;
  const number = changes.number ?? `SJ-20261102-${String(seq).padStart(6, '0')}`;
  await db.getRepository(EventEntity).insert({
    number,
    channel: 'hotline',
    externalId: `X-${seq}`,
    requestHash: 'h'.repeat(64),
    category: 'manhole-cover',
    title: '人行道井盖缺失',
    description: '长河路口人行道井盖缺失',
    address: '长河街道长河路1号',
    street: '长河街道',
    reporterPhone: '13800000000',
    attachments: '[]',
    reportedAt: new Date('2026-11-02T01:00:00Z'),
    receivedAt: new Date('2026-11-02T01:00:00Z'),
    status: 'accepted',
    ...changes,
  });
  return db.getRepository(EventEntity).findOneByOrFail({ number });
}

export function eventOf(db: DataSource, number: string): Promise<EventRecord> {
  return db.getRepository(EventEntity).findOneByOrFail({ number });
}

export function ledgerOf(db: DataSource, number: string): Promise<LedgerEntry[]> {
  return db.getRepository(LedgerEntryEntity).find({ where: { eventNumber: number }, order: { round: 'ASC', role: 'DESC', unitId: 'ASC' } });
}

export async function seedItem(db: DataSource, changes: Partial<SupervisionItem> & Pick<SupervisionItem, 'eventNumber'>): Promise<SupervisionItem> {
  seq += 1;
  const processInstanceId = `pi-${seq}`;
  await db.getRepository(SupervisionItemEntity).insert({
    processInstanceId,
    handlingRound: 1,
    title: '人行道井盖缺失',
    leadUnit: 'urban-management',
    entry: 'centre',
    status: 'review',
    handlingDetail: '{}',
    enteredAt: new Date('2026-11-04T02:00:00Z'),
    ...changes,
  });
  return db.getRepository(SupervisionItemEntity).findOneByOrFail({ processInstanceId });
}
