import type { Settings } from '../../../src-shared/contract';
import type { MetricVendor } from '../../../src-shared/contract/metrics';
import type { Clock } from '../ports';
import type { Store } from '../store';

/** What every metric function reads: the store, the injected clock, and the workspace settings. */
export interface MetricsContext {
  store: Store;
  clock: Clock;
  settings: Pick<Settings, 'timezone' | 'weekStart' | 'keyEvents' | 'lookbackDays' | 'storeReadableUserIds'>;
  /**
   * Computing tomorrow's results ahead of time (memoWarmer): the clock stands in tomorrow, and persisted
   * results go to their slot's ".next" row, where tomorrow's first request finds them (resultCache).
   */
  dayAhead?: boolean;
}

/**
 * One customer on ONE source: a connection and the vendor accounts linked to the customer through it.
 * Users are per connection (a person has a different user_key in each vendor), so metrics never add
 * users across scopes. `customerId` is null for ad-hoc scopes over raw vendor accounts.
 */
export interface MetricScope {
  customerId: string | null;
  connectionId: string;
  vendor: MetricVendor;
  accountIds: string[];
  eventLevel: boolean;
  dataThrough: string | null;
  provisionalFrom: string | null;
}
