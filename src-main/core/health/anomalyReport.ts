import type { AnomalyReport, CustomerAnomalies } from '../../../src-shared/contract/anomalies';
import type { AnomalyMetric, HealthConfig } from '../../../src-shared/contract/health';
import { checkCustomer } from '../anomalies';
import type { MetricsContext } from '../metrics';
import { type CustomerRecord, loadCustomerData } from './customerData';
import { FeatureSeriesRunCache } from './featureUsageSeries';

/**
 * `anomalies.list`: every customer's (or one customer's) daily metrics on the day the alert rule last
 * judges, the last complete day outside the late-data horizon (never today, never a provisional day),
 * with the same checks and the same verdict as the `anomaly` rule (open alerts hold the same way).
 * Computed on demand from the stored user-days; nothing is stored.
 */
export function anomalyReport(ctx: MetricsContext, config: HealthConfig, customerId: string | null): AnomalyReport {
  const settings = config.rules.anomaly;
  const customers = ctx.store.sqlite
    .prepare(
      `select id, name, owner, segment, arr, renewal_date as renewalDate from customers ${customerId ? 'where id = ?' : ''} order by name`,
    )
    .all(...(customerId ? [customerId] : [])) as CustomerRecord[];
  const activeRows = ctx.store.sqlite
    .prepare(
      `select customer_id as customer, subject, evidence_json as evidence from alerts
       where rule = 'anomaly' and status in ('open','acknowledged')`,
    )
    .all() as Array<{ customer: string; subject: string; evidence: string }>;
  const active = new Map<string, Map<AnomalyMetric, 'drop' | 'spike'>>();
  for (const r of activeRows) {
    const byMetric = active.get(r.customer) ?? new Map<AnomalyMetric, 'drop' | 'spike'>();
    byMetric.set(r.subject as AnomalyMetric, r.evidence.includes('"direction":"spike"') ? 'spike' : 'drop');
    active.set(r.customer, byMetric);
  }
  const run = new FeatureSeriesRunCache();
  const rows = customers.map((customer): CustomerAnomalies => {
    const ref = { id: customer.id, name: customer.name, owner: customer.owner };
    const activeAlerts = active.get(customer.id)?.size ?? 0;
    const data = loadCustomerData(ctx, customer, run, 0);
    if (!data.scope || !data.historyStart) {
      return { customer: ref, day: null, unavailable: 'no-linked-source', metrics: [], activeAlerts };
    }
    const day = data.finalDay;
    if (day === null || day < data.historyStart) {
      return { customer: ref, day: null, unavailable: 'no-final-day', metrics: [], activeAlerts };
    }
    const totals = data.daily;
    const history = {
      historyStart: data.historyStart,
      hasSessions: data.scope.eventLevel,
      on: (d: string) => (d > day ? undefined : totals.get(d)),
    };
    const metrics = checkCustomer(history, day, settings, active.get(customer.id));
    return { customer: ref, day, unavailable: null, metrics, activeAlerts };
  });
  return {
    enabled: settings.enabled,
    sensitivity: settings.sensitivity,
    baselineWeeks: settings.baselineWeeks,
    minBaselineWeeks: settings.minBaselineWeeks,
    rows,
  };
}
