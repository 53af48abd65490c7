import { CreateNotice1700000000000 } from './1700000000000-create-notice.js';
import { CreateEventLedgerCalendar1700000000100 } from './1700000000100-create-event-ledger-calendar.js';

/** Every migration, in order (append new ones; one file each). Each must run on SQLite and on MySQL/MariaDB. */
export const migrations = [CreateNotice1700000000000, CreateEventLedgerCalendar1700000000100];
