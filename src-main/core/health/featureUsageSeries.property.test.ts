import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tinyWorkspace } from '../metrics/__fixtures__/tinyWorkspace';
import { addDays } from '../metrics/calendar';
import type { MetricScope } from '../metrics/context';
import { FeatureSeriesRunCache, FeatureUsageSeries } from './featureUsageSeries';

/**
 * FeatureUsageSeries numbers features, users and (feature, user) pairs when it reads, and counts with
 * integer marks: for any uses and windows it must give what Sets of keys over the same rows give,
 * including the order of the features (first use in the window, the order alert evidence lists them).
 */
const FIRST = '2024-06-01';
const LAST = '2024-06-20';
const scope: MetricScope = {
  customerId: 'acme',
  connectionId: 'c1',
  vendor: 'amplitude',
  accountIds: ['a1'],
  eventLevel: true,
  dataThrough: LAST,
  provisionalFrom: null,
};

const usesArb = fc.array(
  fc.record({ day: fc.integer({ min: 0, max: 19 }), item: fc.integer({ min: 0, max: 7 }), user: fc.integer({ min: 0, max: 9 }) }),
  { minLength: 1, maxLength: 80 },
);
const windowArb = fc
  .tuple(fc.integer({ min: -3, max: 22 }), fc.integer({ min: -3, max: 22 }))
  .map(([a, b]) => ({ from: addDays(FIRST, Math.min(a, b)), to: addDays(FIRST, Math.max(a, b)) }));

describe('FeatureUsageSeries over numbered uses', () => {
  it('gives the distinct users per feature, breadth and last-used days of Sets of keys', async () => {
    await fc.assert(
      fc.asyncProperty(usesArb, fc.array(windowArb, { minLength: 1, maxLength: 4 }), async (uses, windows) => {
        const ws = await tinyWorkspace();
        try {
          ws.connection('c1', 'amplitude', LAST);
          ws.customer('acme', 'Acme');
          ws.link('c1', 'a1', 'acme');
          const seen = new Set<string>();
          for (const u of uses) {
            const row = { day: addDays(FIRST, u.day), item: `Feature ${u.item}`, user: `user-${u.user}` };
            const key = `${row.day}|${row.item}|${row.user}`;
            if (seen.has(key)) continue;
            seen.add(key);
            ws.item({ connection: 'c1', account: 'a1', kind: 'event', ...row });
          }
          // The reference reads the rows in the order the packed read yields them: day, item, user.
          const rows = ws.store.sqlite
            .prepare(`select day, item_id as item, user_key as user from item_days order by day, item_id, user_key`)
            .all() as Array<{ day: string; item: string; user: string }>;
          const series = new FeatureUsageSeries(ws.ctx, scope, FIRST, LAST, new FeatureSeriesRunCache());
          for (const window of windows) {
            const users = new Map<string, Set<string>>();
            for (const r of rows) {
              if (r.day < window.from || r.day > window.to) continue;
              const set = users.get(r.item) ?? new Set<string>();
              set.add(r.user);
              users.set(r.item, set);
            }
            const usage = series.usage(window);
            expect([...usage.users]).toEqual([...users].map(([id, set]) => [id, set.size]));
            const coreUsed = [...usage.core].filter((id) => users.has(id)).length;
            expect(usage.coreUsed).toBe(coreUsed);
            const { users: _users, ...breadth } = usage;
            expect(series.coreUsage(window)).toEqual(breadth);
            const lastUsed = new Map<string, string>();
            for (const r of rows) if (r.day <= window.to) lastUsed.set(r.item, r.day);
            expect([...series.lastUsed(window.to)]).toEqual([...lastUsed]);
          }
        } finally {
          await ws.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
