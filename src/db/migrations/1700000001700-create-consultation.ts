import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** SPEC S3: consultation items, meetings and the tracking ledger (专项督导台账). */
export class CreateConsultation1700000001700 implements MigrationInterface {
  name = 'CreateConsultation1700000001700';

  async up(q: QueryRunner): Promise<void> {
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    const str = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    const text = (name: string, isNullable = false) => ({ name, type: 'text', isNullable });
    const date = (name: string, isNullable = true) => ({ name, type: 'datetime', isNullable });
    await q.createTable(
      new Table({
        name: 'consultation_item',
        columns: [
          id,
          str('month', 7),
          str('source', 16),
          str('title', 200),
          text('description'),
          str('source_ref', 1000, true),
          str('category', 64, true),
          str('street', 64, true),
          text('units_involved'),
          { ...str('event_number', 32, true), isUnique: true },
          str('event_process_instance_id', 64, true),
          text('returns'),
          str('status', 16),
          { name: 'meeting_id', type: 'integer', isNullable: true },
          text('determination', true),
          text('legal_advice', true),
          str('principle', 16, true),
          str('lead_unit', 64, true),
          str('cooperating_units', 500, true),
          str('citation', 500, true),
          text('decision_note', true),
          str('decided_by', 64, true),
          date('decided_at'),
          date('leader_submitted_at'),
          str('routing_deployment_id', 64, true),
          { name: 'routing_version', type: 'integer', isNullable: true },
          date('dispatched_at'),
          date('assigned_at'),
          str('created_by', 64),
          date('created_at', false),
        ],
        indices: [{ name: 'idx_consultation_item_month', columnNames: ['month', 'status'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'consultation_meeting',
        columns: [
          id,
          { ...str('ref', 16), isUnique: true },
          str('month', 7),
          str('kind', 8),
          str('status', 16),
          date('collection_close_at', false),
          date('agenda_due_at', false),
          date('agenda_fixed_at'),
          date('agenda_overdue_at'),
          date('meeting_at'),
          str('place', 200, true),
          text('agenda', true),
          text('participants', true),
          text('minutes', true),
          date('held_at'),
          date('report_due_at'),
          date('special_report_approved_at'),
          str('process_instance_id', 64, true),
          date('created_at', false),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'consultation_tracking',
        columns: [
          id,
          { name: 'item_id', type: 'integer' },
          { name: 'meeting_id', type: 'integer', isNullable: true },
          str('unit_id', 64),
          str('role', 16),
          date('assigned_at', false),
          str('status', 16),
          str('report_month', 7, true),
          date('report_due_at'),
          date('reported_at'),
          text('report_text', true),
        ],
        uniques: [{ name: 'uq_consultation_tracking_item_unit', columnNames: ['item_id', 'unit_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('consultation_tracking');
    await q.dropTable('consultation_meeting');
    await q.dropTable('consultation_item');
  }
}
