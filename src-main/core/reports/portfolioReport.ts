import { bandLabels } from '../../../src-shared/charts';
import type { AlertSummary, HealthBand, PortfolioHealth, PortfolioHealthRow } from '../../../src-shared/contract/health';
import type { PortfolioMetrics, PortfolioRow } from '../../../src-shared/contract/metrics';
import { addDays } from '../metrics';
import type { ReportBlock, ReportModel, ReportSection, ReportSourceFreshness, ReportTable } from './model';
import { dayRangeText, moneyText } from './text';

/** What the portfolio report is built from: the core's results, nothing recomputed. */
export interface PortfolioReportInputs {
  /** Today in the reporting time zone. */
  today: string;
  timezone: string;
  generatedAt: number;
  metrics: PortfolioMetrics;
  /** Null when the health engine has produced nothing yet. */
  health: PortfolioHealth | null;
  /** Open and acknowledged alerts of the portfolio; null when alerts are not available. */
  alerts: AlertSummary[] | null;
  sources: ReportSourceFreshness[];
  /** Days ahead that count as "renewing soon". */
  renewalWindowDays?: number;
}

const bandOrder: Array<HealthBand | 'none'> = ['red', 'yellow', 'green', 'none'];
const bandName = (band: HealthBand | null | undefined): string => (band ? `${bandLabels[band]} (${band})` : 'Not scored');

interface Joined {
  metrics: PortfolioRow;
  health: PortfolioHealthRow | null;
  openAlerts: number | null;
}

function trendOf(health: PortfolioHealthRow | null): { delta: number | null; arrow: string | null } {
  if (!health) return { delta: null, arrow: null };
  return { delta: health.trend.delta30 ?? health.trend.delta7, arrow: health.trend.arrow30 ?? health.trend.arrow7 };
}

