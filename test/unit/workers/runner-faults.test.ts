import { jest } from '@jest/globals';
import { completeWithRetry, isLockLost, keepLocked, PollBackoff } from '../../../workers/runner.js';
import type { ExternalTask } from 'camunda-external-task-client-js';

const task = { id: 't1' } as unknown as ExternalTask;

describe('the worker survives engine and database trouble (issue 14)', () => {
  test('the back-off applies to the poll right after a failure and is gone after the first successful poll', () => {
    const b = new PollBackoff(300, 30_000);
    expect([b.failed(), b.failed(), b.failed()]).toEqual([300, 600, 1200]);
    expect(b.succeeded()).toBe(3);
    // The next failure starts from the base pause again, not from where the outage left it.
    expect(b.failed()).toBe(300);
    for (let i = 0; i < 20; i++) b.failed();
    expect(b.failed()).toBe(30_000);
  });

  test('a complete() that fails on a database outage is retried as a completion until it succeeds', async () => {
    let calls = 0;
    const retried: number[] = [];
    const result = await completeWithRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error('Response code 500; Error: Could not open JDBC connection'), { httpStatusCode: 500, type: 'ProcessEngineException' });
      },
      { deadlineMs: 10_000, pauseMs: () => 1, onRetry: (_e, attempt) => retried.push(attempt) },
    );
    expect(result).toEqual({ ok: true, attempts: 3 });
    expect(retried).toEqual([1, 2]);
  });

  test('a completion stops at once when the lock is lost (another worker has the task now)', async () => {
    let calls = 0;
    const lost = Object.assign(new Error('locked by another worker'), { httpStatusCode: 500, type: 'BadUserRequestException', engineMsg: "External Task t1 cannot be completed by worker 'a'. It is locked by worker 'b'." });
    const result = await completeWithRetry(
      async () => {
        calls += 1;
        throw lost;
      },
      { deadlineMs: 10_000, pauseMs: () => 1 },
    );
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(calls).toBe(1);
    expect(isLockLost({ httpStatusCode: 404 })).toBe(true);
    expect(isLockLost({ httpStatusCode: 500, type: 'ProcessEngineException', engineMsg: 'Could not open JDBC connection' })).toBe(false);
  });

  test('a completion gives up after its deadline', async () => {
    let calls = 0;
    const result = await completeWithRetry(
      async () => {
        calls += 1;
        throw new Error('engine unreachable');
      },
      { deadlineMs: 50, pauseMs: () => 20 },
    );
    expect(result.ok).toBe(false);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(4);
  });

  test('the lock is extended every half lock duration while the handler runs, and no more after it ends', async () => {
    jest.useFakeTimers();
    try {
      const extended: number[] = [];
      const keeper = keepLocked({ extendLock: async (_t: unknown, ms: number) => void extended.push(ms) } as never, task, 10_000, () => undefined);
      jest.advanceTimersByTime(4_999);
      expect(extended).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(extended).toEqual([10_000]);
      jest.advanceTimersByTime(10_000);
      expect(extended).toEqual([10_000, 10_000, 10_000]);
      keeper.stop();
      jest.advanceTimersByTime(60_000);
      expect(extended).toHaveLength(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
