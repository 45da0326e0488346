import { useState } from 'react';
import type { ConnectionSummary } from '../../../src-shared/contract';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { bridge, errorMessage } from '../../lib/bridge';
import { useCoreData } from '../../lib/useCoreData';

/**
 * The saved vendor reports picked for one Amplitude or Mixpanel connection: add one by the id in its
 * URL, see when it was fetched (or why not), remove it. They are fetched with the connection's syncs.
 */
export function SavedReportsPicker({ connection }: { connection: ConnectionSummary }) {
  const reports = useCoreData(() => bridge.call('savedReports.list', { connection: connection.id }), ['connections', 'sync']);
  const [id, setId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (connection.vendor !== 'mixpanel' && connection.vendor !== 'amplitude') return null;
  const what = connection.vendor === 'mixpanel' ? 'insights bookmark id' : 'chart id';
  const pick = async (): Promise<void> => {
    const reportId = id.trim();
    if (!reportId) return;
    setBusy(true);
    try {
      await bridge.call('savedReports.pick', { connection: connection.id, reportId, name: null });
      setId('');
      setError(null);
      reports.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const unpick = async (reportId: string): Promise<void> => {
    try {
      await bridge.call('savedReports.unpick', { connection: connection.id, reportId });
      reports.reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <details className="saved-reports-picker" data-testid="saved-reports-picker">
      <summary>Saved reports ({reports.value?.length ?? 0})</summary>
      {reports.value && reports.value.length > 0 ? (
        <ul className="saved-report-list">
          {reports.value.map((r) => (
            <li key={r.id}>
              <strong>{r.name}</strong> <span className="mono">{r.reportId}</span>
              {r.byAccount ? ' · by account' : ''}
              <span className="muted">
                {' '}
                ·{' '}
                {r.lastError
                  ? `last fetch failed: ${r.lastError}`
                  : r.syncedAt
                    ? `${r.values} values, ${r.firstDay ?? ''} – ${r.lastDay ?? ''}`
                    : 'fetched on the next sync'}
              </span>{' '}
              <Button variant="ghost" onClick={() => void unpick(r.reportId)} aria-label={`Remove saved report ${r.name}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None yet. Reports that break down by account show on each account page.</p>
      )}
      <Field label={`Add a report by its ${what}`} error={error}>
        {(control) => (
          <div className="input-with-button">
            <input
              {...control}
              type="text"
              placeholder={connection.vendor === 'mixpanel' ? 'e.g. 44003' : 'e.g. e4f5g6h'}
              value={id}
              data-testid="saved-report-id"
              onChange={(event) => setId(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void pick();
                }
              }}
            />
            <Button onClick={() => void pick()} disabled={id.trim() === '' || busy}>
              Add
            </Button>
          </div>
        )}
      </Field>
    </details>
  );
}
