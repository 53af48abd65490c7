import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Supervision (issue 15, B-6..B-8): the engine account and time of each convening unit's own
 * signing task (S0-4.3), the district leader's reason for not submitting an item to level 1
 * (S0-4.4), and the proposal of an ad hoc level-2 meeting confirmed by the other two units (S0-3).
 */
export class SupervisionSignatures1700000000700 implements MigrationInterface {
  name = 'SupervisionSignatures1700000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('supervision_opinion', [
      new TableColumn({ name: 'signer_account', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'signed_at', type: 'datetime', isNullable: true }),
    ]);
    await q.addColumn('supervision_item', new TableColumn({ name: 'review_reason', type: 'text', isNullable: true }));
    await q.addColumns('supervision_meeting', [
      new TableColumn({ name: 'proposed_by', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'confirmations', type: 'text', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('supervision_meeting', ['confirmations', 'proposed_by']);
    await q.dropColumn('supervision_item', 'review_reason');
    await q.dropColumns('supervision_opinion', ['signed_at', 'signer_account']);
  }
}
