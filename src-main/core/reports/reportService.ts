import { CoreError } from '../../../src-shared/contract';
import type { DayRange } from '../../../src-shared/contract/metrics';
import { healthEngineFor } from '../health';
import { accountMetrics, addDays, findCustomer, type MetricsContext, portfolioMetrics, todayIn } from '../metrics';
import type { Clock, Logger } from '../ports';
import type { SettingsRepository } from '../settings';
import type { Store } from '../store';
import { accountReportModel } from './accountReport';
import type { ReportModel, ReportSourceFreshness } from './model';
import { portfolioReportModel } from './portfolioReport';

export interface ReportServiceDeps {
  store: Store;
  clock: Clock;
  settings: SettingsRepository;
  logger: Logger;
}

/** Default account report period: the last 90 complete days. */
export const DEFAULT_REPORT_DAYS = 90;

/**
 * The report models, one function per report. Numbers come from the metrics and health doors (the
 * same calls the screens make); this only chooses periods and lays the results out.
 */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  /** The account QBR report for a customer (id or name) over [from, to] (default the last 90 complete days). */
  async accountReport(customer: string, period: Partial<DayRange> = {}): Promise<ReportModel> {
    const ctx = await this.context();
    const match = findCustomer(ctx, customer);
    const today = todayIn(ctx.clock, ctx.settings.timezone);
    const range = resolvePeriod(today, period);
    const length = Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000) + 1;
    const previous = { from: addDays(range.from, -length), to: addDays(range.from, -1) };
    const metrics = accountMetrics(ctx, { customerId: match.id, range: { from: previous.from, to: range.to } });
    const health = healthEngineFor(this.deps);
    const customerHealth = await health.customer(match.id);
    const alerts = await health.listAlerts({ statuses: ['open', 'acknowledged'], customer: match.id, limit: 200 });
    const commercials = ctx.store.sqlite
      .prepare('select arr, renewal_date as renewalDate, owner, segment from customers where id = ?')
      .get(match.id) as { arr: number | null; renewalDate: string | null; owner: string | null; segment: string | null };
    return accountReportModel({
      today,
      timezone: ctx.settings.timezone,
      generatedAt: ctx.clock.now(),
      range,
      previous,
      metrics,
      portfolio: portfolioMetrics(ctx),
      health: customerHealth.snapshot || customerHealth.history.length > 0 ? customerHealth : null,
      healthCutoffs: health.config().config.bands,
      alerts,
      commercials,
      readableUserIds: ctx.settings.storeReadableUserIds,
    });
  }

  /** The portfolio report: a snapshot of the latest data (no period of its own). */
  async portfolioReport(period: Partial<DayRange> = {}): Promise<ReportModel> {
    if (period.from || period.to) {
      throw new CoreError(
        'BAD_REQUEST',
        'The portfolio report is a snapshot of the latest data: --from/--to apply to account reports only.',
      );
    }
    const ctx = await this.context();
    const today = todayIn(ctx.clock, ctx.settings.timezone);
    const health = healthEngineFor(this.deps);
    const portfolioHealth = health.portfolio(null);
    const alerts = await health.listAlerts({ statuses: ['open', 'acknowledged'], limit: 10_000 });
    return portfolioReportModel({
      today,
      timezone: ctx.settings.timezone,
      generatedAt: ctx.clock.now(),
      metrics: portfolioMetrics(ctx),
      health: portfolioHealth.rows.some((r) => r.day !== null) ? portfolioHealth : null,
      alerts,
      sources: this.freshness(ctx),
    });
  }

  /** Every connection with its data-through day ("data as of"). */
  private freshness(ctx: MetricsContext): ReportSourceFreshness[] {
    return ctx.store.sqlite
      .prepare(
        `select c.label as label, c.vendor as vendor, (select max(max_day) from sync_windows w where w.connection_id = c.id) as dataThrough
         from connections c order by c.label`,
      )
      .all() as ReportSourceFreshness[];
  }

  private async context(): Promise<MetricsContext> {
    return { store: this.deps.store, clock: this.deps.clock, settings: await this.deps.settings.get() };
  }
}

/** [from, to] with defaults: to = yesterday (last complete day), from = to − 89 days. */
export function resolvePeriod(today: string, period: Partial<DayRange>): DayRange {
  const to = period.to ?? addDays(today, -1);
  const from = period.from ?? addDays(to, -(DEFAULT_REPORT_DAYS - 1));
  if (from > to) throw new CoreError('BAD_REQUEST', `The period starts (${from}) after it ends (${to}).`);
  if (to >= today) throw new CoreError('BAD_REQUEST', `The period must end before today (${today}): today is not complete yet.`);
  return { from, to };
}
