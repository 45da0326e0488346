import type { DayRange, TopEvent } from '../../../src-shared/contract/metrics';
import type { MetricScope, MetricsContext } from './context';
import { featureKind } from './featureMatrix';

/** The most frequent events (Amplitude/Mixpanel event names; Pendo features) of a scope in a window. */
export function topEvents(ctx: MetricsContext, scope: MetricScope, window: DayRange, limit = 10): TopEvent[] {
  const rows = ctx.store.sqlite
    .prepare(
      `select i.item_id as id, coalesce(c.name, i.item_id) as name, sum(i.events) as events, count(distinct i.user_key) as users
       from item_days i left join catalog_items c on c.connection_id = i.connection_id and c.kind = i.kind and c.item_id = i.item_id
       where i.connection_id = ? and i.account_id in (select value from json_each(?)) and i.kind = ? and i.day between ? and ?
       group by i.item_id order by events desc, i.item_id limit ?`,
    )
    .all(
      scope.connectionId,
      JSON.stringify(scope.accountIds),
      featureKind(scope.eventLevel),
      window.from,
      window.to,
      limit,
    ) as Array<TopEvent & { id: string }>;
  return rows.map((r) => ({ name: r.name, events: r.events, users: r.users }));
}
