import { warmAccountMemos } from './accountMetrics';
import type { MetricsContext } from './context';
import { portfolioMetrics, precomputeNextDayPortfolio } from './portfolio';

/**
 * Fills the portfolio-wide memos (portfolio rows; per connection the feature matrix behind peer medians
 * and the funnel benchmark) for the current data version, so the first visitor after a sync does not pay
 * for them (36 s at 1,000 customers). Opening one account per connection computes exactly the memo keys
 * an account page will ask for; the answers themselves are dropped. Then tomorrow's portfolio rows, kept
 * for the first open of the next day (precomputeNextDayPortfolio).
 * `pause` runs between steps and between the funnel benchmark's customers (it lets the worker answer
 * requests: the fill took 8–11 s at 1,000 customers, which a page opened meanwhile waited for); it
 * resolves false to stop the fill.
 */
export async function warmPortfolioMemos(
  ctx: MetricsContext,
  pause: () => Promise<boolean> = async () => true,
): Promise<{ connections: number; completed: boolean }> {
  portfolioMetrics(ctx);
  const linked = ctx.store.sqlite
    .prepare(
      `select l.connection_id as connectionId, min(l.customer_id) as customerId
       from account_links l join connections c on c.id = l.connection_id group by l.connection_id`,
    )
    .all() as Array<{ connectionId: string; customerId: string }>;
  for (const { connectionId, customerId } of linked) {
    if (!(await pause())) return { connections: linked.length, completed: false };
    if (!(await warmAccountMemos(ctx, { customerId, connection: connectionId }, pause)))
      return { connections: linked.length, completed: false };
  }
  // Last, as it serves no one today: tomorrow's first open, if nothing is synced before it.
  if (!(await pause())) return { connections: linked.length, completed: false };
  precomputeNextDayPortfolio(ctx);
  return { connections: linked.length, completed: true };
}
