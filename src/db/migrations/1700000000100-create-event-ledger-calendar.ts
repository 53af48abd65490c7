import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateEventLedgerCalendar1700000000100 implements MigrationInterface {
  name = 'CreateEventLedgerCalendar1700000000100';

  async up(q: QueryRunner): Promise<void> {
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const now = { type: 'datetime', default: 'CURRENT_TIMESTAMP' };
    await q.createTable(
      new Table({
        name: 'event',
        columns: [
          id,
          { name: 'number', type: 'varchar', length: '32', isNullable: true, isUnique: true },
          { name: 'channel', type: 'varchar', length: '32' },
          { name: 'external_id', type: 'varchar', length: '128' },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'category', type: 'varchar', length: '64' },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'description', type: 'text' },
          { name: 'address', type: 'varchar', length: '300' },
          { name: 'lat', type: 'double', isNullable: true },
          { name: 'lng', type: 'double', isNullable: true },
          { name: 'street', type: 'varchar', length: '64', isNullable: true },
          { name: 'community', type: 'varchar', length: '64', isNullable: true },
          { name: 'grid', type: 'varchar', length: '64', isNullable: true },
          { name: 'reporter_name', type: 'varchar', length: '64', isNullable: true },
          { name: 'reporter_phone', type: 'varchar', length: '32', isNullable: true },
          { name: 'attachments', type: 'text' },
          { name: 'reported_at', type: 'datetime' },
          { name: 'received_at', type: 'datetime' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'stage', type: 'varchar', length: '64', isNullable: true },
          { name: 'grade', type: 'varchar', length: '16', isNullable: true },
          { name: 'lead_unit', type: 'varchar', length: '64', isNullable: true },
          { name: 'cooperating_units', type: 'varchar', length: '300', isNullable: true },
          { name: 'handling_round', type: 'integer', default: 0 },
          { name: 'return_count', type: 'integer', default: 0 },
          { name: 'due_at', type: 'datetime', isNullable: true },
          { name: 'warn_at', type: 'datetime', isNullable: true },
          { name: 'overdue', type: 'boolean', default: false },
          { name: 'unclear_responsibility', type: 'boolean', default: false },
          { name: 'merged_into', type: 'varchar', length: '32', isNullable: true },
          { name: 'outcome_note', type: 'text', isNullable: true },
          { name: 'satisfaction', type: 'integer', isNullable: true },
          { name: 'process_instance_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'closed_at', type: 'datetime', isNullable: true },
          { name: 'updated_at', ...now },
        ],
      }),
    );
    // A unique index, not a constraint: MySQL/MariaDB support only the former through typeorm.
    await q.createIndex('event', new TableIndex({ name: 'uq_event_channel_external', columnNames: ['channel', 'external_id'], isUnique: true }));
    for (const [name, col] of [['idx_event_status', 'status'], ['idx_event_lead_unit', 'lead_unit'], ['idx_event_received', 'received_at']]) {
      await q.createIndex('event', new TableIndex({ name, columnNames: [col] }));
    }

    await q.createTable(
      new Table({
        name: 'ledger_entry',
        columns: [
          id,
          { name: 'cause_key', type: 'varchar', length: '191', isUnique: true },
          { name: 'event_number', type: 'varchar', length: '32' },
          { name: 'round', type: 'integer' },
          { name: 'unit_id', type: 'varchar', length: '64' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'dispatched_at', type: 'datetime' },
          { name: 'due_at', type: 'datetime' },
          { name: 'completed_at', type: 'datetime', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'on_time', type: 'boolean', isNullable: true },
          { name: 'counted', type: 'boolean', default: true },
          { name: 'excluded_reason', type: 'varchar', length: '200', isNullable: true },
          { name: 'excluded_from', type: 'datetime', isNullable: true },
          { name: 'excluded_until', type: 'datetime', isNullable: true },
          { name: 'note', type: 'text', isNullable: true },
        ],
        indices: [
          { name: 'idx_ledger_event', columnNames: ['event_number'] },
          { name: 'idx_ledger_unit', columnNames: ['unit_id'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'calendar_day',
        columns: [
          id,
          { name: 'date', type: 'varchar', length: '10', isUnique: true },
          { name: 'working', type: 'boolean' },
          { name: 'name', type: 'varchar', length: '64', isNullable: true },
          { name: 'official_year', type: 'integer', isNullable: true },
          { name: 'updated_by', type: 'varchar', length: '64', isNullable: true },
          { name: 'updated_at', ...now },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('calendar_day');
    await q.dropTable('ledger_entry');
    await q.dropTable('event');
  }
}
