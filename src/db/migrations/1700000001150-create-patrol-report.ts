import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Patrol inspectors' reports and their grading (issue 11, S4-4.6). */
export class CreatePatrolReport1700000001150 implements MigrationInterface {
  name = 'CreatePatrolReport1700000001150';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'patrol_report',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'event_number', type: 'varchar', length: '32', isUnique: true },
          { name: 'inspector_id', type: 'varchar', length: '32' },
          { name: 'month', type: 'varchar', length: '7' },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'urgency', type: 'varchar', length: '32', isNullable: true },
          { name: 'safety', type: 'varchar', length: '32', isNullable: true },
          { name: 'reward_grade', type: 'varchar', length: '32', isNullable: true },
          { name: 'points', type: 'integer', default: 0 },
          { name: 'graded_by', type: 'varchar', length: '64', isNullable: true },
          { name: 'decided_at', type: 'datetime', isNullable: true },
          { name: 'received_at', type: 'datetime' },
        ],
        indices: [{ name: 'idx_patrol_report_month_inspector', columnNames: ['month', 'inspector_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('patrol_report');
  }
}
