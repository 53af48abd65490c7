import { CalendarDayEntity } from './calendar-day.js';
import { EventEntity } from './event.js';
import { LedgerEntryEntity } from './ledger-entry.js';
import { NoticeEntity } from './notice.js';

// Every entity of the app database; add new ones here (one file each).
export const entities = [NoticeEntity, EventEntity, LedgerEntryEntity, CalendarDayEntity];
export { CalendarDayEntity, EventEntity, LedgerEntryEntity, NoticeEntity };
export type { CalendarDay } from './calendar-day.js';
export type { EventRecord, EventStatus } from './event.js';
export type { LedgerEntry, LedgerOutcome } from './ledger-entry.js';
export type { Notice } from './notice.js';
