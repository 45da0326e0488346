import type { Handlers } from '../../../src-shared/contract';
import { CoreError } from '../../../src-shared/contract';
import {
  accountMetrics,
  accountRetention,
  computeFunnel,
  connectionDataThrough,
  customerRetention,
  customerScope,
  featureAdoption,
  featureMatrix,
  findCustomer,
  funnelBenchmark,
  lastCompleteDays,
  type MetricScope,
  type MetricsContext,
  portfolioMetrics,
  savedFunnels,
  todayIn,
} from '../metrics';
import type { CoreDeps } from './context';

type MetricsChannels =
  | 'metrics.customer'
  | 'metrics.account'
  | 'metrics.portfolio'
  | 'metrics.retention'
  | 'metrics.funnel'
  | 'metrics.features'
  | 'metrics.featureMatrix';

/** The metrics channels: resolve the customer and its source, then ask the metrics door. */
export function metricsHandlers(deps: CoreDeps): Pick<Handlers, MetricsChannels> {
  const context = async (): Promise<MetricsContext> => ({
    store: deps.store,
    clock: deps.clock,
    settings: await deps.settings.get(),
  });
  const scopeFor = (ctx: MetricsContext, customerId: string, connection: string | null): MetricScope => {
    const scope = customerScope(ctx, customerId, connection);
    if (!scope) throw new CoreError('NOT_FOUND', 'This customer has no linked account in any synced source yet.');
    return scope;
  };
  return {
    'metrics.customer': async ({ customer }) => findCustomer(await context(), customer),
    'metrics.account': async ({ customer, connection, range }) => {
      const ctx = await context();
      return accountMetrics(ctx, { customerId: findCustomer(ctx, customer).id, connection, ...(range ? { range } : {}) });
    },
    'metrics.portfolio': async () => portfolioMetrics(await context()),
    'metrics.retention': async ({ customer, connection, period, cohort, criterion, periods, range }) => {
      const ctx = await context();
      const request = { period, cohort, criterion, ...(periods ? { periods } : {}), ...(range ?? {}) };
      if (customer) return customerRetention(ctx, scopeFor(ctx, findCustomer(ctx, customer).id, connection), request);
      const target = connection ? await deps.connections.find(connection) : (await deps.connections.list())[0];
      if (!target) throw new CoreError('NOT_FOUND', 'There is no connection yet.');
      return accountRetention(
        ctx,
        { id: target.id, provisionalFrom: connectionDataThrough(ctx, target.id).provisionalFrom },
        request,
      );
    },
    'metrics.funnel': async ({ customer, connection, steps, savedFunnelId, order, windowSeconds, range, benchmark }) => {
      const ctx = await context();
      let name: string | undefined;
      let funnelSteps = steps;
      let window = windowSeconds;
      let funnelConnection = connection;
      if (savedFunnelId) {
        const saved = savedFunnels(ctx).find((f) => f.funnelId === savedFunnelId);
        if (!saved) throw new CoreError('NOT_FOUND', `There is no saved funnel ${savedFunnelId}.`);
        name = saved.name;
        funnelSteps = saved.steps;
        window ??= saved.windowSeconds;
        // A saved funnel belongs to its Mixpanel project: computed there unless a connection is named.
        funnelConnection ??= saved.connectionId;
      }
      const scope = scopeFor(ctx, findCustomer(ctx, customer).id, funnelConnection);
      if (!funnelSteps || funnelSteps.length === 0)
        throw new CoreError('BAD_REQUEST', 'Give the funnel steps or a saved funnel id.');
      const today = todayIn(ctx.clock, ctx.settings.timezone);
      const definition = {
        ...(name ? { name } : {}),
        steps: funnelSteps,
        order,
        ...(window ? { windowSeconds: window } : {}),
        range: range ?? lastCompleteDays(today, 90),
      };
      return computeFunnel(ctx, scope, definition, benchmark ? funnelBenchmark(ctx, scope, definition) : null);
    },
    'metrics.features': async ({ customer, connection, days }) => {
      const ctx = await context();
      const match = findCustomer(ctx, customer);
      const segment = ctx.store.sqlite.prepare('select segment from customers where id = ?').get(match.id) as
        | { segment: string | null }
        | undefined;
      return featureAdoption(ctx, scopeFor(ctx, match.id, connection), todayIn(ctx.clock, ctx.settings.timezone), {
        days,
        segment: segment?.segment ?? null,
      });
    },
    'metrics.featureMatrix': async ({ connection, days }) => {
      const ctx = await context();
      const target = await deps.connections.find(connection);
      const today = todayIn(ctx.clock, ctx.settings.timezone);
      return featureMatrix(ctx, { id: target.id, eventLevel: target.vendor !== 'pendo' }, lastCompleteDays(today, days), today);
    },
  };
}
