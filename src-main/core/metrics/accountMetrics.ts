import { CoreError } from '../../../src-shared/contract';
import type { AccountMetrics, DayRange, MetricSourceInfo } from '../../../src-shared/contract/metrics';
import type { PersistedSlot } from '../store';
import { addDays, lastCompleteDays, todayIn } from './calendar';
import type { MetricScope, MetricsContext } from './context';
import { engagementHeader, engagementSeries } from './engagement';
import { engagementScore } from './engagementScore';
import { featureAdoption } from './features';
import { computeFunnel, type FunnelDefinition, funnelBenchmark, funnelBenchmarkSteps, savedFunnels } from './funnel';
import { guideMetrics } from './guides';
import { cached, dataVersion } from './resultCache';
import { dayNRetention, retentionTable } from './retention';
import { customerSources, scopeOf } from './sources';
import { topEvents } from './topEvents';
import { daysByActor, loadUserDays } from './userDays';
import { userMetrics } from './users';

export interface AccountMetricsRequest {
  customerId: string;
  /** Connection id or label; default the customer's primary source. */
  connection?: string | null;
  /** Engagement series range; default the last 90 complete days plus today (flagged incomplete). */
  range?: DayRange;
}

/**
 * Everything an account page needs in one call. The scope's user-days are read once and shared by the
 * header, series, retention, users and PES; the remaining reads are index range scans on the
 * customer's accounts (the covering indexes of migration 0005 and key_events_by_account); portfolio-wide parts (peer medians, funnel benchmark) are memoised.
 */
export function accountMetrics(ctx: MetricsContext, request: AccountMetricsRequest): AccountMetrics {
  const customer = ctx.store.sqlite
    .prepare('select id, name, segment, owner from customers where id = ?')
    .get(request.customerId) as AccountMetrics['customer'] | undefined;
  if (!customer) throw new CoreError('NOT_FOUND', `There is no customer with id ${request.customerId}.`);
  const today = todayIn(ctx.clock, ctx.settings.timezone);
  const sources = customerSources(ctx, customer.id);
  const connection = request.connection?.toLowerCase();
  const source = connection
    ? sources.find((s) => s.connectionId.toLowerCase() === connection || s.label.toLowerCase() === connection)
    : sources.find((s) => s.primary);
  const empty: AccountMetrics = {
    customer,
    today,
    timezone: ctx.settings.timezone,
    source: source ?? null,
    sources,
    unavailable: 'no-linked-source',
    header: null,
    series: [],
    topEvents: [],
    retention: null,
    dayN: null,
    onboarding: null,
    savedFunnels: [],
    features: null,
    guides: null,
    users: null,
    pes: null,
  };
  if (!source) return empty;
  const scope = scopeOf(customer.id, source);
  const range = request.range ?? { from: addDays(today, -90), to: today };
  const rows = loadUserDays(ctx, scope, [range.to, today].sort()[1] as string);
  const input = { rows, today, eventLevel: scope.eventLevel, provisionalFrom: scope.provisionalFrom };
  const lastComplete = addDays(today, -1);
  const actors = daysByActor(rows.filter((r) => r.day <= lastComplete));
  const features = featureAdoption(ctx, scope, today, { segment: customer.segment });
  const core = new Set(features.features.filter((f) => f.core).map((f) => f.id));
  const { definition: onboardingDefinition, scope: funnelScope } = onboardingFunnel(ctx, customer.id, sources, source, today);
  const onboarding =
    ctx.settings.keyEvents.length >= 2
      ? computeFunnel(
          ctx,
          funnelScope,
          onboardingDefinition,
          funnelScope.eventLevel ? funnelBenchmarkMemo(ctx, funnelScope, onboardingDefinition, today) : null,
        )
      : null;
  const linked = new Set(sources.map((s) => s.connectionId));
  const saved = savedFunnels(ctx)
    .filter((f) => linked.has(f.connectionId) && f.steps.length > 0)
    .map(({ funnelId, name, steps, connectionId }) => ({ funnelId, name, steps, connectionId }));
  return {
    ...empty,
    unavailable: null,
    header: engagementHeader(input),
    series: engagementSeries(input, range),
    topEvents: topEvents(ctx, scope, lastCompleteDays(today, 30)),
    retention: retentionTable(actors, {
      period: 'week',
      cohortMode: 'first-time',
      criterion: 'on',
      from: addDays(lastComplete, -7 * 8),
      to: lastComplete,
      lastComplete,
      periods: 8,
      weekStart: ctx.settings.weekStart,
      provisionalFrom: scope.provisionalFrom,
    }),
    dayN: dayNRetention(actors, { from: addDays(today, -90), lastComplete }),
    onboarding,
    savedFunnels: saved,
    features,
    guides: guideMetrics(ctx, scope, lastCompleteDays(today, 30)),
    users: userMetrics(ctx, scope, rows, today),
    pes: engagementScore(ctx, scope, rows, today, core),
  };
}

