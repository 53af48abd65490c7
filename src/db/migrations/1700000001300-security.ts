import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Issue 13: the audit trail (append-only: triggers refuse UPDATE and DELETE on both databases) and
 * the fixed-window counters of the per-channel rate limit, shared by every API instance.
 */
export class Security1700000001300 implements MigrationInterface {
  name = 'Security1700000001300';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.driver.options.type === 'mysql' || q.connection.driver.options.type === 'mariadb';
    await q.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'at', type: 'datetime' },
          { name: 'actor', type: 'varchar', length: '64' },
          { name: 'action', type: 'varchar', length: '48' },
          { name: 'source', type: 'varchar', length: '32' },
          { name: 'subject', type: 'varchar', length: '191', isNullable: true },
          { name: 'detail', type: mysql ? 'mediumtext' : 'text' },
        ],
        indices: [
          { name: 'idx_audit_action_at', columnNames: ['action', 'at'] },
          { name: 'idx_audit_subject', columnNames: ['subject'] },
        ],
      }),
    );
    if (mysql) {
      for (const op of ['UPDATE', 'DELETE']) {
        await q.query(
          `CREATE TRIGGER audit_entry_no_${op.toLowerCase()} BEFORE ${op} ON audit_entry FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_entry is append-only'`,
        );
      }
    } else {
      for (const op of ['UPDATE', 'DELETE']) {
        await q.query(`CREATE TRIGGER audit_entry_no_${op.toLowerCase()} BEFORE ${op} ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END`);
      }
    }
    await q.createTable(
      new Table({
        name: 'rate_window',
        columns: [
          { name: 'bucket', type: 'varchar', length: '64', isPrimary: true },
          { name: 'window_start', type: 'bigint', isPrimary: true },
          { name: 'hits', type: 'integer', default: 0 },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rate_window');
    await q.query('DROP TRIGGER IF EXISTS audit_entry_no_update');
    await q.query('DROP TRIGGER IF EXISTS audit_entry_no_delete');
    await q.dropTable('audit_entry');
  }
}
