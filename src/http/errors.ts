import type { ErrorRequestHandler, RequestHandler } from 'express';

/**
 * Typed errors with machine-readable fields; one handler turns them into JSON problems
 * (`{ error, message, details? }`) without stack traces. Messages are for people: Chinese.
 */
export class AppError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'NOT_FOUND', `没有这个地址：${req.method} ${req.path}`));
};

export function errorHandler(onUnexpected: (err: Error) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof AppError) {
      res.status(err.httpStatus).json({ error: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
      return;
    }
    // body-parser errors carry a status (400 malformed JSON, 413 too large).
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status === 413) {
      res.status(413).json({ error: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' });
    } else if (status === 400 && err?.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'MALFORMED_JSON', message: '请求体不是有效的 JSON' });
    } else if (status >= 400 && status < 500) {
      res.status(status).json({ error: 'BAD_REQUEST', message: String(err?.message ?? '请求无效') });
    } else {
      onUnexpected(err as Error);
      res.status(500).json({ error: 'INTERNAL', message: '服务器内部错误，请稍后重试' });
    }
  };
}
