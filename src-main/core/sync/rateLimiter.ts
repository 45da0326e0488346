import type { Clock } from '../ports';

export interface RateBudget {
  /** Requests allowed at the same time. */
  concurrency: number;
  /** Requests allowed in any rolling hour (Mixpanel: 60). */
  perHour?: number;
  /** Requests allowed in any rolling second (Mixpanel export: 3). */
  perSecond?: number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * One per connection: caps concurrency and rolling-window request counts, and pauses everything
 * after a 429 for as long as the vendor asked (Retry-After), so one rate-limited call does not
 * trigger a storm from its siblings.
 */
export class RateLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly started: number[] = [];
  private pausedUntil = 0;

  constructor(
    private readonly budget: RateBudget,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async schedule<T>(request: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await request();
    } finally {
      this.release();
    }
  }

  /** Called when the vendor answered 429: nobody on this connection sends until then. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    if (this.active >= this.budget.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
    try {
      for (;;) {
        const wait = this.waitNeeded();
        if (wait <= 0) break;
        await this.sleep(wait, signal);
      }
    } catch (error) {
      this.release();
      throw error;
    }
    this.started.push(this.clock.now());
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  private waitNeeded(): number {
    const now = this.clock.now();
    let wait = this.pausedUntil - now;
    while (this.started.length > 0 && (this.started[0] as number) <= now - 3_600_000) this.started.shift();
    const { perHour, perSecond } = this.budget;
    if (perHour !== undefined && this.started.length >= perHour) {
      wait = Math.max(wait, (this.started[this.started.length - perHour] as number) + 3_600_000 - now);
    }
    if (perSecond !== undefined) {
      const recent = this.started.filter((t) => t > now - 1000);
      if (recent.length >= perSecond) wait = Math.max(wait, (recent[recent.length - perSecond] as number) + 1000 - now);
    }
    return wait;
  }
}
