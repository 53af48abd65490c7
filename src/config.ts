import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { z } from 'zod';
import { credentialsPath, readCredentialsFile } from './credentials.js';
import { readIntakeApiKeys } from './events/api-key-rules.js';
import { CHANNEL_IDS, isChannelId, type ChannelId } from './events/channels.js';

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
  DATABASE_POOL_SIZE: positiveInt(20),
  WORKER_ID: optionalString,
  WORKER_MAX_TASKS: positiveInt(20),
  // 8, not 20: on two cores the engine is the limit, and more handlers at once only queue in it and
  // slow intake's answers; fewer leave the engine idle between a slot's fetch and completion
  // (README, Benchmark: 4 / 8 / 20 at once).
  WORKER_MAX_PARALLEL: positiveInt(8),
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
  /** Requests one intake channel may make per window (all API instances together; state in the app database). */
  INTAKE_RATE_LIMIT: positiveInt(120),
  /** Per-channel exceptions to INTAKE_RATE_LIMIT: `hotline:600,grid-app:300`. */
  INTAKE_RATE_LIMITS: optionalString.superRefine((value, ctx) => {
    if (value === undefined) return;
    for (const problem of readRateLimits(value).problems) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** Length of the rate-limit window in seconds (fixed window). */
  INTAKE_RATE_WINDOW_SECONDS: positiveInt(60),
  /** How long intake waits for the engine to start an event's process before it answers (issue 9; src/events/intake.ts). */
  INTAKE_ENGINE_WAIT_MS: positiveInt(50),
  /** Browser origins allowed to call the API (CORS), comma-separated; unset: none (same origin only). */
  CORS_ORIGINS: optionalString.superRefine((value, ctx) => {
    if (value === undefined) return;
    for (const origin of splitList(value)) if (!/^https?:\/\/[^/\s]+$/.test(origin)) ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin such as https://example.gov.cn` });
  }),
  /** Months after an event is closed before its reporter's name and phone are erased. */
  REPORTER_RETENTION_MONTHS: positiveInt(6),
  /** How often the API runs the retention job. */
  RETENTION_INTERVAL_MS: positiveInt(3_600_000),
  /** Read by the engine (EngineApplication): its time zone, an IANA id. */
  ENGINE_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, 'must be a time-zone id such as Asia/Shanghai'),
  /** Read by `npm start` and the tests when they launch the engine: JVM options. */
  ENGINE_JAVA_OPTS: optionalString,
  // --- operations (issue 12): metrics, stuck-instance watch --------------------------------------
  /** Bearer token for `GET /metrics` (API and workers). Unset: the metrics endpoints answer 404. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'at least 16 characters').optional()),
  /** Port of the workers' own metrics listener (only opened when METRICS_TOKEN is set). */
  WORKER_METRICS_PORT: port(9464),
  /** Read by the engine: its actuator/Prometheus management port; -1 = off. Never publish it. */
  ENGINE_MANAGEMENT_PORT: z.coerce.number().int().min(-1).max(65535).default(-1),
  /** Read by the engine: how long a node's job executor holds an acquired job (a dead node's jobs run elsewhere after it). */
  ENGINE_JOB_LOCK_MS: positiveInt(300_000),
  /** Read by the engine: the address the management port binds to. */
  ENGINE_MANAGEMENT_ADDRESS: z.string().min(1).default('127.0.0.1'),
  /** How often the workers look for stuck instances; 0 = never. */
  STUCK_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  /** A timer (or an expired external-task lock) counts as stuck this long after it was due. */
  STUCK_MARGIN_MS: z.coerce.number().int().min(0).default(900_000),
  /** An open event with no change for this many working days counts as stuck. */
  STUCK_IDLE_WORKING_DAYS: positiveInt(3),
  /** Cockpit as operators reach it (links in stuck findings); default derived from the engine URL. */
  COCKPIT_URL: optionalString.pipe(z.url().optional()),
});

/** In production the engine administrator's password must be set and at least this long. */
export const MIN_PRODUCTION_ADMIN_PASSWORD = 12;