export function portfolioReportModel(inputs: PortfolioReportInputs): ReportModel {
  const renewalDays = inputs.renewalWindowDays ?? 90;
  const healthById = new Map((inputs.health?.rows ?? []).map((row) => [row.customer.id, row]));
  const alertsById = new Map<string, number>();
  for (const alert of inputs.alerts ?? []) {
    if (alert.status === 'open' || alert.status === 'acknowledged') {
      alertsById.set(alert.customer.id, (alertsById.get(alert.customer.id) ?? 0) + 1);
    }
  }
  const joined: Joined[] = inputs.metrics.rows.map((metrics) => {
    const health = healthById.get(metrics.customerId) ?? null;
    const openAlerts = inputs.alerts ? (alertsById.get(metrics.customerId) ?? 0) : (health?.openAlerts ?? null);
    return { metrics, health, openAlerts };
  });

  const sections: ReportSection[] = [];

  // ---- bands summary -------------------------------------------------------------------------------
  const summaryBlocks: ReportBlock[] = [];
  const totalArr = joined.reduce((sum, j) => sum + (j.metrics.arr ?? 0), 0);
  const atRisk = joined.filter((j) => j.health?.band === 'red' || j.health?.band === 'yellow');
  const arrAtRisk = atRisk.reduce((sum, j) => sum + (j.metrics.arr ?? 0), 0);
  const renewing = joined.filter(
    (j) =>
      j.metrics.renewalDate !== null &&
      j.metrics.renewalDate >= inputs.today &&
      j.metrics.renewalDate <= addDays(inputs.today, renewalDays),
  );
  summaryBlocks.push({
    type: 'stats',
    items: [
      { label: 'Customers', value: String(joined.length) },
      { label: 'Total ARR', value: moneyText(totalArr) },
      {
        label: 'ARR at risk',
        value: inputs.health ? moneyText(arrAtRisk) : '–',
        detail: `${atRisk.length} account(s) red or yellow`,
      },
      {
        label: `Renewals in ${renewalDays} days`,
        value: String(renewing.length),
        detail: moneyText(renewing.reduce((s, j) => s + (j.metrics.arr ?? 0), 0)),
      },
    ],
  });
  if (inputs.health) {
    const bands: ReportTable = {
      id: 'bands-summary',
      title: 'Health bands',
      columns: [
        { key: 'band', label: 'Band', kind: 'text' },
        { key: 'customers', label: 'Customers', kind: 'int' },
        { key: 'arr', label: 'ARR', kind: 'money' },
      ],
      rows: bandOrder.map((band) => ({
        band: band === 'none' ? 'Not scored' : bandName(band),
        customers: inputs.health?.summary[band].customers ?? 0,
        arr: inputs.health?.summary[band].arr ?? 0,
      })),
      rowBand: bandOrder.map((band) => (band === 'none' ? null : band)),
    };
    summaryBlocks.push({ type: 'table', table: bands });
  } else {
    summaryBlocks.push({ type: 'empty', reason: 'Health scores have not been computed yet: run a sync, then export again.' });
  }
  sections.push({ id: 'summary', title: 'Bands summary', blocks: summaryBlocks });

  // ---- accounts at risk ----------------------------------------------------------------------------
  const riskRows = [...atRisk].sort(
    (a, b) =>
      (b.metrics.arr ?? 0) - (a.metrics.arr ?? 0) ||
      (a.health?.score ?? 0) - (b.health?.score ?? 0) ||
      a.metrics.name.localeCompare(b.metrics.name),
  );
  sections.push({
    id: 'at-risk',
    title: 'Accounts at risk',
    window: 'Red and yellow accounts, sorted by ARR at risk',
    blocks: !inputs.health
      ? [{ type: 'empty', reason: 'No health scores yet, so no account can be called at risk.' }]
      : riskRows.length === 0
        ? [{ type: 'empty', reason: 'No account is red or yellow.' }]
        : [
            {
              type: 'table',
              table: {
                id: 'accounts-at-risk',
                title: 'Accounts at risk',
                columns: [
                  { key: 'customer', label: 'Customer', kind: 'text' },
                  { key: 'owner', label: 'Owner', kind: 'text' },
                  { key: 'health', label: 'Health', kind: 'score' },
                  { key: 'band', label: 'Band', kind: 'text' },
                  { key: 'trend', label: 'Trend (pts)', kind: 'points' },
                  { key: 'arr_at_risk', label: 'ARR at risk', kind: 'money' },
                  { key: 'renewal', label: 'Renewal', kind: 'day' },
                  { key: 'open_alerts', label: 'Open alerts', kind: 'int' },
                ],
                rows: riskRows.map((j) => ({
                  customer: j.metrics.name,
                  owner: j.metrics.owner,
                  health: j.health?.score ?? null,
                  band: bandName(j.health?.band),
                  trend: trendOf(j.health).delta,
                  arr_at_risk: j.metrics.arr,
                  renewal: j.metrics.renewalDate,
                  open_alerts: j.openAlerts,
                })),
                rowBand: riskRows.map((j) => j.health?.band ?? null),
              },
            },
          ],
  });

  // ---- renewals ------------------------------------------------------------------------------------
  const renewalRows = [...renewing].sort((a, b) => (a.metrics.renewalDate ?? '').localeCompare(b.metrics.renewalDate ?? ''));
  sections.push({
    id: 'renewals',
    title: `Renewals in the next ${renewalDays} days`,
    window: dayRangeText({ from: inputs.today, to: addDays(inputs.today, renewalDays) }),
    blocks:
      renewalRows.length === 0
        ? [
            {
              type: 'empty',
              reason: `No renewal date falls in the next ${renewalDays} days (renewal dates come from the imported customer list).`,
            },
          ]
        : [
            {
              type: 'table',
              table: {
                id: 'renewals-90-days',
                title: 'Renewals',
                columns: [
                  { key: 'customer', label: 'Customer', kind: 'text' },
                  { key: 'renewal', label: 'Renewal', kind: 'day' },
                  { key: 'days_to_renewal', label: 'Days left', kind: 'int' },
                  { key: 'arr', label: 'ARR', kind: 'money' },
                  { key: 'health', label: 'Health', kind: 'score' },
                  { key: 'band', label: 'Band', kind: 'text' },
                  { key: 'open_alerts', label: 'Open alerts', kind: 'int' },
                ],
                rows: renewalRows.map((j) => ({
                  customer: j.metrics.name,
                  renewal: j.metrics.renewalDate,
                  days_to_renewal: daysUntil(inputs.today, j.metrics.renewalDate),
                  arr: j.metrics.arr,
                  health: j.health?.score ?? null,
                  band: bandName(j.health?.band),
                  open_alerts: j.openAlerts,
                })),
                rowBand: renewalRows.map((j) => j.health?.band ?? null),
              },
            },
          ],
  });

  // ---- full table ----------------------------------------------------------------------------------
  const all = [...joined].sort((a, b) => a.metrics.name.localeCompare(b.metrics.name));
  sections.push({
    id: 'all-accounts',
    title: 'All accounts',
    window: `Usage: last 30 complete days (${dayRangeText(inputs.metrics.window)}); health as of each account's latest score`,
    blocks: [
      {
        type: 'table',
        table: {
          id: 'portfolio',
          title: 'All accounts',
          columns: [
            { key: 'customer', label: 'Customer', kind: 'text' },
            { key: 'owner', label: 'Owner', kind: 'text' },
            { key: 'health', label: 'Health', kind: 'score' },
            { key: 'band', label: 'Band', kind: 'text' },
            { key: 'trend', label: 'Trend (pts)', kind: 'points' },
            { key: 'arr', label: 'ARR', kind: 'money' },
            { key: 'renewal', label: 'Renewal', kind: 'day' },
            { key: 'active_users_30d', label: 'Active users', kind: 'int' },
            { key: 'dau_mau', label: 'DAU/MAU', kind: 'percent' },
            { key: 'open_alerts', label: 'Alerts', kind: 'int' },
            { key: 'source', label: 'Source', kind: 'text' },
            { key: 'data_through', label: 'Data as of', kind: 'day' },
          ],
          rows: all.map((j) => ({
            customer: j.metrics.name,
            owner: j.metrics.owner,
            health: j.health?.score ?? null,
            band: bandName(j.health?.band),
            trend: trendOf(j.health).delta,
            arr: j.metrics.arr,
            renewal: j.metrics.renewalDate,
            active_users_30d: j.metrics.activeUsers30d,
            dau_mau: j.metrics.dauMau,
            open_alerts: j.openAlerts,
            source: j.metrics.vendor,
            data_through: j.metrics.dataThrough,
          })),
          rowBand: all.map((j) => j.health?.band ?? null),
        },
      },
    ],
  });

  return {
    kind: 'portfolio',
    title: 'Portfolio report',
    subtitle: `${joined.length} customers · usage window ${dayRangeText(inputs.metrics.window)}`,
    fileStem: `portfolio-${inputs.today}`,
    period: inputs.metrics.window,
    generatedAt: new Date(inputs.generatedAt).toISOString(),
    timezone: inputs.timezone,
    sources: inputs.sources,
    hasInternal: true,
    readableUserIds: false,
    sections,
  };
}

function daysUntil(today: string, day: string | null): number | null {
  if (!day) return null;
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
