import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * One-line JSON logs through pino (`{"level":"info","time":"…","component":"api","msg":"…",…}`).
 * The interface below is what the rest of the platform calls; pino is an implementation detail.
 *
 * Lines about an event carry its number in `eventNumber` (a `businessKey` field, which is the event
 * number for the event processes, is copied there). Callers never pass personal data, and the
 * logger removes it anyway: fields named like reporter names, phones, e-mail addresses, addresses
 * and recipients' addresses (`to`), at any depth of the first two levels, are written as
 * "[redacted]".
 */
import { currentRequestId } from './request-context.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Field names that hold personal data (SPEC: reporters' identities never leave the masked views). */
export const PERSONAL_FIELDS = ['reporter', 'reporterName', 'reporterPhone', 'phone', 'mobile', 'email', 'address', 'to', 'idCard', 'password'];

const REDACT_PATHS = [...PERSONAL_FIELDS, ...PERSONAL_FIELDS.map((f) => `*.${f}`)];

export interface LoggerOptions {
  /** Where lines go; stdout by default (tests pass a stream to read them back). */
  destination?: DestinationStream;
}

function eventFields(fields: Record<string, unknown>): Record<string, unknown> {
  if (fields.eventNumber === undefined && typeof fields.businessKey === 'string' && fields.businessKey !== '') {
    return { ...fields, eventNumber: fields.businessKey };
  }
  return fields;
}

export function createLogger(component: string, level: Level = 'info', options: LoggerOptions = {}): Logger {
  const base: PinoLogger = pino(
    {
      level,
      base: { component },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Every line written while serving a request carries its X-Request-Id.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  const log = (l: Level) => (msg: string, fields: Record<string, unknown> = {}) => base[l](eventFields(fields), msg);
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
