import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';

/**
 * The app database: SQLite in $DATA_DIR by default, MySQL/MariaDB with DATABASE_URL=mysql://….
 * The schema only changes through migrations, run at start; never `synchronize`.
 */
export function createDataSource(config: Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'databasePoolSize'>>): DataSource {
  const common = { entities, migrations, migrationsRun: true, synchronize: false, logging: false } as const;
  if (config.databaseUrl) {
    const url = config.databaseUrl.replace(/^mariadb:/, 'mysql:');
    return new DataSource({ ...common, type: 'mysql', url, charset: 'utf8mb4_unicode_ci', timezone: 'Z', supportBigNumbers: true, poolSize: config.databasePoolSize ?? 20 });
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: path.join(config.dataDir, 'app.sqlite'),
    // WAL lets the API and the workers (separate processes) use the file at once.
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
    },
  });
}

export async function openDatabase(config: Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'databasePoolSize'>>): Promise<DataSource> {
  const ds = createDataSource(config);
  await ds.initialize();
  return ds;
}
