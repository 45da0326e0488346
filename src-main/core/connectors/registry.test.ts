import { describe, expect, it } from 'vitest';
import { rateBudgetFor } from './registry';

const mixpanel = (settings: Record<string, unknown> = {}) =>
  ({ id: 'c1', vendor: 'mixpanel', region: 'us', baseUrl: null, settings }) as Parameters<typeof rateBudgetFor>[0];

describe('rateBudgetFor', () => {
  it("gives Mixpanel's raw export and Query API their own documented budgets", () => {
    expect(rateBudgetFor(mixpanel(), 'export')).toEqual({ concurrency: 3, perSecond: 3, perHour: 60 });
    expect(rateBudgetFor(mixpanel(), 'query')).toEqual({ concurrency: 5, perHour: 60 });
    // A call that names no budget gets the stricter one.
    expect(rateBudgetFor(mixpanel())).toEqual({ concurrency: 3, perSecond: 3, perHour: 60 });
  });

  it('lets a connection set its hourly budget (an enterprise plan, the sandboxes)', () => {
    expect(rateBudgetFor(mixpanel({ requestsPerHour: 600 }), 'query')).toEqual({ concurrency: 5, perHour: 600 });
    expect(rateBudgetFor(mixpanel({ requestsPerHour: 600 }), 'export').perHour).toBe(600);
  });
});
