import type { Handlers } from '../../../src-shared/contract';
import { healthEngineFor } from '../health';
import { findCustomer } from '../metrics';
import type { CoreDeps } from './context';

type HealthChannels =
  | 'health.get'
  | 'health.portfolio'
  | 'health.config.get'
  | 'health.config.set'
  | 'health.preview'
  | 'health.recompute'
  | 'alerts.list'
  | 'alerts.update';

/** Health scores and alerts: ask the health door; changes recompute and tell every host. */
export function healthHandlers(deps: CoreDeps): Pick<Handlers, HealthChannels> {
  const engine = healthEngineFor(deps);
  return {
    'health.get': ({ customer }) => engine.customer(customer),
    'health.portfolio': ({ owner }) => engine.portfolio(owner),
    'health.config.get': () => engine.config(),
    'health.config.set': async ({ config, expectedVersion }) => {
      const saved = await engine.setConfig(config, expectedVersion);
      deps.emit('data.changed', { scopes: ['settings', 'metrics', 'alerts'] });
      return saved;
    },
    'health.preview': ({ config }) => engine.preview(config),
    'health.recompute': async ({ customer, full }) => {
      const customerIds = customer ? [findCustomer({ store: deps.store }, customer).id] : null;
      const summary = await engine.recompute({ customerIds, full });
      deps.emit('data.changed', { scopes: ['metrics', 'alerts'] });
      return { customers: summary.customers, snapshots: summary.snapshots, alerts: summary.alerts };
    },
    'alerts.list': ({ status, owner, customer, rule, limit }) =>
      engine.listAlerts({ statuses: status, owner, customer, rule, limit }),
    'alerts.update': ({ id, action, note }) => {
      const updated = engine.updateAlert(id, action, note);
      deps.emit('data.changed', { scopes: ['alerts'] });
      return updated;
    },
  };
}
