import type { ConnectionRecord } from '../connections';
import type { AccuracySample, Connector, FetchContext } from '../connectors/types';
import type { Clock } from '../ports';
import type { Store } from '../store';

export interface AccuracyResult {
  /** 100 − mean absolute percentage error over the compared days. */
  pct: number;
  samples: Array<AccuracySample & { ourValue: number }>;
}

/**
 * Compares what we stored with the vendor's own totals for the most recent complete days we synced
 * (Amplitude active users, Mixpanel event counts, Pendo active visitors). The vendor's day is its
 * project zone; the comparison is meaningful when that equals the reporting zone, which the demo
 * and most single-region teams satisfy; the run record keeps each sample so a gap can be explained.
 */
export async function measureAccuracy(deps: {
  store: Store;
  connector: Connector;
  record: ConnectionRecord;
  context: FetchContext;
  clock: Clock;
}): Promise<AccuracyResult | null> {
  const { store, connector, record } = deps;
  if (!connector.accuracySamples) return null;
  const days = (
    await store.db
      .selectFrom('activity_days')
      .select('day')
      .distinct()
      .where('connection_id', '=', record.id)
      .orderBy('day', 'desc')
      .limit(11)
      .execute()
  )
    .map((r) => r.day)
    // Late data keeps arriving for about three days (Amplitude uploads up to 72 h late, Pendo
    // reprocesses, Mixpanel accepts old timestamps): compare only days that have settled.
    .slice(4)
    .reverse();
  if (days.length === 0) return null;
  const vendorSamples = await connector.accuracySamples(days, deps.context);
  const samples: AccuracyResult['samples'] = [];
  for (const sample of vendorSamples) {
    if (!days.includes(sample.day)) continue;
    samples.push({ ...sample, ourValue: ourValue(store, record.id, sample) });
  }
  const comparable = samples.filter((s) => s.vendorValue > 0);
  if (comparable.length === 0) return null;
  const mape = comparable.reduce((sum, s) => sum + Math.abs(s.ourValue - s.vendorValue) / s.vendorValue, 0) / comparable.length;
  return { pct: Math.max(0, Math.round((1 - mape) * 10000) / 100), samples };
}

function ourValue(store: Store, connectionId: string, sample: AccuracySample): number {
  if (sample.metric === 'active_users') {
    const row = store.sqlite
      .prepare('select count(distinct user_key) as n from activity_days where connection_id = ? and day = ? and events > 0')
      .get(connectionId, sample.day) as { n: number };
    return row.n;
  }
  if (sample.metric.startsWith('events:')) {
    const row = store.sqlite
      .prepare(
        "select coalesce(sum(events), 0) as n from item_days where connection_id = ? and kind = 'event' and item_id = ? and day = ?",
      )
      .get(connectionId, sample.metric.slice('events:'.length), sample.day) as { n: number };
    return row.n;
  }
  if (sample.metric === 'events') {
    const row = store.sqlite
      .prepare('select coalesce(sum(events), 0) as n from activity_days where connection_id = ? and day = ?')
      .get(connectionId, sample.day) as { n: number };
    return row.n;
  }
  return 0;
}
