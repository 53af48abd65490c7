import { BasicAuthInterceptor, Client, Variables, type ExternalTask, type TaskService } from 'camunda-external-task-client-js';
import type { Config } from '../src/config.js';
import type { Logger } from '../src/logger.js';
import type { TopicManifestEntry } from '../src/topics/manifest.js';
import { BusinessError, type TopicDefinition, type WorkerDeps } from './topic.js';
import { waitedMs, type TaskProfiler } from './profile.js';

/**
 * Runs external-task topics against the engine with the real client. Every handler is wrapped:
 * a BusinessError ends as a BPMN error, anything else as handleFailure with retries counting
 * down (the engine raises an incident in Cockpit at 0). Thrown errors never reach the client,
 * which would otherwise swallow them and refetch the task forever.
 */
export interface WorkerOptions {
  engineUrl: string;
  user: string;
  password: string;
  worker: Config['worker'];
  /** Books each task's wait, handler, engine and database time per topic (the bench's BENCH_PROFILE=1). */
  profiler?: TaskProfiler;
}

export interface Worker {
  start(): void;
  /** Stops polling and waits (bounded) for handlers in flight to finish. */
  stop(timeoutMs?: number): Promise<void>;
  readonly client: Client;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The pause after failed polls: doubles with each failure up to 30 s, and is back to nothing as
 * soon as one poll succeeds.
 */
export class PollBackoff {
  failures = 0;
  constructor(private readonly baseMs: number, private readonly maxMs = MAX_BACKOFF_MS) {}
  /** A poll failed: the pause before the next one. */
  failed(): number {
    this.failures += 1;
    return Math.min(this.maxMs, this.baseMs * 2 ** (this.failures - 1));
  }
  /** A poll succeeded: the number of failures it ends (0 when there were none). */
  succeeded(): number {
    const before = this.failures;
    this.failures = 0;
    return before;
  }
}

/**
 * Extends the task's lock every half lock duration until stopped. The lock stays short (a dead
 * worker's task comes back within one lock duration) however long the handler runs.
 */
export function keepLocked(
  taskService: Pick<TaskService, 'extendLock'>,
  task: ExternalTask,
  lockMs: number,
  onError: (error: Error) => void,
): { stop(): void } {
  const timer = setInterval(() => {
    taskService.extendLock(task, lockMs).catch((err: Error) => onError(err));
  }, Math.max(250, Math.floor(lockMs / 2)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The engine says the task is gone or no longer ours: another completion cannot succeed. */
export function isLockLost(err: unknown): boolean {
  const e = err as { httpStatusCode?: number; type?: string; engineMsg?: string; message?: string } | undefined;
  if (e?.httpStatusCode === 404 || e?.type === 'NotFoundException' || e?.type === 'BadUserRequestException') return true;
  return /locked by|not locked|Cannot find external task|does not exist/i.test(e?.engineMsg ?? '');
}

/**
 * Completes a task whose handler has done its work, retrying while the engine (or its database)
 * fails, with a growing pause, until `deadlineMs` has passed or the lock is lost.
 */
export async function completeWithRetry(
  complete: () => Promise<unknown>,
  options: { deadlineMs: number; onRetry?: (error: Error, attempt: number) => void; pauseMs?: (attempt: number) => number },
): Promise<{ ok: true; attempts: number } | { ok: false; attempts: number; error: Error }> {
  const started = Date.now();
  const pause = options.pauseMs ?? ((attempt: number) => Math.min(5_000, 250 * 2 ** (attempt - 1)));
  for (let attempt = 1; ; attempt++) {
    try {
      await complete();
      return { ok: true, attempts: attempt };
    } catch (err) {
      const error = err as Error;
      const wait = pause(attempt);
      if (isLockLost(err) || Date.now() - started + wait > options.deadlineMs) return { ok: false, attempts: attempt, error };
      options.onRetry?.(error, attempt);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
const POLL_GRACE_MS = 1_500;

export function assertUniqueTopics(topics: TopicDefinition[]): void {
  const seen = new Set<string>();
  for (const t of topics) {
    if (seen.has(t.topic)) throw new Error(`topic ${t.topic} is registered twice`);
    seen.add(t.topic);
  }
}

/**
 * The handlers in manifest order. Refuses a handler registered twice, a handler whose topic the
 * manifest does not list, and a manifest topic without a handler.
 */
export function pairWithManifest(manifest: readonly TopicManifestEntry[], handlers: TopicDefinition[]): TopicDefinition[] {
  assertUniqueTopics(handlers);
  const byTopic = new Map(handlers.map((h) => [h.topic, h]));
  const listed = new Set(manifest.map((m) => m.topic));
  const unlisted = handlers.filter((h) => !listed.has(h.topic)).map((h) => h.topic);
  if (unlisted.length > 0) throw new Error(`handlers without a manifest entry (src/topics/manifest.ts): ${unlisted.join(', ')}`);
  const missing = manifest.filter((m) => !byTopic.has(m.topic)).map((m) => m.topic);
  if (missing.length > 0) throw new Error(`manifest topics without a handler: ${missing.join(', ')}`);
  return manifest.map((m) => ({ ...m, handle: (byTopic.get(m.topic) as TopicDefinition).handle }));
}

function toVariables(values: Record<string, unknown> | void): Variables {
  const variables = new Variables();
  for (const [name, value] of Object.entries(values ?? {})) {
    // The engine has no JSON data format (no Spin): objects and arrays travel as JSON strings.
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) variables.set(name, JSON.stringify(value));
    else variables.set(name, value);
  }
  return variables;
}

export function nextRetries(task: Pick<ExternalTask, 'retries'>, configured: number): number {
  // The engine leaves retries null until a worker first reports a failure.
  return Math.max(0, (task.retries ?? configured) - 1);
}

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

export function createWorker(options: WorkerOptions, plainDeps: WorkerDeps, topics: TopicDefinition[]): Worker {
  assertUniqueTopics(topics);
  const { worker, profiler } = options;
  // (Unit tests hand in deps without an engine or a database.)
  const deps: WorkerDeps = profiler
    ? { ...plainDeps, ...(plainDeps.engine ? { engine: profiler.engine(plainDeps.engine) } : {}), ...(plainDeps.db ? { db: profiler.database(plainDeps.db) } : {}) }
    : plainDeps;
  const logger: Logger = deps.logger;
  const client = new Client({
    baseUrl: options.engineUrl,
    workerId: worker.workerId,
    maxTasks: worker.maxTasks,
    maxParallelExecutions: worker.maxParallelExecutions,
    lockDuration: worker.lockDurationMs,
    asyncResponseTimeout: worker.asyncResponseTimeoutMs,
    interval: worker.pollIntervalMs,
    autoPoll: false,
    usePriority: true,
    interceptors: new BasicAuthInterceptor({ username: options.user, password: options.password }) as never,
  });

  // The client reads its poll interval BEFORE each poll and schedules the next poll with that
  // old value, so changing `interval` on poll:error acts one poll late and a back-off still delays
  // the first poll after recovery. Instead the back-off pauses the client itself: a failed poll stops
  // polling at once and starts it again after the pause; a successful poll resets the pause.
  const backoff = new PollBackoff(Math.max(300, worker.pollIntervalMs + 100));
  let pollInFlight = false;
  let stopped = false;
  let resumeTimer: NodeJS.Timeout | undefined;
  client.on('poll:start', () => (pollInFlight = true));
  client.on('poll:error', (err: Error) => {
    pollInFlight = false;
    const pauseMs = backoff.failed();
    client.stop();
    clearTimeout(resumeTimer);
    resumeTimer = setTimeout(() => {
      if (!stopped) client.start();
    }, pauseMs);
    if (backoff.failures === 1 || backoff.failures % 10 === 0) logger.warn('poll failed', { failures: backoff.failures, error: err.message, nextPollMs: pauseMs });
  });
  client.on('poll:success', (tasks: unknown[]) => {
    pollInFlight = false;
    profiler?.poll(tasks.length);
    const after = backoff.succeeded();
    if (after > 0) logger.info('poll recovered', { after });
  });

  const run = (def: TopicDefinition) =>
    async ({ task, taskService }: { task: ExternalTask; taskService: TaskService }): Promise<void> => {
      const fetchedAt = Date.now();
      const ctx = { topic: def.topic, taskId: task.id, processInstanceId: task.processInstanceId, businessKey: task.businessKey };
      const lockMs = def.lockDurationMs ?? worker.lockDurationMs;
      // A short lock, extended while this worker is alive and working on the task: a dead worker's
      // tasks return to the engine within one lock duration.
      const keeper = keepLocked(taskService, task, lockMs, (error) => logger.warn('could not extend the lock', { ...ctx, error: error.message }));
      try {
        const measured = profiler ? await profiler.measure(() => settle(def.handle(task, deps))) : { result: await settle(def.handle(task, deps)), cost: undefined, ms: 0 };
        if (!measured.result.ok) {
          await reportHandlerError(measured.result.error);
          if (measured.cost) profiler?.record(def.topic, { waitMs: waitedMs(task, fetchedAt), handlerMs: measured.ms, cost: measured.cost, completeMs: 0, failed: true });
          return;
        }
        const result: Record<string, unknown> | void = measured.result.value;
        const completeStarted = performance.now();
        // The handler's (idempotent) work is done: a failing complete() is an engine or database
        // problem, retried as a completion and never counted against the handler's retries.
        const completed = await completeWithRetry(() => taskService.complete(task, toVariables(result)), {
          deadlineMs: Math.max(lockMs, 10_000) * 3,
          onRetry: (error, attempt) => logger.warn('complete failed; retrying the completion', { ...ctx, attempt, error: error.message }),
        });
        if (measured.cost) profiler?.record(def.topic, { waitMs: waitedMs(task, fetchedAt), handlerMs: measured.ms, cost: measured.cost, completeMs: performance.now() - completeStarted, failed: !completed.ok });
        if (completed.ok) logger.debug('task completed', ctx);
        else logger.error('could not complete the task; the engine redelivers it when the lock expires', { ...ctx, error: completed.error.message });
      } finally {
        keeper.stop();
      }

      async function reportHandlerError(err: unknown): Promise<void> {
        try {
          if (err instanceof BusinessError) {
            await taskService.handleBpmnError(task, err.code, err.message, toVariables(err.variables));
            logger.info('business error', { ...ctx, code: err.code });
          } else {
            const retries = nextRetries(task, worker.retries);
            const error = err as Error;
            await taskService.handleFailure(task, {
              errorMessage: error.message.slice(0, 600),
              errorDetails: error.stack ?? String(error),
              retries,
              retryTimeout: worker.retryDelayMs,
            });
            logger.warn('task failed', { ...ctx, error: error.message, retriesLeft: retries });
          }
        } catch (reportErr) {
          // Could not even report (lock lost, engine down): the lock expires and the engine redelivers.
          logger.error('could not report task outcome', { ...ctx, error: (reportErr as Error).message });
        }
      }
    };

  for (const def of topics) {
    client.subscribe(def.topic, { lockDuration: def.lockDurationMs ?? worker.lockDurationMs, variables: def.variables }, run(def));
  }

  return {
    client,
    start: () => {
      stopped = false;
      client.start();
    },
    async stop(timeoutMs = 10_000) {
      stopped = true;
      clearTimeout(resumeTimer);
      client.stop();
      // Running handlers get up to `timeoutMs` to finish. A long poll still open gets a moment
      // only: a task it hands over after that is locked, not run, and the engine redelivers it
      // when the lock expires.
      const started = Date.now();
      const busy = () => client.activeTasksCount > 0 || (pollInFlight && Date.now() - started < POLL_GRACE_MS);
      while (busy() && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
