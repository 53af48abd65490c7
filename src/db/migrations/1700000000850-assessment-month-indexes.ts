import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 8 (benchmark): every read of a month's assessment walks the month's range of one index and
 * finds all it needs in that index, never the table's rows. At a million ledger rows the tables
 * outgrow a default buffer pool, and rows inserted in id order but read by date sit on pages all
 * over the table: a row lookup per event or round of the month was the cost, not the rows counted.
 *
 * - `ledger_entry(event_number, round, role, id, unit_id)`: the lead unit of a returned round's
 *   next round (whether the return was upheld; the newest such row), one index dive per returned
 *   round, in id order (else the planners prefer `(event_number)`, whose order is the id's, and read
 *   the rows);
 * - `ledger_entry(role, excluded_from, excluded_until, unit_id)`: the S0-5 exclusions of the month
 *   (replaces `(role, excluded_from)`, which read every excluded row to test its end);
 * - `event(received_at, status, channel, category, number)`: the month's intake by status, channel
 *   and category, and the events the acceptance-overdue records are joined to;
 * - `event(channel, received_at, status, reporter_name)`: the report quality of the month's patrol
 *   and grid reporters (`(channel, received_at)` stays as it is: the lists' keyset order needs the
 *   id right after `received_at`);
 * - `event(closed_at, satisfaction, lead_unit)`: satisfaction of the events closed in the month
 *   (replaces `(closed_at)`);
 * - `supervision_item(entered_at, lead_unit)`: items entered in the month;
 * - `sla_record(event_number, kind)`: the acceptance-overdue records of the month's events.
 */
const CREATE: Array<[string, string, string[]]> = [
  ['ledger_entry', 'idx_ledger_event_round', ['event_number', 'round', 'role', 'id', 'unit_id']],
  ['ledger_entry', 'idx_ledger_role_excluded_unit', ['role', 'excluded_from', 'excluded_until', 'unit_id']],
  ['event', 'idx_event_received_intake', ['received_at', 'status', 'channel', 'category', 'number']],
  ['event', 'idx_event_channel_reporter', ['channel', 'received_at', 'status', 'reporter_name']],
  ['event', 'idx_event_closed_rating', ['closed_at', 'satisfaction', 'lead_unit']],
  ['supervision_item', 'idx_supervision_item_entered', ['entered_at', 'lead_unit']],
  ['sla_record', 'idx_sla_event_kind', ['event_number', 'kind']],
];

const REPLACED: Array<[string, string, string[]]> = [
  ['ledger_entry', 'idx_ledger_role_excluded', ['role', 'excluded_from']],
  ['event', 'idx_event_closed', ['closed_at']],
];

export class AssessmentMonthIndexes1700000000850 implements MigrationInterface {
  name = 'AssessmentMonthIndexes1700000000850';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, name, columnNames] of CREATE) await q.createIndex(table, new TableIndex({ name, columnNames }));
    for (const [table, name] of REPLACED) await q.dropIndex(table, name);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, name, columnNames] of REPLACED) await q.createIndex(table, new TableIndex({ name, columnNames }));
    for (const [table, name] of [...CREATE].reverse()) await q.dropIndex(table, name);
  }
}
