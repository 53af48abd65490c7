import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** S2-1: the duty roster of the units stationed at a street's command room (issue 11). */
export class CreateDutyRoster1700000001110 implements MigrationInterface {
  name = 'CreateDutyRoster1700000001110';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'duty_roster_entry',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'unit_id', type: 'varchar', length: '64' },
          { name: 'duty_date', type: 'varchar', length: '10' },
          { name: 'user_id', type: 'varchar', length: '64' },
          { name: 'person_name', type: 'varchar', length: '64' },
          { name: 'enforcement', type: 'boolean' },
          { name: 'position', type: 'integer' },
          { name: 'absent_at', type: 'datetime', isNullable: true },
          { name: 'absence_reason', type: 'varchar', length: '200', isNullable: true },
          { name: 'updated_by', type: 'varchar', length: '64', isNullable: true },
          { name: 'updated_at', type: 'datetime' },
        ],
        uniques: [{ name: 'uq_duty_roster_unit_date_user', columnNames: ['unit_id', 'duty_date', 'user_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('duty_roster_entry');
  }
}
