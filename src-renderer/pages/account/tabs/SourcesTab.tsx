import { formatDay, formatNumber } from '../../../../src-shared/charts/format';
import type { AccountMetrics, LinkedVendorAccount } from '../../../../src-shared/contract/metrics';
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
        The vendor accounts that feed this customer. How each was linked to the customer and how sure the match is, when it last
        synced and its events. The headline numbers come from one source (the one with most events in the last 30 days); dates in{' '}
        {metrics.timezone.replaceAll('_', ' ')}.
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="table-scroll" tabIndex={0} aria-label="Sources">
        <table className="table" data-testid="sources-table">
          <caption className="visually-hidden">Sources feeding this account</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Vendor account</th>
              <th scope="col">Linked by</th>
              <th scope="col">Last synced</th>
              <th scope="col">Data through</th>
              <th scope="col" className="numeric">
                Events, 30 days
              </th>
              <th scope="col">Used for</th>
            </tr>
          </thead>
          <tbody>
            {metrics.sources.flatMap((s) =>
              s.accounts.map((a, i) => (
                <tr key={`${s.connectionId}:${a.accountId}`} data-connection={s.connectionId} data-account={a.accountId}>
                  <td>
                    {i === 0 ? (
                      <div className="source-cell">
                        <VendorBadge vendor={s.vendor} />
                        <span>{s.label}</span>
                        <span className="muted source-note">{s.eventLevel ? 'Individual events' : 'Daily totals'}</span>
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {a.name && a.name !== a.accountId ? (
                      <>
                        {a.name} <span className="mono muted">{a.accountId}</span>
                      </>
                    ) : (
                      <span className="mono">{a.accountId}</span>
                    )}
                  </td>
                  <td className="link-method" data-testid="link-method">
                    {linkMethodText(a.method, a.confidence)}
                  </td>
                  <td data-testid="last-synced">
                    {s.lastSyncedAt === null ? 'Never' : syncedText(s.lastSyncedAt, metrics.timezone)}
                  </td>
                  <td>
                    {s.dataThrough ? formatDay(s.dataThrough) : 'Not synced yet'}
                    {s.provisionalFrom && i === 0 ? (
                      <span className="muted source-note source-provisional">
                        may change from {formatDay(s.provisionalFrom, 'en-US', false)}
                      </span>
                    ) : null}
                  </td>
                  <td className="numeric" data-testid="account-events">
                    {formatNumber(a.events30d)}
                  </td>
                  <td>
                    {i > 0 ? null : s.primary ? <strong>Headline numbers</strong> : <span className="muted">Also linked</span>}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}

const methodWords: Record<LinkedVendorAccount['method'], string> = {
  id: 'Same account id',
  domain: 'Same domain',
  name: 'Similar name',
  manual: 'Linked by hand',
};

/** "Same domain · 90 % sure"; id and manual links are certain, so no percentage. */
export function linkMethodText(method: LinkedVendorAccount['method'], confidence: number): string {
  if (method === 'id' || method === 'manual') return methodWords[method];
  return `${methodWords[method]} · ${formatNumber(Math.round(confidence * 100))} % sure`;
}

function syncedText(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(at));
}
