import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../../src/logger.js';
import { createWorker, type Worker } from '../../../workers/runner.js';
import type { TopicDefinition, WorkerDeps } from '../../../workers/topic.js';

/**
 * The runner with the real external-task client against a scripted HTTP stand-in for the engine's
 * external-task REST API on 127.0.0.1 (a unit test of the runner's behaviour on failures; the
 * integration and fault suites use the real engine).
 */
interface Call {
  at: number;
  path: string;
}

function scriptedEngine(answer: (path: string, n: number) => { status: number; body?: unknown }) {
  const calls: Call[] = [];
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = (req.url ?? '').replace(/\/external-task\/[^/]+\//, '/external-task/:id/');
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      calls.push({ at: Date.now(), path });
      const { status, body: out } = answer(path, n);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(out === undefined ? '' : JSON.stringify(out));
    });
  });
  return {
    calls,
    count: (path: string) => calls.filter((c) => c.path === path).length,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const task = { id: 'task-1', topicName: 'event-test', workerId: 'w', retries: null, processInstanceId: 'pi-1', businessKey: 'SJ-1', variables: {} };
const settings = { workerId: 'w', maxTasks: 1, maxParallelExecutions: 1, lockDurationMs: 600, asyncResponseTimeoutMs: 0, pollIntervalMs: 20, retries: 3, retryDelayMs: 1000 };

async function until(what: string, ok: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the worker runner on a failing engine (issue 14 §3, §5, §6)', () => {
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.stop(500);
    worker = undefined;
  });

  function start(url: string, handle: TopicDefinition['handle']): void {
    const topic: TopicDefinition = { topic: 'event-test', label: '测试', description: 'x', variables: [], handle };
    worker = createWorker({ engineUrl: url, user: 'u', password: 'p', worker: settings }, { logger: silentLogger } as unknown as WorkerDeps, [topic]);
    worker.start();
  }

  test('polls resume at full speed right after the first successful poll (no pause left over from the outage)', async () => {
    const engine = scriptedEngine((path, n) => (path === '/engine-rest/external-task/fetchAndLock' && n <= 4 ? { status: 503, body: { message: 'down' } } : { status: 200, body: [] }));
    const url = await engine.listen();
    try {
      start(url, async () => undefined);
      await until('six polls after the outage', () => engine.count('/engine-rest/external-task/fetchAndLock') >= 10, 15_000);
      const at = engine.calls.filter((c) => c.path === '/engine-rest/external-task/fetchAndLock').map((c) => c.at);
      const gaps = at.slice(1).map((t, i) => t - at[i]);
      // Failures 1–4 were followed by growing pauses (≥ 0.3, 0.6, 1.2, 2.4 s, applied at once);
      expect(gaps.slice(0, 4).map((g, i) => g >= 300 * 2 ** i - 20)).toEqual([true, true, true, true]);
      // after the first success (poll 5) the polls follow each other at the configured interval.
      expect(Math.max(...gaps.slice(4, 9))).toBeLessThan(250);
    } finally {
      await worker?.stop(500);
      await engine.close();
    }
  }, 20_000);

  test('a complete() that fails after the handler\'s work is retried as a completion: no handleFailure, the handler ran once, the lock was extended', async () => {
    let handled = 0;
    const engine = scriptedEngine((path, n) => {
      if (path === '/engine-rest/external-task/fetchAndLock') return { status: 200, body: n === 1 ? [task] : [] };
      if (path === '/engine-rest/external-task/:id/complete') return n <= 3 ? { status: 500, body: { type: 'ProcessEngineException', message: 'Could not open JDBC Connection' } } : { status: 204 };
      return { status: 204 };
    });
    const url = await engine.listen();
    try {
      start(url, async () => {
        handled += 1;
        await new Promise((r) => setTimeout(r, 700)); // longer than the 600 ms lock
      });
      await until('the completion to succeed', () => engine.count('/engine-rest/external-task/:id/complete') >= 4);
      expect(handled).toBe(1);
      expect(engine.count('/engine-rest/external-task/:id/failure')).toBe(0);
      expect(engine.count('/engine-rest/external-task/:id/extendLock')).toBeGreaterThanOrEqual(1);
    } finally {
      await worker?.stop(500);
      await engine.close();
    }
  }, 20_000);

  test('a handler that fails is reported as a failure with retries counting down', async () => {
    const engine = scriptedEngine((path, n) => (path === '/engine-rest/external-task/fetchAndLock' ? { status: 200, body: n === 1 ? [task] : [] } : { status: 204 }));
    const url = await engine.listen();
    try {
      start(url, async () => {
        throw new Error('boom');
      });
      await until('the failure report', () => engine.count('/engine-rest/external-task/:id/failure') === 1);
      expect(engine.count('/engine-rest/external-task/:id/complete')).toBe(0);
    } finally {
      await worker?.stop(500);
      await engine.close();
    }
  }, 20_000);
});
