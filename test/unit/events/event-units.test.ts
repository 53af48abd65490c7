import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { entities, EventEntity, EventUnitEntity } from '../../../src/db/entities/index.js';
import { migrations } from '../../../src/db/migrations/index.js';
import { DataGrowth1700000001600 } from '../../../src/db/migrations/1700000001600-data-growth.js';
import { assignEventUnits, unitRows } from '../../../src/events/event-units.js';
import { seedEvent } from '../handling/support.js';

/**
 * Issue 16: `event_unit` holds exactly the units of `event.lead_unit` + `event.cooperating_units`,
 * filled by the migration from the rows already stored and kept in step by the one writer.
 */
async function database(withGrowth: boolean, file = ':memory:'): Promise<DataSource> {
  const list = withGrowth ? migrations : migrations.filter((m) => m !== DataGrowth1700000001600);
  const db = new DataSource({ type: 'better-sqlite3', database: file, entities, migrations: list, migrationsRun: true, synchronize: false, logging: false });
  await db.initialize();
  return db;
}

const rowsOf = async (db: DataSource, number: string) => {
  const event = await db.getRepository(EventEntity).findOneByOrFail({ number });
  return (await db.getRepository(EventUnitEntity).findBy({ eventId: event.id })).map((r) => `${r.unitId}:${r.role}:${r.receivedAt.toISOString() === event.receivedAt.toISOString()}`).sort();
};

describe('issue 16: event_unit', () => {
  test('the migration fills it from the stored events: comma lists, JSON arrays, a unit named twice, none', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'event-unit-')), 'app.sqlite');
    const before = await database(false, file);
    await seedEvent(before, { number: 'SJ-A', leadUnit: 'urban-management', cooperatingUnits: 'housing-bureau, police-station' });
    await seedEvent(before, { number: 'SJ-B', leadUnit: 'environment-bureau', cooperatingUnits: '["police-station","environment-bureau"]' });
    await seedEvent(before, { number: 'SJ-C', leadUnit: null, cooperatingUnits: null });
    await before.destroy();
    const db = await database(true, file);
    expect(await rowsOf(db, 'SJ-A')).toEqual(['housing-bureau:cooperating:true', 'police-station:cooperating:true', 'urban-management:lead:true']);
    expect(await rowsOf(db, 'SJ-B')).toEqual(['environment-bureau:lead:true', 'police-station:cooperating:true']);
    expect(await rowsOf(db, 'SJ-C')).toEqual([]);
    await db.destroy();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  test('the writer replaces the units with the event row, twice the same is the same, an unknown number writes nothing', async () => {
    const db = await database(true);
    await seedEvent(db, { number: 'SJ-D' });
    await assignEventUnits(db, 'SJ-D', { leadUnit: 'urban-management', cooperatingUnits: ['housing-bureau'] }, { status: 'handling' });
    await assignEventUnits(db, 'SJ-D', { leadUnit: 'urban-management', cooperatingUnits: ['housing-bureau'] }, { status: 'handling' });
    expect(await rowsOf(db, 'SJ-D')).toEqual(['housing-bureau:cooperating:true', 'urban-management:lead:true']);
    // Roles swapped between the same two units (a redispatch): each row changes role, none twice.
    await assignEventUnits(db, 'SJ-D', { leadUnit: 'housing-bureau', cooperatingUnits: ['urban-management'] });
    expect(await rowsOf(db, 'SJ-D')).toEqual(['housing-bureau:lead:true', 'urban-management:cooperating:true']);
    await assignEventUnits(db, 'SJ-D', { leadUnit: 'police-station', cooperatingUnits: [] });
    expect(await rowsOf(db, 'SJ-D')).toEqual(['police-station:lead:true']);
    expect(await db.getRepository(EventEntity).findOneByOrFail({ number: 'SJ-D' })).toMatchObject({ leadUnit: 'police-station', cooperatingUnits: null, status: 'handling' });
    expect(await assignEventUnits(db, 'SJ-NONE', { leadUnit: 'police-station', cooperatingUnits: [] })).toBe(false);
    expect(await db.getRepository(EventUnitEntity).count()).toBe(1);
    await db.destroy();
  });

  test('a unit named as lead and cooperating keeps the lead role once', () => {
    expect(unitRows({ leadUnit: 'a', cooperatingUnits: ['b', 'a', 'b'] })).toEqual([
      { unitId: 'a', role: 'lead' },
      { unitId: 'b', role: 'cooperating' },
    ]);
  });
});
