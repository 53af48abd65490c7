import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { requestContext } from '../request-context.js';

/**
 * HTTP hardening of the API and the modeler page: security headers (helmet, with a CSP that lets
 * the modeler load only its own bundle), CORS closed unless origins are configured, and a request
 * id on every answer (`X-Request-Id`) and every log line written while serving it.
 */
export const REQUEST_ID_HEADER = 'X-Request-Id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Takes a well-formed incoming `X-Request-Id` (from a reverse proxy), else makes one. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get(REQUEST_ID_HEADER);
  const id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  res.locals.requestId = id;
  res.set(REQUEST_ID_HEADER, id);
  requestContext.run({ requestId: id }, () => next());
};

/**
 * helmet's defaults plus a CSP for the modeler: scripts only from the page's origin (its bundle
 * `app.js`), styles from the origin and inline (bpmn-js, dmn-js and form-js set style attributes),
 * images and fonts from the origin and data:/blob: (the bundle inlines its icons), XHR only to the
 * origin. No framing by other sites.
 */
export function securityHeaders(options: { hsts: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Behind a TLS-terminating reverse proxy the proxy should send HSTS; in production we send it too.
    strictTransportSecurity: options.hsts ? { maxAge: 15552000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * CORS: closed (no Access-Control-* headers at all, so browsers refuse cross-origin reads) unless
 * the request's Origin is one of `CORS_ORIGINS`. Preflights from an allowed origin answer 204.
 */
export function cors(allowed: readonly string[]): RequestHandler {
  const origins = new Set(allowed);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (!origin || !origins.has(origin)) return next();
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After, Location, RateLimit-Limit, RateLimit-Remaining');
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
      res.set('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Api-Key, X-Request-Id, X-Requested-With');
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
