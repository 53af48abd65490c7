import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Joint enforcement actions (issue 11, S4-4.8). */
export class CreateJointAction1700000001151 implements MigrationInterface {
  name = 'CreateJointAction1700000001151';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'joint_action',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'number', type: 'varchar', length: '32', isNullable: true, isUnique: true },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'description', type: 'text' },
          { name: 'event_number', type: 'varchar', length: '32', isNullable: true },
          { name: 'lead_unit', type: 'varchar', length: '64' },
          { name: 'units', type: 'varchar', length: '600' },
          { name: 'time_limit_days', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'started_by', type: 'varchar', length: '64' },
          { name: 'started_at', type: 'datetime' },
          { name: 'completed_at', type: 'datetime', isNullable: true },
          { name: 'process_instance_id', type: 'varchar', length: '64', isNullable: true },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('joint_action');
  }
}
