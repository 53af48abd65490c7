import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/** Supervision items, their opinions and the supervision meetings with their agendas (SPEC S0). */
export class CreateSupervision1700000000460 implements MigrationInterface {
  name = 'CreateSupervision1700000000460';

  async up(q: QueryRunner): Promise<void> {
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const str = (name: string, length: number, isNullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
    const text = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'text', isNullable });
    const datetime = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'datetime', isNullable });
    const int = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'integer', isNullable });
    const created = (name: string): TableColumnOptions => ({ name, type: 'datetime', default: 'CURRENT_TIMESTAMP' });

    await q.createTable(
      new Table({
        name: 'supervision_item',
        columns: [
          id,
          { ...str('process_instance_id', 64, false), isUnique: true },
          str('event_number', 32, false),
          { name: 'handling_round', type: 'integer', default: 0 },
          str('title', 200, false),
          str('category', 64),
          str('category_name', 64),
          str('street', 64),
          str('lead_unit', 64),
          str('entry', 16, false),
          str('scope_type', 32),
          text('scope_reason'),
          str('status', 16, false),
          str('dispatch_date', 10),
          text('handling_detail'),
          datetime('entered_at', false),
          datetime('declared_at'),
          datetime('listed_at'),
          int('pending_meeting_id'),
          int('level2_meeting_id'),
          str('level2_conclusion', 16),
          text('level2_opinion'),
          str('level2_date', 10),
          str('review_decision', 32),
          text('review_instruction'),
          str('review_signer', 64),
          str('review_date', 10),
          int('level1_meeting_id'),
          text('level1_opinion'),
          str('level1_date', 10),
          str('final_decision', 32),
          str('final_signer', 64),
          str('final_date', 10),
          str('redispatch_unit', 64),
          str('redispatch_cooperating_units', 300),
          text('communication'),
          text('archive_form'),
          datetime('decision_reference_at'),
          datetime('archived_at'),
          str('outcome', 32),
          text('summary'),
          datetime('closed_at'),
          created('created_at'),
          created('updated_at'),
        ],
        indices: [
          { name: 'idx_supervision_item_event', columnNames: ['event_number'] },
          { name: 'idx_supervision_item_status', columnNames: ['status'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'supervision_opinion',
        columns: [
          id,
          { ...str('cause_key', 191, false), isUnique: true },
          int('item_id', false),
          str('stage', 16, false),
          str('unit_id', 64, false),
          { name: 'listed', type: 'boolean', isNullable: true },
          text('opinion', false),
          str('signer', 64, false),
          { name: 'sealed', type: 'boolean', default: false },
          str('signed_on', 10),
          created('recorded_at'),
        ],
        indices: [{ name: 'idx_supervision_opinion_item', columnNames: ['item_id'] }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'supervision_meeting',
        columns: [
          id,
          { ...str('process_instance_id', 64, false), isUnique: true },
          int('level', false),
          str('kind', 16, false),
          str('status', 16, false),
          datetime('meeting_at', false),
          datetime('agenda_at'),
          str('place', 200),
          str('convened_by', 64),
          text('requested_items'),
          datetime('agenda_closed_at'),
          datetime('held_at'),
          text('summary'),
          created('created_at'),
        ],
        indices: [{ name: 'idx_supervision_meeting_status', columnNames: ['status'] }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'supervision_meeting_item',
        columns: [
          id,
          { ...str('cause_key', 191, false), isUnique: true },
          int('meeting_id', false),
          int('item_id', false),
          int('position', false),
          str('conclusion', 32),
          str('lead_unit', 64),
          text('opinion'),
          datetime('recorded_at'),
          datetime('delivered_at'),
        ],
        indices: [
          { name: 'idx_supervision_meeting_item_meeting', columnNames: ['meeting_id'] },
          { name: 'idx_supervision_meeting_item_item', columnNames: ['item_id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('supervision_meeting_item');
    await q.dropTable('supervision_meeting');
    await q.dropTable('supervision_opinion');
    await q.dropTable('supervision_item');
  }
}
