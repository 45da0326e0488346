import type {
  RetentionCohortMode,
  RetentionCriterion,
  RetentionPeriod,
  RetentionTable,
} from '../../../src-shared/contract/metrics';
import { addDays, addPeriods, periodStartOf, todayIn } from './calendar';
import type { MetricScope, MetricsContext } from './context';
import { retentionTable } from './retention';
import { daysByActor, loadUserDays } from './userDays';

export interface RetentionRequest {
  period?: RetentionPeriod;
  cohort?: RetentionCohortMode;
  criterion?: RetentionCriterion;
  /** Number of periods after the cohort period; default 8 weeks / 14 days / 6 months. */
  periods?: number;
  /** Cohort periods from this day on; default: `periods` periods before the last complete one. */
  from?: string;
  to?: string;
}

const DEFAULT_PERIODS: Record<RetentionPeriod, number> = { day: 14, week: 8, month: 6 };

function resolve(ctx: MetricsContext, request: RetentionRequest) {
  const period = request.period ?? 'week';
  const periods = request.periods ?? DEFAULT_PERIODS[period];
  const today = todayIn(ctx.clock, ctx.settings.timezone);
  const lastComplete = addDays(today, -1);
  const to = request.to ?? lastComplete;
  const from = request.from ?? addPeriods(periodStartOf(to, period, ctx.settings.weekStart), period, -periods);
  return {
    period,
    periods,
    lastComplete,
    from,
    to,
    cohortMode: request.cohort ?? 'first-time',
    criterion: request.criterion ?? 'on',
  };
}

/** User-level retention of one customer on one source. */
export function customerRetention(ctx: MetricsContext, scope: MetricScope, request: RetentionRequest = {}): RetentionTable {
  const r = resolve(ctx, request);
  const actors = daysByActor(loadUserDays(ctx, scope, r.lastComplete));
  return retentionTable(actors, {
    ...r,
    weekStart: ctx.settings.weekStart,
    provisionalFrom: scope.provisionalFrom,
    actor: 'user',
  });
}

/**
 * Account-level retention over the portfolio on one connection (R8): the actor is the customer, active
 * in a period when any user of any of its linked accounts is. The default view for CSMs.
 */
export function accountRetention(
  ctx: MetricsContext,
  connection: { id: string; provisionalFrom: string | null },
  request: RetentionRequest = {},
): RetentionTable {
  const r = resolve(ctx, request);
  const rows = ctx.store.sqlite
    .prepare(
      `select distinct l.customer_id as user, a.day as day
       from activity_days a join account_links l on l.connection_id = a.connection_id and l.account_id = a.account_id
       where a.connection_id = ? and a.account_id != '' and a.day <= ? order by a.day`,
    )
    .all(connection.id, r.lastComplete) as Array<{ user: string; day: string }>;
  return retentionTable(daysByActor(rows), {
    ...r,
    weekStart: ctx.settings.weekStart,
    provisionalFrom: connection.provisionalFrom,
    actor: 'account',
  });
}
