import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, engagementHeader, loadUserDays } from '../metrics';
import { alertInputsFor } from './alertInputs';
import { type CustomerData, type CustomerRecord, loadCustomerData } from './customerData';
import { FeatureSeriesRunCache } from './featureUsageSeries';
import { SnapshotStore } from './snapshotStore';
import { createTestWorkspace, daysFrom, type TestWorkspace } from './testWorkspace';
import { windowEngagement } from './windowEngagement';

/**
 * The components and the usage-drop rule read a few fields of the engine's engagementHeader; the
 * recompute computes them from series rolled once per customer (windowEngagement) and from plain window
 * sums (alert usage) instead of a header per day. These must equal the header exactly, for every day,
 * whatever order days are asked in (the series is re-rolled when a day falls outside it).
 */
const HISTORY = { from: '2025-12-01', through: '2026-03-19' };

let ws: TestWorkspace;
beforeEach(async () => {
  ws = await createTestWorkspace({ today: '2026-03-20' });
  ws.connection('amp', 'amplitude', HISTORY);
  ws.customer('acme', { accounts: [['amp', 'acct-acme']] });
  const all = daysFrom(HISTORY.from, HISTORY.through);
  // Users with different rhythms, a gap of silent days, one user leaving and one arriving late.
  for (let u = 1; u <= 9; u++) {
    const days = all.filter(
      (d, i) =>
        (i * (u + 1)) % (u + 2) < 2 &&
        !(d >= '2026-02-01' && d <= '2026-02-09') &&
        !(u === 4 && d > '2026-01-15') &&
        !(u === 9 && d < '2026-03-01'),
    );
    ws.activity('amp', 'acct-acme', `u${u}`, days, 1 + ((u * 7) % 5));
  }
});
afterEach(async () => {
  await ws.close();
});

function customerData(): CustomerData {
  const customer = ws.store.sqlite
    .prepare("select id, name, owner, segment, arr, renewal_date as renewalDate from customers where id = 'acme'")
    .get() as CustomerRecord;
  return loadCustomerData(ws.ctx, customer, new FeatureSeriesRunCache(), 200);
}

/** The engine's header as of the end of `day`, over every row read up to it. */
function headerOn(data: CustomerData, day: string, width: number) {
  const scope = data.scope;
  if (!scope) throw new Error('no scope');
  return engagementHeader(
    {
      // The engine's own read (the recompute reads user-days its own way): the header is the reference.
      rows: loadUserDays(ws.ctx, scope, day),
      today: addDays(day, 1),
      eventLevel: scope.eventLevel,
      provisionalFrom: scope.provisionalFrom,
    },
    width,
  );
}

describe('windowEngagement', () => {
  it('equals the engagement header of every scored day, asked in any order', () => {
    const days = daysFrom('2026-01-01', '2026-03-18');
    const orders = [days, [...days].reverse(), days.map((_, i) => days[(i * 37) % days.length] as string)];
    for (const order of orders) {
      const data = customerData();
      for (const day of order) {
        const h = headerOn(data, day, 30);
        expect(windowEngagement(data, day, 30), day).toEqual({
          dau: h.dau,
          mau: h.mau,
          activeUsers: h.activeUsers,
          stickinessRolling: h.stickinessRolling,
          eventsTrend: h.eventsTrend,
        });
      }
    }
    // Some days must have been active, some silent, for the comparison to mean anything.
    const data = customerData();
    const values = days.map((d) => windowEngagement(data, d, 30));
    expect(values.some((v) => v.dau > 0)).toBe(true);
    expect(values.some((v) => v.dau === 0)).toBe(true);
    expect(new Set(values.map((v) => v.stickinessRolling)).size).toBeGreaterThan(10);
  });

  it('keeps the 30-day MAU under a window of another width', () => {
    const data = customerData();
    for (const day of ['2026-02-05', '2026-03-01', '2026-03-18']) {
      const h = headerOn(data, day, 14);
      expect(windowEngagement(data, day, 14)).toEqual({
        dau: h.dau,
        mau: h.mau,
        activeUsers: h.activeUsers,
        stickinessRolling: h.stickinessRolling,
        eventsTrend: h.eventsTrend,
      });
    }
  });

  it("gives the alert rules the header's active users and events of any window", () => {
    const data = customerData();
    const inputs = alertInputsFor(ws.ctx, data, '2026-03-17', new SnapshotStore(ws.store.sqlite), { yellow: 40, green: 70 });
    const scope = data.scope;
    if (!scope) throw new Error('no scope');
    for (const [from, to] of [
      ['2026-03-11', '2026-03-17'],
      ['2026-02-01', '2026-02-09'],
      ['2026-01-10', '2026-02-20'],
      ['2026-03-17', '2026-03-17'],
    ] as const) {
      const days = daysFrom(from, to).length;
      const h = engagementHeader(
        {
          rows: loadUserDays(ws.ctx, scope, to),
          today: addDays(to, 1),
          eventLevel: scope.eventLevel,
          provisionalFrom: scope.provisionalFrom,
        },
        days,
      );
      expect(inputs.usage({ from, to }), `${from}..${to}`).toEqual({ activeUsers: h.activeUsers, events: h.events });
    }
    expect(inputs.usage({ from: '2026-02-01', to: '2026-02-09' })).toEqual({ activeUsers: 0, events: 0 });
  });
});
