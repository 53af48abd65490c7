import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Outbox delivery: backoff (`next_attempt_at`) and a claim (`claimed_by`, `claimed_at`, status
 * `sending`) so that two worker replicas never send the same notice.
 */
export class NoticeDelivery1700000000300 implements MigrationInterface {
  name = 'NoticeDelivery1700000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('notice', [
      new TableColumn({ name: 'next_attempt_at', type: 'datetime', isNullable: true }),
      new TableColumn({ name: 'claimed_by', type: 'varchar', length: '128', isNullable: true }),
      new TableColumn({ name: 'claimed_at', type: 'datetime', isNullable: true }),
    ]);
    await q.createIndex('notice', new TableIndex({ name: 'idx_notice_due', columnNames: ['status', 'next_attempt_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('notice', 'idx_notice_due');
    await q.dropColumns('notice', ['claimed_at', 'claimed_by', 'next_attempt_at']);
  }
}
