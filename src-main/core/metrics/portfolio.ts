import type { MetricVendor, PortfolioMetrics, PortfolioRow } from '../../../src-shared/contract/metrics';
import { addDays, dayList, lastCompleteDays, todayIn } from './calendar';
import type { MetricsContext } from './context';
import { connectionDataThrough } from './dataThrough';
import { rollingStickiness, trendOf } from './engagement';
import { cached, dataVersion } from './resultCache';
import { choosePrimary } from './sources';

interface CustomerOnConnection {
  connectionId: string;
  vendor: MetricVendor;
  eventLevel: boolean;
  events30d: number;
  previousEvents: number;
  active: Set<string>;
  byDay: Map<string, string[]>;
  lastActivityDay: string | null;
}

/**
 * The portfolio list: per customer, on its primary source, active users in the last 30 complete days,
 * rolling DAU/MAU, last activity, events and their trend. One grouped scan per connection of the last
 * 89 days (30-day MAU at each of 30 days + the previous 30 days for the trend), memoised per data
 * version and kept in the workspace (so the first call after the app starts reads it back): the first
 * call after a sync pays the scan, later calls are a map lookup. For a cold call
 * under 50 ms at 1,000 × 50 × 365, a per-(customer, connection, day) snapshot table written after each
 * sync (dau, events, distinct-user bitmaps or mau) would be needed; see the module report.
 */
export function portfolioMetrics(ctx: MetricsContext): PortfolioMetrics {
  const today = todayIn(ctx.clock, ctx.settings.timezone);
  const window = lastCompleteDays(today, 30);
  return cached(ctx, `portfolio|${dataVersion(ctx, today)}`, () => ({ today, window, rows: computeRows(ctx, today, window) }), {
    name: 'portfolio',
  });
}

function computeRows(ctx: MetricsContext, today: string, window: { from: string; to: string }): PortfolioRow[] {
  const customers = ctx.store.sqlite
    .prepare('select id, name, owner, segment, arr, renewal_date as renewalDate from customers order by name')
    .all() as Array<{
    id: string;
    name: string;
    owner: string | null;
    segment: string | null;
    arr: number | null;
    renewalDate: string | null;
  }>;
  const connections = ctx.store.sqlite.prepare('select id, vendor from connections').all() as Array<{
    id: string;
    vendor: MetricVendor;
  }>;
  const previousFrom = addDays(window.from, -30);
  const scanFrom = addDays(window.from, -29);
  const perCustomer = new Map<string, CustomerOnConnection[]>();
  const through = new Map<string, string | null>();
  // Linked accounts drive both reads (CROSS JOIN keeps them the outer loop): each account is one range
  // of the covering index over the days needed, instead of a walk through the connection's whole history.
  const select = ctx.store.sqlite.prepare(
    `select l.customer_id as customer, a.user_key as user, a.day as day, sum(a.events) as events
     from account_links l cross join activity_days a on a.connection_id = l.connection_id and a.account_id = l.account_id
     where l.connection_id = ? and l.account_id != '' and a.day >= ? and a.day <= ?
     group by l.customer_id, a.day, a.user_key`,
  );
  const last = ctx.store.sqlite.prepare(
    `select customer, max(day) as day from (
       select l.customer_id as customer,
         (select max(a.day) from activity_days a
          where a.connection_id = l.connection_id and a.account_id = l.account_id and a.day <= ?) as day
       from account_links l where l.connection_id = ? and l.account_id != '')
     where day is not null group by customer`,
  );
  for (const connection of connections) {
    through.set(connection.id, connectionDataThrough(ctx, connection.id).dataThrough);
    const state = new Map<string, CustomerOnConnection>();
    const entry = (customer: string) => {
      let e = state.get(customer);
      if (!e) {
        e = {
          connectionId: connection.id,
          vendor: connection.vendor,
          eventLevel: connection.vendor !== 'pendo',
          events30d: 0,
          previousEvents: 0,
          active: new Set(),
          byDay: new Map(),
          lastActivityDay: null,
        };
        state.set(customer, e);
      }
      return e;
    };
    const earliest = [previousFrom, scanFrom].sort()[0] as string;
    for (const row of select.iterate(connection.id, earliest, window.to) as Iterable<{
      customer: string;
      user: string;
      day: string;
      events: number;
    }>) {
      const e = entry(row.customer);
      if (row.day >= window.from) {
        e.events30d += row.events;
        e.active.add(row.user);
      } else if (row.day >= previousFrom) e.previousEvents += row.events;
      if (row.day >= scanFrom) {
        const list = e.byDay.get(row.day);
        if (list) list.push(row.user);
        else e.byDay.set(row.day, [row.user]);
      }
    }
    for (const row of last.all(today, connection.id) as Array<{ customer: string; day: string }>)
      entry(row.customer).lastActivityDay = row.day;
    for (const [customer, e] of state) perCustomer.set(customer, [...(perCustomer.get(customer) ?? []), e]);
  }
  // Customers linked on a connection without any activity still have a (zero) source.
  const links = ctx.store.sqlite
    .prepare(
      `select distinct l.customer_id as customer, l.connection_id as connectionId, c.vendor as vendor
       from account_links l join connections c on c.id = l.connection_id where l.account_id != ''`,
    )
    .all() as Array<{ customer: string; connectionId: string; vendor: MetricVendor }>;
  for (const link of links) {
    const list = perCustomer.get(link.customer) ?? [];
    if (!list.some((e) => e.connectionId === link.connectionId)) {
      list.push({
        connectionId: link.connectionId,
        vendor: link.vendor,
        eventLevel: link.vendor !== 'pendo',
        events30d: 0,
        previousEvents: 0,
        active: new Set(),
        byDay: new Map(),
        lastActivityDay: null,
      });
      perCustomer.set(link.customer, list);
    }
  }
  const windowDays = dayList(window.from, window.to);
  return customers.map((c) => {
    const primary = choosePrimary(perCustomer.get(c.id) ?? []);
    return {
      customerId: c.id,
      name: c.name,
      owner: c.owner,
      segment: c.segment,
      arr: c.arr,
      renewalDate: c.renewalDate,
      connectionId: primary?.connectionId ?? null,
      vendor: primary?.vendor ?? null,
      activeUsers30d: primary?.active.size ?? 0,
      dauMau: primary ? rollingStickiness(primary.byDay, windowDays) : null,
      lastActivityDay: primary?.lastActivityDay ?? null,
      events30d: primary?.events30d ?? 0,
      eventsTrend: trendOf(primary?.events30d ?? 0, primary?.previousEvents ?? 0),
      dataThrough: primary ? (through.get(primary.connectionId) ?? null) : null,
    };
  });
}