/**
 * The account page's onboarding funnel. Funnels need event-level data: when the headline source is Pendo
 * but the customer is also linked on Amplitude or Mixpanel, the funnel comes from there (the result
 * names its source); a Pendo-only customer gets a funnel marked unavailable ("needs event-level data"),
 * not one of zero steps.
 */
function onboardingFunnel(
  ctx: MetricsContext,
  customerId: string,
  sources: readonly MetricSourceInfo[],
  source: MetricSourceInfo,
  today: string,
): { definition: FunnelDefinition; scope: MetricScope } {
  const definition = {
    name: 'Onboarding',
    steps: ctx.settings.keyEvents,
    order: 'ordered' as const,
    range: lastCompleteDays(today, 90),
  };
  const funnelSource = source.eventLevel ? source : (sources.find((s) => s.eventLevel) ?? source);
  return { definition, scope: scopeOf(customerId, funnelSource) };
}

function funnelBenchmarkKey(ctx: MetricsContext, scope: MetricScope, definition: FunnelDefinition, today: string): string {
  return `funnel|${scope.connectionId}|${JSON.stringify(definition)}|${dataVersion(ctx, today)}`;
}

type FunnelBenchmark = ReturnType<typeof funnelBenchmark>;

/** The benchmark is kept in the workspace too, one row per connection and funnel (its key names the rest). */
function funnelBenchmarkSlot(scope: MetricScope, definition: FunnelDefinition): PersistedSlot<FunnelBenchmark> {
  return { name: `funnel|${scope.connectionId}|${definition.name}` };
}

type BenchmarkSteps = ReturnType<typeof funnelBenchmarkSteps>;

/** Funnel benchmarks the background fill has started, by memo key: a page that needs one finishes it. */
const benchmarksInFlight = new Map<string, BenchmarkSteps>();

function funnelBenchmarkMemo(ctx: MetricsContext, scope: MetricScope, definition: FunnelDefinition, today: string) {
  const key = funnelBenchmarkKey(ctx, scope, definition, today);
  return cached(
    ctx,
    key,
    () => {
      const started = benchmarksInFlight.get(key);
      if (!started) return funnelBenchmark(ctx, scope, definition);
      // Same key, same data version: carry on from the customers the fill has done instead of starting over.
      benchmarksInFlight.delete(key);
      for (;;) {
        const step = started.next();
        if (step.done) return step.value;
      }
    },
    funnelBenchmarkSlot(scope, definition),
  );
}

/**
 * Fills the portfolio-wide memos an account page of this customer and connection asks for, pausing
 * between customers of the funnel benchmark (the longest part) so that requests are answered meanwhile.
 * `pause` resolves false to stop (the data changed, the store closed): what was filled stays valid, as
 * every memo key carries the data version it was computed for.
 */
export async function warmAccountMemos(
  ctx: MetricsContext,
  request: { customerId: string; connection: string },
  pause: () => Promise<boolean>,
): Promise<boolean> {
  const today = todayIn(ctx.clock, ctx.settings.timezone);
  const sources = customerSources(ctx, request.customerId);
  const source = sources.find((s) => s.connectionId === request.connection);
  if (source && ctx.settings.keyEvents.length >= 2) {
    const { definition, scope } = onboardingFunnel(ctx, request.customerId, sources, source, today);
    if (scope.eventLevel) {
      const key = funnelBenchmarkKey(ctx, scope, definition, today);
      const steps = funnelBenchmarkSteps(ctx, scope, definition);
      benchmarksInFlight.set(key, steps);
      try {
        for (;;) {
          const step = steps.next();
          if (step.done) {
            // Kept only if nothing changed meanwhile (the key names the version the reads started from).
            if (key === funnelBenchmarkKey(ctx, scope, definition, today))
              cached(ctx, key, () => step.value, funnelBenchmarkSlot(scope, definition));
            break;
          }
          const go = await pause();
          // A page asked for it meanwhile and finished it (funnelBenchmarkMemo), or the fill stops.
          if (benchmarksInFlight.get(key) !== steps) break;
          if (!go) return false;
        }
      } finally {
        if (benchmarksInFlight.get(key) === steps) benchmarksInFlight.delete(key);
      }
    }
  }
  if (!(await pause())) return false;
  accountMetrics(ctx, request);
  return true;
}
