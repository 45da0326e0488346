import { localDayStart } from '../localTime';
import { warmAccountMemos } from './accountMetrics';
import { addDays, todayIn } from './calendar';
import type { MetricsContext } from './context';
import { portfolioMetrics } from './portfolio';

/**
 * Fills the portfolio-wide memos (portfolio rows; per connection the feature matrix behind peer medians
 * and the funnel benchmark) for the current data version, so the first visitor after a sync does not pay
 * for them (36 s at 1,000 customers). Opening one account per connection computes exactly the memo keys
 * an account page will ask for; the answers themselves are dropped.
 * `pause` runs between steps and between the funnel benchmark's customers (it lets the worker answer
 * requests: the fill took 8–11 s at 1,000 customers, which a page opened meanwhile waited for); it
 * resolves false to stop the fill.
 */
export function warmPortfolioMemos(
  ctx: MetricsContext,
  pause: () => Promise<boolean> = async () => true,
): Promise<{ connections: number; completed: boolean }> {
  return warmDay(ctx, pause);
}

/**
 * The same for tomorrow (`dayAhead`), from today's data. These results depend on nothing but the data,
 * the settings and the day, so when nothing is synced in between (the laptop closed overnight) they are
 * exactly what tomorrow's first opens would compute: the first thing a CSM does in the morning, often
 * with the OS page cache cold after a reboot, reads them back instead (portfolio 1.8 s, first account
 * 2.9 s at 1,000 customers with a warm cache). A sync moves the key and they are not used. Its steps
 * (the portfolio rows: 2 s) cannot pause midway, so the host runs it in a quiet moment.
 */
export function warmTomorrowMemos(
  ctx: MetricsContext,
  pause: () => Promise<boolean> = async () => true,
): Promise<{ connections: number; completed: boolean }> {
  return warmDay(dayAheadOf(ctx), pause);
}

async function warmDay(ctx: MetricsContext, pause: () => Promise<boolean>): Promise<{ connections: number; completed: boolean }> {
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
  return { connections: linked.length, completed: true };
}

/** The context of tomorrow's first requests: its clock stands at tomorrow's local noon. */
export function dayAheadOf(ctx: MetricsContext): MetricsContext {
  const tomorrow = addDays(todayIn(ctx.clock, ctx.settings.timezone), 1);
  // Noon is inside the day in any zone, however long DST makes it.
  const noon = localDayStart(tomorrow, ctx.settings.timezone) + 12 * 3_600_000;
  return { ...ctx, clock: { now: () => noon }, dayAhead: true };
}
