import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { EngineError } from '../engine/engine-client.js';
import { isDatabaseUnavailable } from '../db/availability.js';
import { databaseUnavailable, DomainError, ENGINE_RETRY_AFTER_SECONDS, ENGINE_UNAVAILABLE_MESSAGE, VALIDATION_MESSAGE } from '../errors.js';
import { fieldProblems } from '../validation.js';

/**
 * The ONE place where errors become HTTP answers: `{ error, message, field?, details? }` (see
 * src/errors.ts), never a stack trace. A DomainError answers with its own code and status; zod
 * errors are 400 VALIDATION_FAILED; body-parser's are 400 MALFORMED_JSON, 413 PAYLOAD_TOO_LARGE,
 * 415 UNSUPPORTED_MEDIA_TYPE; an engine that is down or failing is 503 ENGINE_UNAVAILABLE with
 * `Retry-After`; a database that is down or refusing connections is 503 DATABASE_UNAVAILABLE with
 * `Retry-After` (logged as an outage, not as a bug); anything else is logged and answered 500 INTERNAL.
 */
export interface Problem {
  status: number;
  body: { error: string; message: string; field?: string; details?: unknown };
  retryAfterSeconds?: number;
  /** A bug or an outage, not the caller's mistake: log it. */
  unexpected: boolean;
}

const problem = (status: number, error: string, message: string, unexpected = false): Problem => ({ status, body: { error, message }, unexpected });

export function toProblem(err: unknown): Problem {
  if (!(err instanceof DomainError) && isDatabaseUnavailable(err)) err = databaseUnavailable();
  if (err instanceof EngineError) {
    // The engine's own message is technical and English: it goes to the log, not to the caller.
    if (err.unavailable) return { ...problem(503, 'ENGINE_UNAVAILABLE', ENGINE_UNAVAILABLE_MESSAGE, true), retryAfterSeconds: ENGINE_RETRY_AFTER_SECONDS };
    return problem(500, 'INTERNAL', '服务器内部错误，请稍后重试', true);
  }
  if (err instanceof DomainError) {
    return {
      status: err.httpStatus,
      body: { error: err.code, message: err.message, ...(err.field !== undefined && { field: err.field }), ...(err.detail !== undefined && { details: err.detail }) },
      retryAfterSeconds: err.retryAfterSeconds,
      unexpected: err.httpStatus >= 500,
    };
  }
  if (err instanceof ZodError) {
    return { status: 400, body: { error: 'VALIDATION_FAILED', message: VALIDATION_MESSAGE, details: fieldProblems(err) }, unexpected: false };
  }
  // body-parser errors carry a status and a type.
  const e = err as { status?: unknown; type?: unknown } | undefined;
  const status = typeof e?.status === 'number' ? e.status : 500;
  if (status === 413) return problem(413, 'PAYLOAD_TOO_LARGE', '请求内容过大');
  if (status === 415) return problem(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的请求编码或字符集，请使用 UTF-8 编码的 JSON');
  if (status === 400 && e?.type === 'entity.parse.failed') return problem(400, 'MALFORMED_JSON', '请求体不是有效的 JSON');
  if (status >= 400 && status < 500) return problem(status, 'BAD_REQUEST', '请求无效');
  return problem(500, 'INTERNAL', '服务器内部错误，请稍后重试', true);
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new DomainError('NOT_FOUND', 404, `没有这个地址：${req.method} ${req.path}`));
};

export function errorHandler(onUnexpected: (err: Error) => void): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const p = toProblem(err);
    if (p.unexpected) onUnexpected(err as Error);
    if (p.retryAfterSeconds !== undefined) res.set('Retry-After', String(p.retryAfterSeconds));
    res.status(p.status).json(p.body);
  };
}
