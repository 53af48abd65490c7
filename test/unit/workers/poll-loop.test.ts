import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../src/logger.js';
import { TaskProfiler } from '../../../workers/profile.js';
import { createWorker, type Worker } from '../../../workers/runner.js';
import type { TopicDefinition, WorkerDeps } from '../../../workers/topic.js';

/**
 * The poll loop under load (issue 9): the runner with the real external-task client against a
 * scripted stand-in for the engine's external-task REST API on 127.0.0.1. A slow task of a batch
 * must not hold back the next fetch, and the profile books each task's wait before fetch.
 */
function scriptedEngine(fetches: unknown[][]) {
  const events: string[] = [];
  let fetchCount = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = req.url ?? '';
      let out: unknown = '';
      if (url.endsWith('/external-task/fetchAndLock')) {
        out = fetches[fetchCount] ?? [];
        fetchCount += 1;
        if ((out as unknown[]).length > 0) events.push(`fetch ${(out as Array<{ id: string }>).map((t) => t.id).join(',')}`);
      }
      const complete = /\/external-task\/([^/]+)\/complete$/.exec(url);
      if (complete) events.push(`complete ${complete[1]}`);
      if (out === '') {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      }
    });
  });
  return {
    events,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const task = (id: string, createdMsAgo = 0) => ({
  id,
  topicName: 'event-test',
  workerId: 'w',
  retries: null,
  processInstanceId: `pi-${id}`,
  businessKey: id,
  variables: {},
  createTime: new Date(Date.now() - createdMsAgo).toISOString().replace('Z', '+0000'),
});

async function until(what: string, ok: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('issue 9: the poll loop does not wait for the slowest task of a batch', () => {
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.stop(500);
    worker = undefined;
  });

  test('while one task of the first batch is still running, the next batch is fetched and completed; the profile books the wait before fetch', async () => {
    const engine = scriptedEngine([[task('slow', 1500), task('fast-1')], [task('fast-2')]]);
    const url = await engine.listen();
    let releaseSlow: () => void = () => undefined;
    const slowDone = new Promise<void>((r) => (releaseSlow = r));
    const profiler = new TaskProfiler();
    const topic: TopicDefinition = {
      topic: 'event-test',
      label: '测试',
      description: 'x',
      variables: [],
      handle: async (t) => {
        if (t.id === 'slow') await slowDone;
      },
    };
    try {
      worker = createWorker(
        { engineUrl: url, user: 'u', password: 'p', worker: { workerId: 'w', maxTasks: 2, maxParallelExecutions: 4, lockDurationMs: 10_000, asyncResponseTimeoutMs: 0, pollIntervalMs: 10, retries: 3, retryDelayMs: 1000 }, profiler },
        { logger: silentLogger } as unknown as WorkerDeps,
        [topic],
      );
      worker.start();
      await until('the second batch to be completed', () => engine.events.includes('complete fast-2'));
      expect(engine.events.includes('complete slow')).toBe(false);
      releaseSlow();
      await until('the slow task to be completed', () => engine.events.includes('complete slow'));
      expect(engine.events.slice(0, 4)).toEqual(['fetch slow,fast-1', 'complete fast-1', 'fetch fast-2', 'complete fast-2']);
      await until('the profile to book three tasks', () => (profiler.topics()[0]?.tasks ?? 0) >= 3);
      const [p] = profiler.topics();
      expect(p).toMatchObject({ topic: 'event-test', tasks: 3, failures: 0 });
      // The slow task was created 1.5 s before it was fetched.
      expect(p.maxWaitMs).toBeGreaterThanOrEqual(1400);
    } finally {
      releaseSlow();
      await worker?.stop(500);
      await engine.close();
    }
  }, 20_000);
});
