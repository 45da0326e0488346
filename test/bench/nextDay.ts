import type { Core } from '../../src-main/core';
import { type MetricsContext, warmPortfolioMemos, warmTomorrowMemos } from '../../src-main/core/metrics';
import { flushDerivedResults } from '../../src-main/core/store';
import type { PortfolioMetrics } from '../../src-shared/contract/metrics';
import { openInProcessCore } from '../support/coreHarness';
import { type Figure, ms, timed } from './stats';

export interface NextDayFigures {
  /** The next morning's first portfolio open, from what the day before's fill computed ahead. */
  portfolio_query_next_day_first_ms: number;
  /** The next morning's first account open (its connection's feature usage and funnel benchmark ahead). */
  account_query_next_day_first_ms: number;
}

const DAY_MS = 86_400_000;

/**
 * The first opens of the next day, when nothing was synced overnight: cores in this process (a core
 * worker cannot be given tomorrow's clock), the first one doing what the app's fill does after a sync
 * (today's memos, then tomorrow's in a quiet minute), the next ones started "tomorrow". Measured with
 * and without the results computed ahead; afterwards today's are persisted again, as the steps after
 * this one expect.
 */
export async function runNextDayBench(options: {
  dataDir: string;
  log: (line: string) => void;
  figure: (f: Figure) => void;
}): Promise<NextDayFigures> {
  const { dataDir, log, figure } = options;
  const fill = async () => {
    const today = await openInProcessCore({ dataDir, host: 'cli' });
    try {
      const ctx: MetricsContext = {
        store: today.store,
        clock: { now: () => Date.now() },
        settings: (await call(today, 'settings.get', {})) as MetricsContext['settings'],
      };
      await call(today, 'health.portfolio', { owner: null }); // the engine's fill starts with it
      await warmPortfolioMemos(ctx);
      const ahead = await timed(() => warmTomorrowMemos(ctx));
      flushDerivedResults(today.store.sqlite);
      return ahead.ms;
    } finally {
      await today.close();
    }
  };
  const firstOpens = async (forgetAhead: boolean) => {
    const tomorrow = await openInProcessCore({ dataDir, host: 'cli', clock: { now: () => Date.now() + DAY_MS } });
    try {
      if (forgetAhead) tomorrow.store.sqlite.exec("delete from derived_results where name like '%.next'");
      const portfolio = await timed(() =>
        Promise.all([
          call(tomorrow, 'metrics.portfolio', {}) as Promise<PortfolioMetrics>,
          call(tomorrow, 'health.portfolio', { owner: null }),
          call(tomorrow, 'commands.directory', {}),
        ]),
      );
      const rows = portfolio.value[0].rows;
      const customer = rows[Math.floor(rows.length / 2)]?.customerId;
      const account = await timed(() =>
        Promise.all([
          call(tomorrow, 'metrics.account', { customer }),
          call(tomorrow, 'health.get', { customer }),
          call(tomorrow, 'alerts.list', { customer, status: ['open', 'acknowledged', 'dismissed', 'resolved'], limit: 500 }),
        ]),
      );
      // Leave no row of tomorrow's in the slots the next steps read today.
      tomorrow.store.sqlite.exec("delete from derived_results where name like '%.next'");
      return { portfolio: portfolio.ms, account: account.ms };
    } finally {
      await tomorrow.close();
    }
  };
  const aheadMs = await fill();
  const withAhead = await firstOpens(false);
  await fill();
  const without = await firstOpens(true);
  await fill();
  log(
    `next day: the fill's pass for tomorrow ${ms(aheadMs)} ms; first portfolio open ${ms(withAhead.portfolio)} ms ` +
      `(${ms(without.portfolio)} ms without it), first account open ${ms(withAhead.account)} ms (${ms(without.account)} ms)`,
  );
  const figures: NextDayFigures = {
    portfolio_query_next_day_first_ms: ms(withAhead.portfolio),
    account_query_next_day_first_ms: ms(withAhead.account),
  };
  figure({
    key: 'portfolio_query_next_day_first_ms',
    label: 'Portfolio page queries, first open of the next day',
    value: figures.portfolio_query_next_day_first_ms,
    unit: 'ms',
    target: 50,
    note: `${ms(without.portfolio)} ms without the results computed ahead`,
  });
  figure({
    key: 'account_query_next_day_first_ms',
    label: 'Account page queries, first open of the next day',
    value: figures.account_query_next_day_first_ms,
    unit: 'ms',
    target: 100,
    note: `${ms(without.account)} ms without the results computed ahead`,
  });
  return figures;
}

function call(core: Core, channel: string, request: unknown): Promise<unknown> {
  const handler = (core.handlers as unknown as Record<string, (r: unknown, c: unknown) => unknown>)[channel];
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(handler(request, {}));
}
