import { RestartPolicy } from '../../scripts/supervision-policy.js';

describe('npm start restarts a crashed child with back-off (issue 14 §2)', () => {
  test('restarted after 1, 2, 4, 8 s; the fifth crash within 10 minutes stops the platform', () => {
    const p = new RestartPolicy();
    const t0 = 1_000_000;
    expect([0, 5, 10, 20].map((s) => p.crashed(t0 + s * 1000))).toEqual([
      { restart: true, delayMs: 1000, crashes: 1 },
      { restart: true, delayMs: 2000, crashes: 2 },
      { restart: true, delayMs: 4000, crashes: 3 },
      { restart: true, delayMs: 8000, crashes: 4 },
    ]);
    expect(p.crashed(t0 + 30_000)).toEqual({ restart: false, crashes: 5 });
  });

  test('crashes older than the window are forgotten: an occasional crash is always restarted at once', () => {
    const p = new RestartPolicy();
    for (let hour = 0; hour < 24; hour++) expect(p.crashed(hour * 3_600_000)).toEqual({ restart: true, delayMs: 1000, crashes: 1 });
  });

  test('the pause never exceeds 30 s', () => {
    const p = new RestartPolicy({ maxCrashes: 100, windowMs: 3_600_000, firstDelayMs: 1000, maxDelayMs: 30_000 });
    let last = { restart: true, delayMs: 0, crashes: 0 } as ReturnType<RestartPolicy['crashed']>;
    for (let i = 0; i < 10; i++) last = p.crashed(i);
    expect(last).toEqual({ restart: true, delayMs: 30_000, crashes: 10 });
  });
});
