import type { Handlers } from '../../../src-shared/contract';
import { anomalyReport, HealthConfigRepository } from '../health';
import { findCustomer } from '../metrics';
import type { CoreDeps } from './context';

/** Anomaly checks on demand (the alert rule itself runs inside the health recompute). */
export function anomalyHandlers(deps: CoreDeps): Pick<Handlers, 'anomalies.list'> {
  const configs = new HealthConfigRepository(deps.store, deps.clock);
  return {
    'anomalies.list': async ({ customer }) => {
      const ctx = { store: deps.store, clock: deps.clock, settings: await deps.settings.get() };
      const customerId = customer ? findCustomer(ctx, customer).id : null;
      return anomalyReport(ctx, configs.get().config, customerId);
    },
  };
}
