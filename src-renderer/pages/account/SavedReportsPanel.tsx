import { useMemo } from 'react';
import { formatDay, formatNumber } from '../../../src-shared/charts/format';
import { lineChartOption } from '../../../src-shared/charts/lineSeries';
import { seriesColors } from '../../../src-shared/charts/palette';
import type { CustomerSavedReports } from '../../../src-shared/contract/savedReports';
import { bridge } from '../../lib/bridge';
import type { Prefetch } from '../../lib/prefetch';
import { useCoreData } from '../../lib/useCoreData';
import { Chart } from './Chart';

/**
 * The customer's slice of the saved vendor reports that break down by account (Mixpanel insights,
 * Amplitude saved charts picked under Settings or with `pulse reports-saved pick`). Nothing shows
 * when no such report is picked.
 */
export function SavedReportsPanel({
  customerId,
  timezone,
  prefetched,
}: {
  customerId: string;
  timezone: string;
  /** Asked with the page (loadAccount). */
  prefetched?: Prefetch<CustomerSavedReports> | undefined;
}) {
  const data = useCoreData(
    () => bridge.call('savedReports.forCustomer', { customer: customerId }),
    ['connections', 'sync'],
    prefetched,
  );
  if (data.status === 'loading' || !data.value || data.value.reports.length === 0) return null;
  return (
    <section aria-labelledby="saved-reports" data-testid="saved-reports">
      <h3 id="saved-reports">Saved reports</h3>
      <div className="account-grid-2">
        {data.value.reports.map((entry) => (
          <SavedReportChart key={entry.report.id} entry={entry} timezone={timezone} />
        ))}
      </div>
    </section>
  );
}

function SavedReportChart({ entry, timezone }: { entry: CustomerSavedReports['reports'][number]; timezone: string }) {
  const { report, series } = entry;
  const option = useMemo(
    () =>
      lineChartOption({
        unit: 'value',
        timeZone: timezone,
        series: series.map((s, i) => ({
          name: series.length > 1 ? `${s.series} (${s.segment})` : s.series,
          points: s.points,
          color: seriesColors[i % seriesColors.length],
        })),
      }),
    [series, timezone],
  );
  const total = series.reduce((sum, s) => sum + s.points.reduce((t, p) => t + p.value, 0), 0);
  const days = series.flatMap((s) => s.points.map((p) => p.day)).sort();
  const synced = report.syncedAt ? new Date(report.syncedAt).toLocaleString() : 'never';
  return (
    <figure className="saved-report" data-testid="saved-report" data-report-id={report.reportId}>
      <Chart
        option={option}
        label={`${report.name}: ${formatNumber(total)} in total`}
        height={220}
        caption={
          <>
            <strong>{report.name}</strong> ({report.kind === 'mixpanel-insights' ? 'Mixpanel insights' : 'Amplitude chart'}{' '}
            {report.reportId}, {report.connectionLabel}): {formatNumber(total)} in total
            {days.length > 0 ? `, ${formatDay(days[0] as string)} – ${formatDay(days[days.length - 1] as string)}` : ''}. Last
            fetched {synced}.{report.lastError ? ` The last fetch failed: ${report.lastError}` : ''}
          </>
        }
      />
    </figure>
  );
}
