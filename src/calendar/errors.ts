export type CalendarErrorCode =
  | 'INVALID_DATE'
  | 'INVALID_INSTANT'
  | 'INVALID_COUNT'
  | 'INVALID_RANGE'
  | 'INVALID_OVERRIDE'
  | 'OUT_OF_RANGE'
  | 'INCOMPLETE_ARRANGEMENT';

/** Bad input to the calendar: a caller's mistake, so the API maps it to 400. */
export class CalendarError extends Error {
  readonly httpStatus = 400;

  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}
