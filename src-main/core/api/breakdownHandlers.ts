import type { Handlers } from '../../../src-shared/contract';
import { CoreError } from '../../../src-shared/contract';
import {
  customerScope,
  findCustomer,
  funnelBreakdown,
  lastCompleteDays,
  type MetricsContext,
  propertyBreakdown,
  todayIn,
} from '../metrics';
import type { CoreDeps } from './context';

type BreakdownChannels = 'metrics.breakdown' | 'metrics.funnelBreakdown';

/** Events, users and funnels of a customer by the value of a breakdown property. */
export function breakdownHandlers(deps: CoreDeps): Pick<Handlers, BreakdownChannels> {
  const prepare = async (customer: string, connection: string | null) => {
    const settings = await deps.settings.get();
    const ctx: MetricsContext = { store: deps.store, clock: deps.clock, settings };
    const match = findCustomer(ctx, customer);
    const scope = customerScope(ctx, match.id, connection);
    if (!scope) throw new CoreError('NOT_FOUND', 'This customer has no linked account in any synced source yet.');
    if (!scope.eventLevel) {
      throw new CoreError(
        'BAD_REQUEST',
        `Breakdowns need event-level data (Amplitude or Mixpanel); ${scope.vendor} sends pre-aggregated usage. Choose another connection.`,
      );
    }
    return { ctx, scope, settings, today: todayIn(deps.clock, settings.timezone) };
  };
  const checkListed = (property: string, listed: readonly string[]): void => {
    if (!listed.includes(property)) {
      throw new CoreError(
        'BAD_REQUEST',
        `"${property}" is not a breakdown property. Listed: ${listed.join(', ') || 'none'}. Add it under Settings → General → Breakdown properties (or \`pulse config set breakdown-properties\`), then run a full sync.`,
      );
    }
  };
  return {
    'metrics.breakdown': async ({ customer, connection, property, range }) => {
      const { ctx, scope, settings, today } = await prepare(customer, connection);
      if (property) checkListed(property, settings.breakdownProperties);
      return propertyBreakdown(ctx, scope, {
        property,
        range: range ?? lastCompleteDays(today, 30),
        preferred: settings.breakdownProperties,
      });
    },
    'metrics.funnelBreakdown': async ({ customer, connection, property, steps, range }) => {
      const { ctx, scope, settings, today } = await prepare(customer, connection);
      checkListed(property, settings.breakdownProperties);
      const funnelSteps = steps ?? settings.keyEvents;
      if (funnelSteps.length < 2) throw new CoreError('BAD_REQUEST', 'A funnel needs at least two steps (key events).');
      const missing = funnelSteps.filter((s) => !settings.keyEvents.includes(s));
      if (missing.length > 0) {
        throw new CoreError(
          'BAD_REQUEST',
          `Funnel steps must be key events (Settings → General → Key events); not key events: ${missing.join(', ')}.`,
        );
      }
      return funnelBreakdown(ctx, scope, { property, steps: funnelSteps, range: range ?? lastCompleteDays(today, 90) });
    },
  };
}
