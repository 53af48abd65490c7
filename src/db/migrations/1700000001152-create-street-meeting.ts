import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The street's monthly collective consultation (issue 11, S2-A1). */
export class CreateStreetMeeting1700000001152 implements MigrationInterface {
  name = 'CreateStreetMeeting1700000001152';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'street_meeting',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'process_instance_id', type: 'varchar', length: '64', isUnique: true },
          { name: 'street', type: 'varchar', length: '64' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'month', type: 'varchar', length: '7' },
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'requested_by', type: 'varchar', length: '64', isNullable: true },
          { name: 'meeting_at', type: 'datetime' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attendees', type: 'varchar', length: '500', isNullable: true },
          { name: 'topics', type: 'text', isNullable: true },
          { name: 'minutes', type: 'text', isNullable: true },
          { name: 'decisions', type: 'text', isNullable: true },
          { name: 'held_at', type: 'datetime', isNullable: true },
          { name: 'created_at', type: 'datetime' },
        ],
        indices: [{ name: 'idx_street_meeting_month', columnNames: ['month'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('street_meeting');
  }
}
