import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateSlaRecord1700000000200 implements MigrationInterface {
  name = 'CreateSlaRecord1700000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'sla_record',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'cause_key', type: 'varchar', length: '191', isUnique: true },
          { name: 'event_number', type: 'varchar', length: '32' },
          { name: 'round', type: 'integer' },
          { name: 'unit_id', type: 'varchar', length: '64' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'due_at', type: 'datetime', isNullable: true },
          { name: 'recorded_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
        ],
        indices: [{ name: 'idx_sla_event', columnNames: ['event_number'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sla_record');
  }
}
