import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateNotice1700000000000 implements MigrationInterface {
  name = 'CreateNotice1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'notice',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'cause_key', type: 'varchar', length: '191', isUnique: true },
          { name: 'template', type: 'varchar', length: '64' },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'recipient', type: 'varchar', length: '255' },
          { name: 'event_number', type: 'varchar', length: '32', isNullable: true },
          { name: 'payload', type: 'text' },
          { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'created_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
          { name: 'sent_at', type: 'datetime', isNullable: true },
        ],
        indices: [{ name: 'idx_notice_status', columnNames: ['status'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notice');
  }
}
