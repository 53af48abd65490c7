import { CreateNotice1700000000000 } from './1700000000000-create-notice.js';

/** Every migration, in order. Each must run on SQLite and on MySQL/MariaDB. */
export const migrations = [CreateNotice1700000000000];
