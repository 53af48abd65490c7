import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { z } from 'zod';
import { credentialsPath, readCredentialsFile } from './credentials.js';
import { readIntakeApiKeys } from './events/api-key-rules.js';

/**
 * Every setting the platform reads from the environment, each with its default and meaning.
 * Read once at start (`loadConfig`); a missing or malformed value stops start-up with a message
 * naming the variable. The README's configuration table mirrors this schema.
 */
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATA_DIR: z.string().min(1).default('./data'),
  ENGINE_PORT: port(8080),
  API_PORT: port(3000),
  ENGINE_HOST: z.string().min(1).default('localhost'),
  ENGINE_URL: optionalString.pipe(z.url().optional()),
  ENGINE_ADMIN_USER: z.string().min(1).default('admin'),
  ENGINE_ADMIN_PASSWORD: optionalString,
  ENGINE_DB_URL: optionalString.pipe(z.string().startsWith('jdbc:').optional()),
  ENGINE_DB_USER: optionalString,
  ENGINE_DB_PASSWORD: optionalString,
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^(mysql|mariadb):\/\//, 'must start with mysql:// or mariadb://')
      .optional(),
  ),
  WORKER_ID: optionalString,
  WORKER_MAX_TASKS: positiveInt(20),
  WORKER_MAX_PARALLEL: positiveInt(20),
  WORKER_LOCK_DURATION_MS: positiveInt(10_000),
  WORKER_LONG_POLL_MS: positiveInt(20_000),
  WORKER_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(20),
  WORKER_RETRIES: z.coerce.number().int().min(0).default(3),
  WORKER_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Day of the month of the level-2 supervision meeting (S0-3, monthly; moved to the next working day). */
  SUPERVISION_MEETING_DAY: z.coerce.number().int().min(1).max(31).default(20),
  /** Outgoing e-mail for notices, e.g. smtp://user:pass@host:25 (smtps:// for TLS). Unset: e-mail notices wait in the outbox. */
  SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional()),
  /** Sender of notice e-mails. */
  NOTIFY_FROM: z.string().min(1).default('联动指挥中心 <noreply@localhost>'),
  /** Webhook for SMS / provincial-system notices (POST JSON with Idempotency-Key). Unset: webhook notices wait in the outbox. */
  NOTIFY_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
  /** Delivery attempts per notice before it is marked failed. */
  NOTIFY_MAX_ATTEMPTS: positiveInt(5),
  /** How often the outbox is checked for notices to deliver. */
  NOTIFY_INTERVAL_MS: positiveInt(5000),
  /** Intake API keys, one per channel: `grid-app:KEY1,hotline:KEY2,…` (rules in src/events/api-key-rules.ts). Unset outside production: generated into $DATA_DIR/intake-api-keys. */
  INTAKE_API_KEYS: optionalString.superRefine((value, ctx) => {
    if (value === undefined) return;
    for (const problem of readIntakeApiKeys(value).problems) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** Read by the engine (EngineApplication): its time zone, an IANA id. */
  ENGINE_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, 'must be a time-zone id such as Asia/Shanghai'),
  /** Read by `npm start` and the tests when they launch the engine: JVM options. */
  ENGINE_JAVA_OPTS: optionalString,
});

function isTimeZone(id: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: id });
    return true;
  } catch {
    return false;
  }
}

export type Env = z.input<typeof schema>;

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  dataDir: string;
  apiPort: number;
  engine: {
    port: number;
    restUrl: string;
    adminUser: string;
    /** Undefined until the engine has written `$DATA_DIR/admin-credentials`; see credentials.ts. */
    adminPassword?: string;
    dbUrl?: string;
    dbUser?: string;
    dbPassword?: string;
  };
  databaseUrl?: string;
  worker: {
    workerId: string;
    maxTasks: number;
    maxParallelExecutions: number;
    lockDurationMs: number;
    asyncResponseTimeoutMs: number;
    /** Pause between two polls; long polling already waits on the server, so this can be short. */
    pollIntervalMs: number;
    retries: number;
    retryDelayMs: number;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  supervision: {
    /** SUPERVISION_MEETING_DAY. */
    meetingDay: number;
  };
  notify: {
    smtpUrl?: string;
    from: string;
    webhookUrl?: string;
    maxAttempts: number;
    intervalMs: number;
  };
  /** Raw `INTAKE_API_KEYS`; parsed and checked by resolveIntakeApiKeys() when the API starts. */
  intakeApiKeys?: string;
}

export class ConfigError extends Error {}

function invalid(lines: string[]): ConfigError {
  return new ConfigError(`Invalid configuration; set these environment variables:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    dataDir: path.resolve(e.DATA_DIR),
    apiPort: e.API_PORT,
    engine: {
      port: e.ENGINE_PORT,
      restUrl: (e.ENGINE_URL ?? `http://${e.ENGINE_HOST}:${e.ENGINE_PORT}/engine-rest`).replace(/\/$/, ''),
      adminUser: e.ENGINE_ADMIN_USER,
      adminPassword: e.ENGINE_ADMIN_PASSWORD,
      dbUrl: e.ENGINE_DB_URL,
      dbUser: e.ENGINE_DB_USER,
      dbPassword: e.ENGINE_DB_PASSWORD,
    },
    databaseUrl: e.DATABASE_URL,
    worker: {
      workerId: e.WORKER_ID ?? `workers-${os.hostname()}-${process.pid}`,
      maxTasks: e.WORKER_MAX_TASKS,
      maxParallelExecutions: e.WORKER_MAX_PARALLEL,
      lockDurationMs: e.WORKER_LOCK_DURATION_MS,
      asyncResponseTimeoutMs: e.WORKER_LONG_POLL_MS,
      pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
      retries: e.WORKER_RETRIES,
      retryDelayMs: e.WORKER_RETRY_DELAY_MS,
    },
    logLevel: e.LOG_LEVEL,
    supervision: { meetingDay: e.SUPERVISION_MEETING_DAY },
    notify: {
      smtpUrl: e.SMTP_URL,
      from: e.NOTIFY_FROM,
      webhookUrl: e.NOTIFY_WEBHOOK_URL,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      intervalMs: e.NOTIFY_INTERVAL_MS,
    },
    intakeApiKeys: e.INTAKE_API_KEYS,
  };
}

/**
 * The whole configuration of the platform as `npm start` runs it (API, workers and engine), checked
 * before anything starts: every variable of the schema (each intake key by the API's own rules), and
 * what only the API would find later — in production `INTAKE_API_KEYS` must be set; elsewhere,
 * when it is unset, a key file kept in `$DATA_DIR` from an earlier start must still be valid.
 * Throws a ConfigError naming each variable and its rule.
 */
export function validatePlatformConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = loadConfig(env);
  if (!config.intakeApiKeys) {
    if (config.isProduction) {
      throw invalid(['INTAKE_API_KEYS: required in production (channel:key,…, one key of at least 16 characters per channel)']);
    }
    const file = credentialsPath(config, 'intake-api-keys');
    const stored = fs.existsSync(file) ? readCredentialsFile(file).INTAKE_API_KEYS : undefined;
    const problems = stored ? readIntakeApiKeys(stored).problems : [];
    if (problems.length > 0) throw invalid(problems.map((p) => `INTAKE_API_KEYS (kept in ${file}; fix or delete the file): ${p}`));
  }
  return config;
}
