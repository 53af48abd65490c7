import { BasicAuthInterceptor, Client, Variables, type ExternalTask, type TaskService } from 'camunda-external-task-client-js';
import type { Config } from '../src/config.js';
import type { Logger } from '../src/logger.js';
import type { TopicManifestEntry } from '../src/topics/manifest.js';
import { BusinessError, type TopicDefinition, type WorkerDeps } from './topic.js';

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
}

export interface Worker {
  start(): void;
  /** Stops polling and waits (bounded) for handlers in flight to finish. */
  stop(timeoutMs?: number): Promise<void>;
  readonly client: Client;
}

const MAX_BACKOFF_MS = 30_000;
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

export function createWorker(options: WorkerOptions, deps: WorkerDeps, topics: TopicDefinition[]): Worker {
  assertUniqueTopics(topics);
  const { worker } = options;
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

  // The client retries a failed poll at a fixed interval: back off instead, so that an engine
  // restart is not hammered, and log once per outage.
  let failures = 0;
  let pollInFlight = false;
  client.on('poll:start', () => (pollInFlight = true));
  client.on('poll:success', () => (pollInFlight = false));
  client.on('poll:error', (err: Error) => {
    pollInFlight = false;
    failures += 1;
    client.options.interval = Math.min(MAX_BACKOFF_MS, Math.max(300, worker.pollIntervalMs) * 2 ** failures);
    if (failures === 1 || failures % 10 === 0) logger.warn('poll failed', { failures, error: err.message, nextPollMs: client.options.interval });
  });
  client.on('poll:success', () => {
    if (failures > 0) logger.info('poll recovered', { after: failures });
    failures = 0;
    client.options.interval = worker.pollIntervalMs;
  });

  const run = (def: TopicDefinition) =>
    async ({ task, taskService }: { task: ExternalTask; taskService: TaskService }): Promise<void> => {
      const ctx = { topic: def.topic, taskId: task.id, processInstanceId: task.processInstanceId, businessKey: task.businessKey };
      try {
        const result = await def.handle(task, deps);
        await taskService.complete(task, toVariables(result));
        logger.debug('task completed', ctx);
      } catch (err) {
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
    start: () => client.start(),
    async stop(timeoutMs = 10_000) {
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
