import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 11: the reporter's urgent flag (S4-4.1) and the patrol inspector's id (S4-4.6) are kept on
 * the event row, so that an intake finished by the recovery loop (the API died between storing the
 * report and starting its process) starts the process with them too.
 */
export class EventReporterFlags1700000001153 implements MigrationInterface {
  name = 'EventReporterFlags1700000001153';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('event', [
      new TableColumn({ name: 'reporter_urgent', type: 'boolean', default: false }),
      new TableColumn({ name: 'inspector_id', type: 'varchar', length: '32', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('event', 'inspector_id');
    await q.dropColumn('event', 'reporter_urgent');
  }
}
