/**
 * When `npm start` restarts a child that died: after 1 s, then 2, 4, 8 … up to 30 s while it keeps
 * crashing; a child that ran for `healthyAfterMs` starts afresh. A child that crashed `maxCrashes`
 * times within `windowMs` is not restarted: the platform stops and says why.
 */
export interface RestartPolicyOptions {
  maxCrashes: number;
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = { maxCrashes: 5, windowMs: 10 * 60_000, firstDelayMs: 1_000, maxDelayMs: 30_000 };

export type RestartDecision = { restart: true; delayMs: number; crashes: number } | { restart: false; crashes: number };

export class RestartPolicy {
  private crashes: number[] = [];
  constructor(private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  /** The child died at `now` (ms): restart it after `delayMs`, or give up. */
  crashed(now: number): RestartDecision {
    this.crashes = this.crashes.filter((t) => now - t < this.options.windowMs);
    this.crashes.push(now);
    const n = this.crashes.length;
    if (n >= this.options.maxCrashes) return { restart: false, crashes: n };
    return { restart: true, delayMs: Math.min(this.options.maxDelayMs, this.options.firstDelayMs * 2 ** (n - 1)), crashes: n };
  }
}
