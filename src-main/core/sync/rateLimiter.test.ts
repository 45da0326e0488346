import { describe, expect, it } from 'vitest';
import { VendorError } from '../connectors/http';
import { RateLimiter } from './rateLimiter';
import { defaultRetryPolicy, nextRetryDelay } from './retryPolicy';
import { manualTime } from './testFixtures';

describe('RateLimiter', () => {
  it('never runs more than the concurrency budget at once', async () => {
    const time = manualTime();
    const limiter = new RateLimiter({ concurrency: 2 }, time.clock, time.sleep);
    let running = 0;
    let peak = 0;
    const task = () =>
      limiter.schedule(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      });
    await Promise.all(Array.from({ length: 7 }, task));
    expect(peak).toBe(2);
  });

  it('waits out an hourly budget instead of exceeding it', async () => {
    const time = manualTime();
    const limiter = new RateLimiter({ concurrency: 5, perHour: 3 }, time.clock, time.sleep);
    for (let i = 0; i < 3; i++) await limiter.schedule(async () => undefined);
    expect(time.sleeps).toEqual([]);
    await limiter.schedule(async () => undefined);
    expect(time.sleeps).toEqual([3_600_000]);
  });

  it('pauses every caller after a Retry-After', async () => {
    const time = manualTime();
    const limiter = new RateLimiter({ concurrency: 5 }, time.clock, time.sleep);
    limiter.pauseFor(30_000);
    await limiter.schedule(async () => undefined);
    expect(time.sleeps).toEqual([30_000]);
  });
});

describe('nextRetryDelay', () => {
  const rateLimited = (after: number | null) => new VendorError('VENDOR_RATE_LIMITED', '429', true, after, 429);
  it('honours Retry-After', () => {
    expect(nextRetryDelay(rateLimited(7000), 1, defaultRetryPolicy)).toBe(7000);
  });
  it('backs off exponentially without Retry-After, within bounds', () => {
    const delays = [1, 2, 3, 4].map((attempt) => nextRetryDelay(rateLimited(null), attempt, defaultRetryPolicy, () => 1));
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
  });
  it('gives up on permanent errors and after the last attempt', () => {
    expect(nextRetryDelay(new VendorError('VENDOR_AUTH', 'bad key', false), 1, defaultRetryPolicy)).toBeNull();
    expect(nextRetryDelay(new Error('bug'), 1, defaultRetryPolicy)).toBeNull();
    expect(nextRetryDelay(rateLimited(null), defaultRetryPolicy.maxAttempts, defaultRetryPolicy)).toBeNull();
  });
});
