import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UserActivity } from '../../../src-shared/contract/metrics';
import { addDays, dayList } from '../metrics/calendar';
import { rollingDistinct, usersByDay } from '../metrics/engagement';
import { activeUserRetention, activeUserRetentionIn } from './activeUserRetention';
import { alertInputsFor } from './alertInputs';
import type { CustomerData } from './customerData';
import { type UserDayEvents, userDayTableOf } from './userDayTable';
import { rollingDistinctIn } from './windowEngagement';

/**
 * The numbered user-days (users as small integers, counted with marks) must give exactly the answers
 * the Set<string> forms gave: distinct users and events of a window, retention, rolling distinct users,
 * and the champion rule's per-user activity (same users, same numbers, same order). References below are
 * the string-keyed computations the recompute used before.
 */
const FIRST = '2024-03-01';
const SPAN = 40;

/** Rows ordered by day, one per user and day (as the reads give them), users in key order within a day. */
const rowsArb = fc
  .array(
    fc.record({
      day: fc.integer({ min: 0, max: SPAN - 1 }),
      user: fc.integer({ min: 0, max: 11 }),
      events: fc.integer({ min: 1, max: 50 }),
    }),
    { maxLength: 150 },
  )
  .map((list) => {
    const byKey = new Map<string, UserDayEvents>();
    for (const r of list) {
      const row = { user: `user-key-${String(r.user).padStart(14, '0')}`, day: addDays(FIRST, r.day), events: r.events };
      byKey.set(`${row.day}|${row.user}`, row);
    }
    return [...byKey.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.user < b.user ? -1 : 1));
  });
const rangeArb = fc
  .tuple(fc.integer({ min: -5, max: SPAN + 5 }), fc.integer({ min: -5, max: SPAN + 5 }))
  .map(([a, b]) => ({ from: addDays(FIRST, Math.min(a, b)), to: addDays(FIRST, Math.max(a, b)) }));

function between(rows: readonly UserDayEvents[], from: string, to: string): UserDayEvents[] {
  return rows.filter((r) => r.day >= from && r.day <= to);
}

/** The per-user activity alertInputs.users gave over row objects (first-activity order). */
function usersReference(rows: readonly UserDayEvents[], range: { from: string; to: string }, day: string): UserActivity[] {
  const to = range.to < day ? range.to : day;
  const stats = new Map<string, UserActivity>();
  for (const r of between(rows, range.from, to)) {
    const s = stats.get(r.user);
    if (!s) stats.set(r.user, { userKey: r.user, readableId: null, activeDays: 1, events: r.events, lastActiveDay: r.day });
    else {
      s.activeDays++;
      s.events += r.events;
      s.lastActiveDay = r.day;
    }
  }
  if (to < day)
    for (const r of between(rows, addDays(to, 1), day)) {
      const s = stats.get(r.user);
      if (s) s.lastActiveDay = r.day;
    }
  return [...stats.values()];
}

describe('UserDayTable', () => {
  it('keeps the rows, and counts the distinct users and events of any window as a Set of keys does', () => {
    fc.assert(
      fc.property(rowsArb, fc.array(rangeArb, { minLength: 1, maxLength: 6 }), (rows, ranges) => {
        const table = userDayTableOf(rows);
        expect(table.rowObjects()).toEqual(rows);
        for (const { from, to } of ranges) {
          const inRange = between(rows, from, to);
          expect(table.usage(from, to)).toEqual({
            activeUsers: new Set(inRange.map((r) => r.user)).size,
            events: inRange.reduce((sum, r) => sum + r.events, 0),
          });
          expect(table.eventsBetween(from, to)).toBe(inRange.reduce((sum, r) => sum + r.events, 0));
          const upTo = table.dayStart[table.dayAfter(to)];
          expect(table.rowObjects(0, upTo)).toEqual(rows.filter((r) => r.day <= to));
        }
      }),
    );
  });

  it('sums the adjacent rows of one user and day', () => {
    const table = userDayTableOf([
      { user: 'a', day: '2024-03-01', events: 2 },
      { user: 'a', day: '2024-03-01', events: 3 },
      { user: 'b', day: '2024-03-01', events: 1 },
      { user: 'a', day: '2024-03-02', events: 4 },
    ]);
    expect(table.rowObjects()).toEqual([
      { user: 'a', day: '2024-03-01', events: 5 },
      { user: 'b', day: '2024-03-01', events: 1 },
      { user: 'a', day: '2024-03-02', events: 4 },
    ]);
    expect(table.userCount).toBe(2);
  });

  it('gives the retention of the Set-based activeUserRetention', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: SPAN + 5 }), (rows, width, end) => {
        const table = userDayTableOf(rows);
        const day = addDays(FIRST, end);
        const currentFrom = addDays(day, 1 - width);
        const window = {
          previous: { from: addDays(currentFrom, -width), to: addDays(currentFrom, -1) },
          current: { from: currentFrom, to: day },
        };
        // Twice: the marks of one pass must not leak into the next.
        expect(activeUserRetentionIn(table, window)).toEqual(activeUserRetention(rows, window));
        expect(activeUserRetentionIn(table, window)).toEqual(activeUserRetention(rows, window));
      }),
    );
  });

  it("gives the metrics engine's rolling distinct users for any span and width", () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: -10, max: SPAN + 5 }),
        fc.integer({ min: 0, max: 30 }),
        (rows, width, start, length) => {
          const days = dayList(addDays(FIRST, start), addDays(FIRST, start + length));
          expect(rollingDistinctIn(userDayTableOf(rows), days, width)).toEqual(rollingDistinct(usersByDay(rows), days, width));
        },
      ),
    );
  });

  it("gives the champion rule each active user's activity, in first-activity order, as the row objects did", () => {
    fc.assert(
      fc.property(rowsArb, rangeArb, fc.integer({ min: 0, max: SPAN + 3 }), (rows, range, evaluated) => {
        const table = userDayTableOf(rows);
        const day = addDays(FIRST, evaluated);
        // Only `usage` and the customer's ids are read for users(); readable ids are off.
        const data = {
          customer: { id: 'acme', name: 'Acme', owner: null },
          scope: { connectionId: 'c1', vendor: 'amplitude', eventLevel: true },
          historyStart: FIRST,
          usage: table,
        } as unknown as CustomerData;
        const ctx = { settings: { storeReadableUserIds: false, keyEvents: [] } } as never;
        const inputs = alertInputsFor(ctx, data, day, { scoreOn: () => null }, { yellow: 40, green: 70 });
        expect(inputs.users(range)).toEqual(usersReference(rows, range, day));
        expect(inputs.usage(range)).toEqual({
          activeUsers: new Set(between(rows, range.from, range.to).map((r) => r.user)).size,
          events: between(rows, range.from, range.to).reduce((sum, r) => sum + r.events, 0),
        });
      }),
    );
  });
});
