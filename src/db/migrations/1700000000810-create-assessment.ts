import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 8: the stored assessment months, and the ledger and event indexes the monthly computation
 * reads by (lead rows by limit, completion and dispatch time; events by close and receive time).
 */
export class CreateAssessment1700000000810 implements MigrationInterface {
  name = 'CreateAssessment1700000000810';

  async up(q: QueryRunner): Promise<void> {
    // A month's figures outgrow MySQL's TEXT (64 KB) with many units: LONGTEXT there.
    const big = q.connection.options.type === 'better-sqlite3' ? 'text' : 'longtext';
    await q.createTable(
      new Table({
        name: 'assessment_result',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'month', type: 'varchar', length: '7' },
          { name: 'revision', type: 'integer' },
          { name: 'reason', type: 'varchar', length: '500' },
          { name: 'cause', type: 'varchar', length: '100' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'config_version', type: 'varchar', length: '64' },
          { name: 'config_text', type: 'text' },
          { name: 'figures', type: big },
          { name: 'ranking', type: big },
          { name: 'computed_at', type: 'datetime' },
          { name: 'computed_by', type: 'varchar', length: '64', isNullable: true },
          { name: 'published_at', type: 'datetime', isNullable: true },
          { name: 'published_by', type: 'varchar', length: '64', isNullable: true },
        ],
        indices: [
          { name: 'uq_assessment_month_revision', columnNames: ['month', 'revision'], isUnique: true },
          { name: 'uq_assessment_cause', columnNames: ['month', 'cause'], isUnique: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'analysis_meeting',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'process_instance_id', type: 'varchar', length: '64', isUnique: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'month', type: 'varchar', length: '7' },
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'requested_by', type: 'varchar', length: '64', isNullable: true },
          { name: 'meeting_at', type: 'datetime' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'draft', type: 'text', isNullable: true },
          { name: 'analysis', type: 'text', isNullable: true },
          { name: 'main_reporter', type: 'varchar', length: '64', isNullable: true },
          { name: 'minutes', type: 'text', isNullable: true },
          { name: 'conclusion', type: 'text', isNullable: true },
          { name: 'opinions', type: 'text', isNullable: true },
          { name: 'follow_ups', type: 'text', isNullable: true },
          { name: 'created_at', type: 'datetime' },
          { name: 'held_at', type: 'datetime', isNullable: true },
        ],
        indices: [{ name: 'idx_analysis_meeting_month', columnNames: ['month', 'kind'] }],
      }),
    );
    // Covering indexes: a month's rows are read from the index alone, not from the table's pages
    // (at a million rows the table outgrows a default buffer pool and row lookups dominate).
    await q.createIndex('ledger_entry', new TableIndex({ name: 'idx_ledger_role_due', columnNames: ['role', 'due_at', 'completed_at', 'counted', 'unit_id', 'outcome', 'on_time', 'event_number', 'round'] }));
    await q.createIndex('ledger_entry', new TableIndex({ name: 'idx_ledger_role_completed', columnNames: ['role', 'completed_at', 'due_at', 'counted', 'unit_id', 'outcome', 'on_time', 'event_number', 'round'] }));
    await q.createIndex('ledger_entry', new TableIndex({ name: 'idx_ledger_role_dispatched', columnNames: ['role', 'dispatched_at', 'unit_id'] }));
    await q.createIndex('ledger_entry', new TableIndex({ name: 'idx_ledger_role_outcome_due', columnNames: ['role', 'outcome', 'due_at', 'completed_at', 'counted', 'unit_id', 'on_time', 'event_number', 'round'] }));
    await q.createIndex('ledger_entry', new TableIndex({ name: 'idx_ledger_role_excluded', columnNames: ['role', 'excluded_from'] }));
    await q.createIndex('event', new TableIndex({ name: 'idx_event_closed', columnNames: ['closed_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('event', 'idx_event_closed');
    for (const name of ['idx_ledger_role_excluded', 'idx_ledger_role_outcome_due', 'idx_ledger_role_dispatched', 'idx_ledger_role_completed', 'idx_ledger_role_due']) await q.dropIndex('ledger_entry', name);
    await q.dropTable('analysis_meeting');
    await q.dropTable('assessment_result');
  }
}
