import { formatDay, formatNumber } from '../../../../src-shared/charts/format';
import type { AccountMetrics } from '../../../../src-shared/contract/metrics';
import { VendorBadge } from '../../../components/Badge';
import { NoData } from './shared';

export function SourcesTab({ metrics }: { metrics: AccountMetrics }) {
  if (metrics.sources.length === 0) {
    return (
      <NoData title="No linked source">
        This customer is not linked to a Pendo, Amplitude or Mixpanel account yet. Link one in Settings → Account mapping.
      </NoData>
    );
  }
  return (
    <div className="account-tab-body" data-testid="sources-tab">
      <p className="muted">
        The vendor accounts that feed this customer. The headline numbers come from one source (the one with most events in the
        last 30 days); dates in {metrics.timezone.replaceAll('_', ' ')}.
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="table-scroll" tabIndex={0} aria-label="Sources">
        <table className="table" data-testid="sources-table">
          <caption className="visually-hidden">Sources feeding this account</caption>
          <thead>
            <tr>
              <th scope="col">Vendor</th>
              <th scope="col">Connection</th>
              <th scope="col">Vendor account</th>
              <th scope="col">Data</th>
              <th scope="col">Data through</th>
              <th scope="col">May still change from</th>
              <th scope="col" className="numeric">
                Events, 30 days
              </th>
              <th scope="col">Used for</th>
            </tr>
          </thead>
          <tbody>
            {metrics.sources.map((s) => (
              <tr key={s.connectionId} data-connection={s.connectionId}>
                <td>
                  <VendorBadge vendor={s.vendor} />
                </td>
                <td>{s.label}</td>
                <td className="mono">{s.accountIds.join(', ') || '–'}</td>
                <td>{s.eventLevel ? 'Individual events' : 'Daily totals'}</td>
                <td>{s.dataThrough ? formatDay(s.dataThrough) : 'Not synced yet'}</td>
                <td>{s.provisionalFrom ? formatDay(s.provisionalFrom) : '–'}</td>
                <td className="numeric">{formatNumber(s.events30d)}</td>
                <td>{s.primary ? <strong>Headline numbers</strong> : <span className="muted">Also linked</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
