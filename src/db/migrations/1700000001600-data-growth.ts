import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { parseUnitList } from '../../events/reference-data.js';

/**
 * Issue 16 (data growth): indexes for every filter and the sort of `GET /api/events`, the event
 * page's notice lookup and the decision-reference analysis, and `event_unit` (the units of an
 * event in rows of their own), filled here from the events already stored.
 *
 * The list sorts by `received_at DESC, id DESC`; InnoDB and SQLite both append the primary key to
 * a secondary index, so `(street, received_at)` serves "this street, newest first" and its keyset
 * continuation without a sort. `process_instance_id IS NOT NULL` (every list query) is true for all
 * but the few rows of an intake under way: it is checked on the rows read, not indexed (it would
 * add a 64-character column to every index for no row saved). `overdue` is partly a comparison
 * with the clock (open and past due): no index can hold it, so the list reads `received_at` newest
 * first and stops at a page, never counting every match (see src/events/queries.ts).
 */
const EVENT_INDEXES: Array<[string, string[]]> = [
  ['idx_event_status_received', ['status', 'received_at']],
  ['idx_event_street_received', ['street', 'received_at']],
  ['idx_event_category_received', ['category', 'received_at']],
  ['idx_event_channel_received', ['channel', 'received_at']],
];

const BATCH = 1000;

export class DataGrowth1700000001600 implements MigrationInterface {
  name = 'DataGrowth1700000001600';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, columnNames] of EVENT_INDEXES) await q.createIndex('event', new TableIndex({ name, columnNames }));
    // `(status, received_at)` answers everything `(status)` did.
    await q.dropIndex('event', 'idx_event_status');
    await q.createIndex('notice', new TableIndex({ name: 'idx_notice_event', columnNames: ['event_number', 'created_at'] }));
    await q.createIndex('supervision_item', new TableIndex({ name: 'idx_supervision_item_outcome', columnNames: ['outcome', 'archived_at'] }));

    await q.createTable(
      new Table({
        name: 'event_unit',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'event_id', type: 'integer' },
          { name: 'unit_id', type: 'varchar', length: '64' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'received_at', type: 'datetime' },
        ],
      }),
    );
    await q.createIndex('event_unit', new TableIndex({ name: 'uq_event_unit_event_unit', columnNames: ['event_id', 'unit_id'], isUnique: true }));
    await q.createIndex('event_unit', new TableIndex({ name: 'idx_event_unit_unit_received', columnNames: ['unit_id', 'received_at', 'event_id'] }));

    // Fill from the events stored so far, in id order, a batch at a time (the same rule as
    // src/events/event-units.ts: the lead first; a unit listed twice keeps its first role).
    const placeholders = (n: number) => Array.from({ length: n }, () => '(?, ?, ?, ?)').join(', ');
    let after = 0;
    for (;;) {
      const rows = (await q.query(
        `SELECT id, lead_unit, cooperating_units, received_at FROM event WHERE id > ? AND (lead_unit IS NOT NULL OR cooperating_units IS NOT NULL) ORDER BY id LIMIT ${BATCH}`,
        [after],
      )) as Array<{ id: number; lead_unit: string | null; cooperating_units: string | null; received_at: unknown }>;
      if (rows.length === 0) break;
      const values: unknown[] = [];
      let count = 0;
      for (const row of rows) {
        const seen = new Set<string>();
        const units: Array<[string, string]> = [];
        if (row.lead_unit) units.push([row.lead_unit, 'lead']);
        for (const unit of parseUnitList(row.cooperating_units)) units.push([unit, 'cooperating']);
        for (const [unit, role] of units) {
          if (seen.has(unit)) continue;
          seen.add(unit);
          values.push(row.id, unit, role, row.received_at);
          count += 1;
        }
      }
      if (count > 0) await q.query(`INSERT INTO event_unit (event_id, unit_id, role, received_at) VALUES ${placeholders(count)}`, values);
      after = Number(rows[rows.length - 1].id);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('event_unit');
    await q.dropIndex('supervision_item', 'idx_supervision_item_outcome');
    await q.dropIndex('notice', 'idx_notice_event');
    await q.createIndex('event', new TableIndex({ name: 'idx_event_status', columnNames: ['status'] }));
    for (const [name] of [...EVENT_INDEXES].reverse()) await q.dropIndex('event', name);
  }
}