const schemaWithRules = schema.superRefine((e, ctx) => {
  if (e.NODE_ENV !== 'production') return;
  const password = e.ENGINE_ADMIN_PASSWORD;
  if (password === undefined) {
    ctx.addIssue({ code: 'custom', path: ['ENGINE_ADMIN_PASSWORD'], message: `required in production (at least ${MIN_PRODUCTION_ADMIN_PASSWORD} characters)` });
  } else if (password.length < MIN_PRODUCTION_ADMIN_PASSWORD) {
    ctx.addIssue({ code: 'custom', path: ['ENGINE_ADMIN_PASSWORD'], message: `must have at least ${MIN_PRODUCTION_ADMIN_PASSWORD} characters in production` });
  }
});

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `channel:n,…` → per-channel limits, with the problems of malformed entries. */
export function readRateLimits(value: string): { limits: Map<ChannelId, number>; problems: string[] } {
  const limits = new Map<ChannelId, number>();
  const problems: string[] = [];
  for (const entry of splitList(value)) {
    const [channel, count] = entry.split(':').map((s) => s.trim());
    if (!isChannelId(channel ?? '')) problems.push(`unknown channel "${channel}" (known: ${CHANNEL_IDS.join(', ')})`);
    else if (!/^[1-9]\d*$/.test(count ?? '')) problems.push(`the limit of ${channel} must be a positive whole number`);
    else limits.set(channel as ChannelId, Number(count));
  }
  return { limits, problems };
}

function isTimeZone(id: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: id });
    return true;
  } catch {
    return false;
  }
}

export type Env = z.input<typeof schema>;

/** Every environment variable the configuration schema reads (the compose test checks against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

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
  /** DATABASE_POOL_SIZE: connections to MySQL/MariaDB per process (the API's requests and up to WORKER_MAX_PARALLEL handlers share them). */
  databasePoolSize?: number;
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
  /** Intake: how long a report's answer waits for the engine's start before the start finishes in the background. */
  intakeEngineWaitMs: number;
  rateLimit: {
    /** Requests per channel and window (default for every channel). */
    perWindow: number;
    perChannel: ReadonlyMap<ChannelId, number>;
    windowSeconds: number;
  };
  /** Allowed CORS origins; empty = none. */
  corsOrigins: string[];
  retention: {
    /** Reporter data of closed events is erased this many months after closing. */
    reporterMonths: number;
    intervalMs: number;
  };
  /** Raw `INTAKE_API_KEYS`; parsed and checked by resolveIntakeApiKeys() when the API starts. */
  intakeApiKeys?: string;
  operations: {
    metricsToken?: string;
    workerMetricsPort: number;
    stuckCheckIntervalMs: number;
    stuckMarginMs: number;
    stuckIdleWorkingDays: number;
    /** Cockpit's base URL, ending in `/` (`…/operaton/app/cockpit/default/`). */
    cockpitUrl: string;
  };
}

export class ConfigError extends Error {}

function invalid(lines: string[]): ConfigError {
  return new ConfigError(`Invalid configuration; set these environment variables:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schemaWithRules.safeParse(env);
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
    databasePoolSize: e.DATABASE_POOL_SIZE,
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
    intakeEngineWaitMs: e.INTAKE_ENGINE_WAIT_MS,
    rateLimit: {
      perWindow: e.INTAKE_RATE_LIMIT,
      perChannel: e.INTAKE_RATE_LIMITS ? readRateLimits(e.INTAKE_RATE_LIMITS).limits : new Map(),
      windowSeconds: e.INTAKE_RATE_WINDOW_SECONDS,
    },
    corsOrigins: e.CORS_ORIGINS ? splitList(e.CORS_ORIGINS) : [],
    retention: { reporterMonths: e.REPORTER_RETENTION_MONTHS, intervalMs: e.RETENTION_INTERVAL_MS },
    intakeApiKeys: e.INTAKE_API_KEYS,
    operations: {
      metricsToken: e.METRICS_TOKEN,
      workerMetricsPort: e.WORKER_METRICS_PORT,
      stuckCheckIntervalMs: e.STUCK_CHECK_INTERVAL_MS,
      stuckMarginMs: e.STUCK_MARGIN_MS,
      stuckIdleWorkingDays: e.STUCK_IDLE_WORKING_DAYS,
      cockpitUrl: cockpitUrl(e.COCKPIT_URL, e.ENGINE_URL ?? `http://${e.ENGINE_HOST}:${e.ENGINE_PORT}/engine-rest`),
    },
  };
}

function cockpitUrl(explicit: string | undefined, restUrl: string): string {
  const base = explicit ?? restUrl.replace(/\/engine-rest\/?$/, '/operaton/app/cockpit/default/');
  return base.endsWith('/') ? base : `${base}/`;
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
