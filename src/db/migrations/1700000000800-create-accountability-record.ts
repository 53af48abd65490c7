import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAccountabilityRecord1700000000800 implements MigrationInterface {
  name = 'CreateAccountabilityRecord1700000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'accountability_record',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'cause_key', type: 'varchar', length: '191', isUnique: true },
          { name: 'source', type: 'varchar', length: '32' },
          { name: 'unit_id', type: 'varchar', length: '64' },
          { name: 'month', type: 'varchar', length: '7' },
          { name: 'item_ref', type: 'varchar', length: '64' },
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'note', type: 'varchar', length: '1000', isNullable: true },
          { name: 'recorded_at', type: 'datetime' },
        ],
        indices: [{ name: 'idx_accountability_month_unit', columnNames: ['month', 'unit_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('accountability_record');
  }
}
