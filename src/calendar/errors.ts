import { DomainError } from '../errors.js';

export type CalendarErrorCode =
  | 'INVALID_DATE'
  | 'INVALID_INSTANT'
  | 'INVALID_COUNT'
  | 'INVALID_RANGE'
  | 'INVALID_OVERRIDE'
  | 'OUT_OF_RANGE'
  | 'INCOMPLETE_ARRANGEMENT';

/** Bad input to the calendar: a caller's mistake, a 400 DomainError (src/errors.ts). */
export class CalendarError extends DomainError {
  declare readonly code: CalendarErrorCode;

  constructor(code: CalendarErrorCode, message: string, detail?: unknown) {
    super(code, 400, message, { detail });
    this.name = 'CalendarError';
  }
}
