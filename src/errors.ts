/**
 * The platform's one error contract. A use case refuses with a `DomainError` carrying a
 * machine-readable `code`, the HTTP status the API answers with, and a message for people (Chinese);
 * the one express error handler (src/http/errors.ts) turns it into
 *   `{ "error": code, "message": message, "field"?: field, "details"?: detail }`
 * and never shows a stack trace. Validation problems are `VALIDATION_FAILED` with
 * `details: [{ field, message }]`, one per problem (the intake API's shape since issue 3).
 */
export interface DomainErrorOptions {
  /** Machine-readable detail, answered as `details` (e.g. the field problems, the missing items). */
  detail?: unknown;
  /** The one request field the error is about, when there is one. */
  field?: string;
  /** Seconds after which a retry may succeed (answered as `Retry-After`). */
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  readonly detail?: unknown;
  readonly field?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.detail = options.detail;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** One problem with one field of a request, the field as a dotted path (`location.address`). */
export interface FieldProblem {
  field: string;
  message: string;
}

export const VALIDATION_MESSAGE = '请求内容有误';

/** 400 `VALIDATION_FAILED` with one `{ field, message }` per problem. */
export class ValidationError extends DomainError {
  constructor(readonly problems: FieldProblem[], message = VALIDATION_MESSAGE) {
    super('VALIDATION_FAILED', 400, message, { detail: problems });
    this.name = 'ValidationError';
  }
}

/** One bad field, e.g. a path parameter. */
export function invalidField(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }]);
}

export const ENGINE_UNAVAILABLE_MESSAGE = '流程引擎暂时不可用，请稍后重试';
export const ENGINE_RETRY_AFTER_SECONDS = 30;

/** 503: the engine is down or failing; the request may be retried later. */
export function engineUnavailable(message = ENGINE_UNAVAILABLE_MESSAGE): DomainError {
  return new DomainError('ENGINE_UNAVAILABLE', 503, message, { retryAfterSeconds: ENGINE_RETRY_AFTER_SECONDS });
}

export const DATABASE_UNAVAILABLE_MESSAGE = '数据库暂时不可用，请稍后重试';
export const DATABASE_RETRY_AFTER_SECONDS = 10;

/** 503: the app database is down or refusing connections; the request may be retried later. */
export function databaseUnavailable(): DomainError {
  return new DomainError('DATABASE_UNAVAILABLE', 503, DATABASE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
}

export function notFound(code: string, message: string): DomainError {
  return new DomainError(code, 404, message);
}

export function forbidden(message = '没有权限访问此功能'): DomainError {
  return new DomainError('FORBIDDEN', 403, message);
}

export function conflict(code: string, message: string, detail?: unknown): DomainError {
  return new DomainError(code, 409, message, { detail });
}
