import { AsyncLocalStorage } from 'node:async_hooks';
import type { ExternalTask } from 'camunda-external-task-client-js';
import type { DataSource, QueryRunner } from 'typeorm';
import { engineFacade, type EngineRest } from '../src/engine/facade.js';
import type { EngineClient } from '../src/engine/engine-client.js';

/**
 * Where a worker's time goes, per topic: the time a task waited in the engine before a worker
 * fetched it, and the handler's own time split into engine calls (REST round trips), database
 * time (queries) and the rest (the handler's own code, and waiting for the event loop), plus the
 * completion call. `npm run bench` with BENCH_PROFILE=1 prints it; the round-trip guard test
 * (test/unit/workers/round-trips.test.ts) counts with it.
 *
 * Counting works through AsyncLocalStorage: the engine client and the DataSource are instrumented
 * once (`instrument`), and a call is booked to the task whose handler (directly or through the
 * domain functions it calls) made it. Calls outside a handler (the API, the bench itself) are not
 * booked.
 */
export interface TaskCost {
  engineCalls: number;
  engineMs: number;
  dbQueries: number;
  dbMs: number;
  /** Rows the queries returned (a handler reading a whole table per task shows here). */
  dbRows: number;
}

export interface TopicProfile {
  topic: string;
  tasks: number;
  /** Sum over tasks: fetched-and-locked minus created (the engine's createTime). */
  waitMs: number;
  maxWaitMs: number;
  handlerMs: number;
  engineCalls: number;
  engineMs: number;
  dbQueries: number;
  dbMs: number;
  completeMs: number;
  failures: number;
}

const newCost = (): TaskCost => ({ engineCalls: 0, engineMs: 0, dbQueries: 0, dbMs: 0, dbRows: 0 });

export class TaskProfiler {
  private readonly store = new AsyncLocalStorage<TaskCost>();
  private readonly byTopic = new Map<string, TopicProfile>();
  private readonly patched = new WeakSet<object>();
  private readonly pollCounts = { polls: 0, empty: 0, tasks: 0 };

  /** Books one fetch-and-lock that returned `tasks` tasks. */
  poll(tasks: number): void {
    this.pollCounts.polls += 1;
    this.pollCounts.tasks += tasks;
    if (tasks === 0) this.pollCounts.empty += 1;
  }

  polls(): { polls: number; empty: number; tasks: number } {
    return { ...this.pollCounts };
  }

  /** The cost of the handler running now (undefined outside a profiled handler). */
  current(): TaskCost | undefined {
    return this.store.getStore();
  }

