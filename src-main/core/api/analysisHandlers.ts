import type { Handlers } from '../../../src-shared/contract';
import { analyseChurn } from '../churnAnalysis';
import { OutcomeStore } from '../customers';
import { HealthConfigRepository } from '../health';
import { findCustomer, type MetricsContext, todayIn } from '../metrics';
import type { CoreDeps } from './context';

type AnalysisChannels = 'customers.setOutcome' | 'customers.outcomes' | 'analysis.churn';

/** Customer outcomes (renewed / churned) and the churn analysis built on them. */
export function analysisHandlers(deps: CoreDeps): Pick<Handlers, AnalysisChannels> {
  const context = async (): Promise<MetricsContext> => ({
    store: deps.store,
    clock: deps.clock,
    settings: await deps.settings.get(),
  });
  const outcomes = new OutcomeStore(deps.store.sqlite);
  return {
    'customers.setOutcome': async ({ customer, status, date }) => {
      const ctx = await context();
      const { id } = findCustomer(ctx, customer);
      if (status === null) outcomes.clear(id);
      else outcomes.set(id, status, date as string, 'app', deps.clock.now(), todayIn(deps.clock, ctx.settings.timezone));
      deps.emit('data.changed', { scopes: ['customers'] });
      return outcomes.get(id);
    },
    'customers.outcomes': async ({ customer }) => {
      if (customer === null) return outcomes.list();
      return outcomes.list(findCustomer(await context(), customer).id);
    },
    'analysis.churn': async ({ horizonDays }) =>
      analyseChurn(await context(), new HealthConfigRepository(deps.store, deps.clock).get(), horizonDays),
  };
}
