import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Drafts of the web modeler. Models can exceed 64 KB: MEDIUMTEXT on MySQL/MariaDB, TEXT on SQLite. */
export class CreateModelerDraft1700000000550 implements MigrationInterface {
  name = 'CreateModelerDraft1700000000550';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.driver.options.type === 'mysql' || q.connection.driver.options.type === 'mariadb';
    await q.createTable(
      new Table({
        name: 'modeler_draft',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'file_name', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '8' },
          { name: 'content', type: mysql ? 'mediumtext' : 'text' },
          { name: 'note', type: 'varchar', length: '300', isNullable: true },
          { name: 'author', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
          { name: 'updated_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
        ],
        indices: [{ name: 'idx_modeler_draft_file', columnNames: ['file_name'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('modeler_draft');
  }
}