  /** Runs `fn` as one task's handler and returns its result and what it cost. */
  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; cost: TaskCost; ms: number }> {
    const cost = newCost();
    const t0 = performance.now();
    const result = await this.store.run(cost, fn);
    return { result, cost, ms: performance.now() - t0 };
  }

  /** Books one task of a topic (the runner calls this after the handler and the completion). */
  record(topic: string, entry: { waitMs: number; handlerMs: number; cost: TaskCost; completeMs: number; failed: boolean }): void {
    const p = this.byTopic.get(topic) ?? { topic, tasks: 0, waitMs: 0, maxWaitMs: 0, handlerMs: 0, engineCalls: 0, engineMs: 0, dbQueries: 0, dbMs: 0, completeMs: 0, failures: 0 };
    p.tasks += 1;
    p.waitMs += entry.waitMs;
    p.maxWaitMs = Math.max(p.maxWaitMs, entry.waitMs);
    p.handlerMs += entry.handlerMs;
    p.engineCalls += entry.cost.engineCalls;
    p.engineMs += entry.cost.engineMs;
    p.dbQueries += entry.cost.dbQueries;
    p.dbMs += entry.cost.dbMs;
    p.completeMs += entry.completeMs;
    if (entry.failed) p.failures += 1;
    this.byTopic.set(topic, p);
  }

  topics(): TopicProfile[] {
    return [...this.byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
  }

  reset(): void {
    this.byTopic.clear();
    Object.assign(this.pollCounts, { polls: 0, empty: 0, tasks: 0 });
  }

  /** An engine client whose REST calls (raw and through the facade) are booked to the running handler. */
  engine(engine: EngineClient): EngineClient {
    const timed =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const cost = this.store.getStore();
        if (!cost) return call(...args);
        const t0 = performance.now();
        try {
          return await call(...args);
        } finally {
          cost.engineCalls += 1;
          cost.engineMs += performance.now() - t0;
        }
      };
    const rest: EngineRest = {
      get: timed(engine.get.bind(engine)) as EngineRest['get'],
      post: timed(engine.post.bind(engine)) as EngineRest['post'],
      put: timed(engine.put.bind(engine)) as EngineRest['put'],
      delete: timed(engine.delete.bind(engine)) as EngineRest['delete'],
      postForm: timed(engine.postForm.bind(engine)) as EngineRest['postForm'],
    };
    return { ...engine, ...rest, ...engineFacade(rest) };
  }

  /** Patches the DataSource in place so that every query a handler runs is booked to it. */
  database(db: DataSource): DataSource {
    const driver = db.driver as { createQueryRunner(mode: 'master' | 'slave'): QueryRunner };
    if (this.patched.has(driver)) return db;
    this.patched.add(driver);
    const store = this.store;
    const create = driver.createQueryRunner.bind(driver);
    const wrapRunner = (runner: QueryRunner): QueryRunner => {
      if (this.patched.has(runner)) return runner;
      this.patched.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      (runner as { query: unknown }).query = async (...args: unknown[]) => {
        const cost = store.getStore();
        if (!cost) return query(...args);
        const t0 = performance.now();
        let rows = 0;
        try {
          const result = await query(...args);
          // A plain array, or typeorm's structured result ({ records }).
          const records = Array.isArray(result) ? result : (result as { records?: unknown } | undefined)?.records;
          if (Array.isArray(records)) rows = records.length;
          return result;
        } finally {
          cost.dbQueries += 1;
          cost.dbMs += performance.now() - t0;
          cost.dbRows += rows;
        }
      };
      return runner;
    };
    driver.createQueryRunner = (mode) => wrapRunner(create(mode));
    return db;
  }
}

/** Milliseconds a task waited between its creation in the engine and its fetch (0 when unknown). */
export function waitedMs(task: ExternalTask, fetchedAt: number): number {
  // The engine's LockedExternalTaskDto carries createTime (Operaton 1.0); the client's types do not.
  const createTime = (task as ExternalTask & { createTime?: string | null }).createTime;
  if (!createTime) return 0;
  const created = Date.parse(createTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(created) ? 0 : Math.max(0, fetchedAt - created);
}

/** The profile as a table (mean per task, in ms). */
export function formatProfile(profiles: TopicProfile[]): string {
  const f = (x: number) => x.toFixed(1);
  const lines = [
    '| topic | tasks | wait before fetch (mean / max) | handler | engine calls (n / ms) | database (queries / ms) | rest of handler | complete |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of profiles) {
    const n = Math.max(1, p.tasks);
    lines.push(
      `| ${p.topic} | ${p.tasks}${p.failures ? ` (${p.failures} failed)` : ''} | ${f(p.waitMs / n)} / ${f(p.maxWaitMs)} | ${f(p.handlerMs / n)} | ${(p.engineCalls / n).toFixed(2)} / ${f(p.engineMs / n)} | ${(p.dbQueries / n).toFixed(2)} / ${f(p.dbMs / n)} | ${f(Math.max(0, p.handlerMs - p.engineMs - p.dbMs) / n)} | ${f(p.completeMs / n)} |`,
    );
  }
  return lines.join('\n');
}

export function formatPolls(p: { polls: number; empty: number; tasks: number }): string {
  return `fetch-and-lock: ${p.polls} polls, ${p.empty} empty, ${(p.tasks / Math.max(1, p.polls - p.empty)).toFixed(1)} tasks per non-empty poll`;
}
