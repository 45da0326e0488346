import { CoreError } from '../../../src-shared/contract/errors';
import type { LinkedVendorAccount, MetricSourceInfo, MetricVendor } from '../../../src-shared/contract/metrics';
import { lastCompleteDays, todayIn } from './calendar';
import type { MetricScope, MetricsContext } from './context';
import { connectionDataThrough } from './dataThrough';
import { cachedStatement } from './statements';

const EVENT_LEVEL: Record<MetricVendor, boolean> = { amplitude: true, mixpanel: true, pendo: false };

/**
 * The sources feeding a customer, one per linked connection, and which one is PRIMARY for headline
 * numbers. Rule: among linked connections with event-level data (Amplitude, Mixpanel), the one with the
 * most events in the last 30 complete days, if it has any; else Pendo when linked; else the event-level
 * connection (even without recent events), then label order. Event-level sources win because they
 * support every metric (sessions, strict funnels); vendors that see the same people are never added
 * together, since their users cannot be matched.
 */
export function customerSources(
  ctx: MetricsContext,
  customerId: string,
  /** A memo over many customers (the health recompute's run): the connection facts do not change meanwhile. */
  connectionFacts: (connectionId: string) => ConnectionFacts = (connectionId) => readConnectionFacts(ctx, connectionId),
  /**
   * Count the last 30 days' events only when they choose the primary (two sources or more): a caller
   * that reads just which source is primary (the health recompute, for every customer) then skips a sum
   * over the customer's rows; `events30d` stays 0 for a lone source.
   */
  eventsOnlyToChoose = false,
): MetricSourceInfo[] {
  const links = cachedStatement(
    ctx.store.sqlite,
    `select l.connection_id as connectionId, l.account_id as accountId, c.vendor as vendor, c.label as label,
              l.method as method, l.confidence as confidence, va.name as name
       from account_links l join connections c on c.id = l.connection_id
       left join vendor_accounts va on va.connection_id = l.connection_id and va.account_id = l.account_id
       where l.customer_id = ? and l.account_id != '' order by c.label, l.account_id`,
  ).all(customerId) as Array<
    { connectionId: string; vendor: MetricVendor; label: string } & Omit<LinkedVendorAccount, 'events30d'>
  >;
  const byConnection = new Map<string, MetricSourceInfo>();
  for (const link of links) {
    let source = byConnection.get(link.connectionId);
    if (!source) {
      const facts = connectionFacts(link.connectionId);
      source = {
        connectionId: link.connectionId,
        label: link.label,
        vendor: link.vendor,
        accountIds: [],
        eventLevel: EVENT_LEVEL[link.vendor],
        dataThrough: facts.dataThrough,
        provisionalFrom: facts.provisionalFrom,
        events30d: 0,
        primary: false,
        accounts: [],
        lastSyncedAt: facts.lastSyncedAt,
      };
      byConnection.set(link.connectionId, source);
    }
    source.accountIds.push(link.accountId);
    source.accounts.push({
      accountId: link.accountId,
      name: link.name,
      method: link.method,
      confidence: link.confidence,
      events30d: 0,
    });
  }
  const sources = [...byConnection.values()];
  if (eventsOnlyToChoose && sources.length < 2) {
    if (sources[0]) sources[0].primary = true;
    return sources;
  }
  const window = lastCompleteDays(todayIn(ctx.clock, ctx.settings.timezone), 30);
  const events = cachedStatement(
    ctx.store.sqlite,
    `select account_id as account, coalesce(sum(events), 0) as n from activity_days
     where connection_id = ? and account_id in (select value from json_each(?)) and day between ? and ? group by account_id`,
  );
  for (const source of sources) {
    const rows = events.all(source.connectionId, JSON.stringify(source.accountIds), window.from, window.to) as Array<{
      account: string;
      n: number;
    }>;
    const byAccount = new Map(rows.map((r) => [r.account, r.n]));
    for (const account of source.accounts) account.events30d = byAccount.get(account.accountId) ?? 0;
    source.events30d = rows.reduce((sum, r) => sum + r.n, 0);
  }
  const primary = choosePrimary(sources);
  if (primary) primary.primary = true;
  return sources;
}

/** What a source takes from its connection, the same for every customer linked through it. */
export interface ConnectionFacts {
  dataThrough: string | null;
  provisionalFrom: string | null;
  lastSyncedAt: number | null;
}

export function readConnectionFacts(ctx: MetricsContext, connectionId: string): ConnectionFacts {
  const lastSync = cachedStatement(
    ctx.store.sqlite,
    `select max(finished_at) as at from sync_runs where connection_id = ? and outcome = 'succeeded'`,
  ).get(connectionId) as { at: number | null };
  return { ...connectionDataThrough(ctx, connectionId), lastSyncedAt: lastSync.at };
}

export function choosePrimary<S extends Pick<MetricSourceInfo, 'eventLevel' | 'events30d' | 'vendor'>>(
  sources: S[],
): S | undefined {
  const eventLevel = sources.filter((s) => s.eventLevel);
  const busiest = [...eventLevel].sort((a, b) => b.events30d - a.events30d)[0];
  if (busiest && busiest.events30d > 0) return busiest;
  return sources.find((s) => s.vendor === 'pendo') ?? eventLevel[0] ?? sources[0];
}

export function scopeOf(customerId: string | null, source: MetricSourceInfo): MetricScope {
  return {
    customerId,
    connectionId: source.connectionId,
    vendor: source.vendor,
    accountIds: source.accountIds,
    eventLevel: source.eventLevel,
    dataThrough: source.dataThrough,
    provisionalFrom: source.provisionalFrom,
  };
}

/**
 * The scope for a customer: the explicit connection (id or label) when given, else the primary source.
 * Null when the customer has no linked account at all.
 */
export function customerScope(ctx: MetricsContext, customerId: string, connection?: string | null): MetricScope | null {
  const sources = customerSources(ctx, customerId);
  if (connection) {
    const chosen = sources.find((s) => s.connectionId === connection || s.label.toLowerCase() === connection.toLowerCase());
    if (!chosen) {
      throw new CoreError(
        'NOT_FOUND',
        `The customer has no linked account in connection "${connection}". Linked: ${sources.map((s) => s.label).join(', ') || 'none'}.`,
      );
    }
    return scopeOf(customerId, chosen);
  }
  const primary = sources.find((s) => s.primary);
  return primary ? scopeOf(customerId, primary) : null;
}
