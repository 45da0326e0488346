import { describe, expect, it } from 'vitest';
import type { PortfolioMetrics } from '../../../src-shared/contract/metrics';
import type { Bridge } from '../../lib/bridge';
import { loadAccount } from './loadAccount';
import { portfolioAverageMemo } from './portfolioAverage';

const portfolio = (...dauMau: Array<number | null>) =>
  ({ rows: dauMau.map((v) => ({ dauMau: v })) }) as unknown as PortfolioMetrics;

/** The core's data-change events, fired by the test. */
function changes() {
  const listeners: Array<() => void> = [];
  return {
    subscribe: (listener: () => void) => listeners.push(listener),
    fire: () => {
      for (const listener of listeners) listener();
    },
  };
}

/** A core that answers metrics.portfolio with `answer` and records what was asked. */
function core(answer: PortfolioMetrics) {
  const asked: string[] = [];
  const call = ((channel: string) => {
    asked.push(channel);
    return Promise.resolve(channel === 'metrics.portfolio' ? answer : { customer: { id: 'c' }, source: null });
  }) as unknown as Bridge['call'];
  return { asked, call };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the portfolio average an account opens with', () => {
  it("is the portfolio page's answer while nothing changed, without asking the core again", async () => {
    const events = changes();
    const memo = portfolioAverageMemo(events.subscribe);
    memo.rememberFrom(Promise.resolve(portfolio(0.2, null, 0.4)));
    await tick();
    const later = core(portfolio(0.9));
    await expect(memo.forOpening(later.call)).resolves.toBeCloseTo(0.3);
    expect(later.asked).toEqual([]);
  });

  it('is asked again after any data change, and an answer overtaken by a change is not kept', async () => {
    const events = changes();
    const memo = portfolioAverageMemo(events.subscribe);
    memo.rememberFrom(Promise.resolve(portfolio(0.2)));
    await tick();
    events.fire();
    const fresh = core(portfolio(0.5));
    await expect(memo.forOpening(fresh.call)).resolves.toBe(0.5);
    expect(fresh.asked).toEqual(['metrics.portfolio']);

    let answer!: (m: PortfolioMetrics) => void;
    memo.rememberFrom(new Promise((resolve) => (answer = resolve)));
    events.fire(); // the sync finished while the portfolio's call was on its way
    answer(portfolio(0.1));
    await tick();
    const again = core(portfolio(0.6));
    await expect(memo.forOpening(again.call)).resolves.toBe(0.6);
    expect(again.asked).toEqual(['metrics.portfolio']);
  });

  it('keeps nothing from a failed call', async () => {
    const memo = portfolioAverageMemo(changes().subscribe);
    memo.rememberFrom(Promise.reject(new Error('core gone')));
    await tick();
    const fresh = core(portfolio(0.7));
    await expect(memo.forOpening(fresh.call)).resolves.toBe(0.7);
  });

  it('lets loadAccount open an account with the needle and no metrics.portfolio call', async () => {
    const memo = portfolioAverageMemo(changes().subscribe);
    memo.rememberFrom(Promise.resolve(portfolio(0.25)));
    await tick();
    const account = core(portfolio(0.9));
    const loaded = await loadAccount('c', account.call, { engagementPanels: false, averages: memo });
    expect(loaded.data?.portfolioAverage).toBe(0.25);
    expect(account.asked).toEqual(['metrics.account', 'health.get', 'alerts.list', 'customers.outcomes']);
  });
});
