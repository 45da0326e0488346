import { describe, expect, it } from 'vitest';
import { checkCustomer, type DailyUsage } from '../../../src-main/core/anomalies';
import { type DemoCustomer, generatePortfolio, groundTruth, type Story } from '../../../src-main/core/demo';
import { addDays, dayList } from '../../../src-main/core/metrics';
import { type AnomalySensitivity, defaultHealthConfig } from '../../../src-shared/contract';

/**
 * The anomaly detector's alert rates on a larger demo portfolio than a sync test can afford: 150
 * accounts × 98 days straight from the generator's ground truth (what the Amplitude sandbox serves:
 * daily active users, events, sessions), replayed day by day over the last 42 final days as the alert
 * rule runs (an alert opens when a metric starts firing and closes when it stops). Fixed clock, so the
 * figures are exact and match the README.
 */
const NOW = Date.parse('2026-11-26T12:00:00Z');
const REPLAY_DAYS = 42;

interface Rates {
  customers: Map<Story, Set<string>>;
  alerts: Map<Story, number>;
  accounts: Map<Story, number>;
}

function replay(
  accounts: Array<{ customer: DemoCustomer; totals: Map<string, DailyUsage> }>,
  historyStart: string,
  finalDay: string,
  sensitivity: AnomalySensitivity,
): Rates {
  const settings = { ...defaultHealthConfig.rules.anomaly, sensitivity };
  const rates: Rates = { customers: new Map(), alerts: new Map(), accounts: new Map() };
  for (const { customer, totals } of accounts) {
    const story = customer.story;
    rates.accounts.set(story, (rates.accounts.get(story) ?? 0) + 1);
    const open = new Map<never, 'drop' | 'spike'>();
    for (const day of dayList(addDays(finalDay, 1 - REPLAY_DAYS), finalDay)) {
      const history = { historyStart, hasSessions: true, on: (d: string) => (d > day ? undefined : totals.get(d)) };
      const checks = checkCustomer(history, day, settings, open);
      if (checks.every((c) => c.check.status === 'not-enough-history')) continue;
      for (const c of checks) {
        if (c.metric === 'minutes') continue; // the ground truth has no minutes
        if (c.firing && !open.has(c.metric as never)) {
          open.set(c.metric as never, c.firing);
          rates.alerts.set(story, (rates.alerts.get(story) ?? 0) + 1);
          rates.customers.set(story, (rates.customers.get(story) ?? new Set()).add(customer.name));
        } else if (!c.firing) open.delete(c.metric as never);
      }
    }
  }
  return rates;
}

describe('anomaly alert rates on a 150-account demo portfolio', () => {
  it('fire on churning and declining accounts, rarely on steady ones; sensitivity orders the rates', () => {
    const portfolio = generatePortfolio({ seed: 3, accounts: 150, days: 98, now: NOW, minUsers: 8, maxUsers: 60 });
    const truth = groundTruth(portfolio, { vendor: 'amplitude' });
    const byAccount = new Map<string, Map<string, DailyUsage>>();
    for (const u of truth.userDays) {
      const days = byAccount.get(u.accountId) ?? new Map<string, DailyUsage>();
      byAccount.set(u.accountId, days);
      const t = days.get(u.day) ?? { activeUsers: 0, events: 0, sessions: 0, minutes: 0 };
      t.activeUsers++;
      t.events += u.events;
      days.set(u.day, t);
    }
    for (const s of truth.sessions) {
      const t = byAccount.get(s.accountId)?.get(s.day);
      if (t) t.sessions = s.sessions;
    }
    const accounts = portfolio.customers
      .filter((c) => c.vendorIds.amplitude)
      .map((customer) => ({ customer, totals: byAccount.get(customer.vendorIds.amplitude as string) ?? new Map() }));
    // Today is running; with the late-data horizon the last final day is three days back.
    const finalDay = addDays(truth.toDay, -3);

    const lines: string[] = [];
    const results = new Map<AnomalySensitivity, Rates>();
    for (const sensitivity of ['low', 'medium', 'high'] as const) {
      const r = replay(accounts, truth.fromDay, finalDay, sensitivity);
      results.set(sensitivity, r);
      const cell = (s: Story) => `${s} ${r.customers.get(s)?.size ?? 0}/${r.accounts.get(s) ?? 0} (${r.alerts.get(s) ?? 0})`;
      const steadyRate = (r.alerts.get('steady') ?? 0) / (((r.accounts.get('steady') ?? 0) * REPLAY_DAYS) / 30);
      lines.push(
        `${sensitivity.padEnd(6)} ${(['churning', 'declining', 'steady', 'growing'] as Story[]).map(cell).join('  ')}  steady false alarms ${steadyRate.toFixed(3)}/account-month`,
      );
    }
    console.log(`customers with anomaly alerts / accounts (alerts), last ${REPLAY_DAYS} final days:\n${lines.join('\n')}`);

    const medium = results.get('medium') as Rates;
    const steadyAccounts = medium.accounts.get('steady') ?? 0;
    expect(steadyAccounts).toBeGreaterThanOrEqual(25);
    const steadyRate = (medium.alerts.get('steady') ?? 0) / ((steadyAccounts * REPLAY_DAYS) / 30);
    expect(steadyRate).toBeLessThan(0.1);
    expect(medium.customers.get('growing')?.size ?? 0).toBeLessThanOrEqual(1);
    const churnedInWindow = accounts.filter(
      (a) => a.customer.churnDate !== null && a.customer.churnDate > addDays(finalDay, 1 - REPLAY_DAYS),
    );
    const churnedFired = churnedInWindow.filter((a) => medium.customers.get('churning')?.has(a.customer.name));
    console.log(
      `accounts that churned in the replayed days: ${churnedInWindow.length}, with an anomaly alert: ${churnedFired.length}`,
    );
    // Demo churners fade (their people leave one by one before the churn date), so by the day usage
    // stops many are below the 3-usual-daily-users floor: about a third fire, which still sets churning
    // accounts apart from steady ones (under 1 in 10).
    expect(churnedFired.length).toBeGreaterThanOrEqual(Math.ceil(churnedInWindow.length * 0.25));
    expect((medium.customers.get('churning')?.size ?? 0) / (medium.accounts.get('churning') ?? 1)).toBeGreaterThan(
      (3 * (medium.customers.get('steady')?.size ?? 0)) / steadyAccounts,
    );
    expect(medium.customers.get('declining')?.size ?? 0).toBeGreaterThanOrEqual(2);
    // Higher sensitivity finds more, at the price of more false alarms.
    const total = (r: Rates) => [...r.alerts.values()].reduce((a, b) => a + b, 0);
    expect(total(results.get('low') as Rates)).toBeLessThan(total(medium));
    expect(total(medium)).toBeLessThan(total(results.get('high') as Rates));
  }, 300_000);
});
