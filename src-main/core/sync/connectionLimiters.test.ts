import { describe, expect, it } from 'vitest';
import type { RequestBudget } from '../connectors/types';
import { ConnectionLimiters } from './connectionLimiters';
import type { RateBudget } from './rateLimiter';
import { manualTime } from './testFixtures';

// Mixpanel's two budgets, as rateBudgetFor gives them.
const budgets = (budget: RequestBudget | undefined): RateBudget =>
  budget === 'query' ? { concurrency: 5, perHour: 60 } : { concurrency: 3, perSecond: 3, perHour: 60 };
const signal = new AbortController().signal;

describe('ConnectionLimiters', () => {
  it('counts each budget apart: query calls do not wait for the export per-second limit', async () => {
    const time = manualTime();
    const limiters = new ConnectionLimiters(budgets, time.clock, time.sleep);
    for (let i = 0; i < 3; i++) await limiters.schedule(async () => i, signal, 'export');
    for (let i = 0; i < 10; i++) await limiters.schedule(async () => i, signal, 'query');
    expect(time.sleeps).toEqual([]);
    // A fourth export in the same second waits for it.
    await limiters.schedule(async () => 4, signal, 'export');
    expect(time.sleeps).toEqual([1000]);
  });

  it('a 429 pauses every budget, also one first used after it', async () => {
    const time = manualTime();
    const limiters = new ConnectionLimiters(budgets, time.clock, time.sleep);
    await limiters.schedule(async () => 1, signal, 'export');
    limiters.pauseFor(30_000);
    await limiters.schedule(async () => 2, signal, 'query');
    expect(time.sleeps).toEqual([30_000]);
    await limiters.schedule(async () => 3, signal, 'export');
    expect(time.sleeps).toEqual([30_000]);
  });

  it('runs calls without a budget under the connection default', async () => {
    const time = manualTime();
    const asked: Array<RequestBudget | undefined> = [];
    const limiters = new ConnectionLimiters(
      (budget) => {
        asked.push(budget);
        return budgets(budget);
      },
      time.clock,
      time.sleep,
    );
    expect(await limiters.schedule(async () => 'ok', signal)).toBe('ok');
    await limiters.schedule(async () => 'ok', signal);
    expect(asked).toEqual([undefined]);
  });
});
