import type { RequestBudget } from '../connectors/types';
import type { Clock } from '../ports';
import { type RateBudget, RateLimiter, type Sleep } from './rateLimiter';

/**
 * One connection's rate limiters, one per request budget the vendor counts apart (Mixpanel's raw export
 * and Query API), so calls of one budget never wait for the other's limits. A 429 pauses every budget
 * of the connection, those first used after it included: which limit the vendor meant is not always
 * clear from its answer.
 */
export class ConnectionLimiters {
  private readonly byBudget = new Map<RequestBudget | 'default', RateLimiter>();
  private pausedUntil = 0;

  constructor(
    private readonly budgetFor: (budget: RequestBudget | undefined) => RateBudget,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {}

  schedule<T>(request: () => Promise<T>, signal: AbortSignal, budget?: RequestBudget): Promise<T> {
    return this.limiter(budget).schedule(request, signal);
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    for (const limiter of this.byBudget.values()) limiter.pauseFor(ms);
  }

  private limiter(budget: RequestBudget | undefined): RateLimiter {
    const key = budget ?? 'default';
    let limiter = this.byBudget.get(key);
    if (!limiter) {
      limiter = new RateLimiter(this.budgetFor(budget), this.clock, this.sleep);
      const pause = this.pausedUntil - this.clock.now();
      if (pause > 0) limiter.pauseFor(pause);
      this.byBudget.set(key, limiter);
    }
    return limiter;
  }
}
