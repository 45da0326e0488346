import { useState } from 'react';
import { formatDay } from '../../../../src-shared/charts/format';
import type { AlertAction, AlertSummary } from '../../../../src-shared/contract/health';
import { StatusPill, type StatusTone } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { plainError } from '../../../components/errors';
import { formatDateTime } from '../../../components/format';
import { Notice } from '../../../components/Notice';
import { toast } from '../../../components/Toast';
import { bridge } from '../../../lib/bridge';
import { percent } from '../text';
import { NoData } from './shared';

const severityTone: Record<AlertSummary['severity'], StatusTone> = { critical: 'bad', warning: 'warn', info: 'info' };
const statusWords: Record<AlertSummary['status'], string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  dismissed: 'Dismissed',
  resolved: 'Resolved',
};
const actionWords: Record<AlertAction, { label: string; done: string }> = {
  acknowledge: { label: 'Acknowledge', done: 'acknowledged' },
  dismiss: { label: 'Dismiss', done: 'dismissed' },
  resolve: { label: 'Resolve', done: 'resolved' },
};

export function AlertsTab({
  alerts,
  error,
  timeZone,
  reload,
}: {
  alerts: AlertSummary[] | null;
  error: string | null;
  timeZone: string;
  reload(): void;
}) {
  if (alerts === null) {
    return (
      <Notice tone="error" title="Alerts could not be loaded.">
        {error}
      </Notice>
    );
  }
  const active = alerts.filter((a) => a.status === 'open' || a.status === 'acknowledged');
  const closed = alerts.filter((a) => a.status === 'dismissed' || a.status === 'resolved');
  return (
    <div className="account-tab-body" data-testid="alerts-tab">
      {active.length === 0 ? (
        <NoData title="No open alerts" testId="alerts-empty">
          Nothing needs attention for this account right now. Alerts never fire on the incomplete current day.
        </NoData>
      ) : (
        <ul className="alert-list">
          {active.map((alert) => (
            <AlertCard key={alert.id} alert={alert} timeZone={timeZone} reload={reload} />
          ))}
        </ul>
      )}
      {closed.length > 0 ? (
        <details className="closed-alerts">
          <summary>
            {closed.length} closed {closed.length === 1 ? 'alert' : 'alerts'}
          </summary>
          <table className="table compact">
            <caption className="visually-hidden">Closed alerts</caption>
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">Status</th>
                <th scope="col">Opened</th>
                <th scope="col">Closed</th>
              </tr>
            </thead>
            <tbody>
              {closed.map((a) => (
                <tr key={a.id}>
                  <td>{a.title}</td>
                  <td>
                    {statusWords[a.status]}
                    {a.closedBy === 'rule' ? ' (condition cleared)' : ''}
                  </td>
                  <td>{formatDay(a.openedOn)}</td>
                  <td>{formatDateTime(a.statusChangedAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}

function AlertCard({ alert, timeZone, reload }: { alert: AlertSummary; timeZone: string; reload(): void }) {
  const [busy, setBusy] = useState<AlertAction | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const act = async (action: AlertAction) => {
    setBusy(action);
    setFailure(null);
    try {
      await bridge.call('alerts.update', { id: alert.id, action });
      toast(`Alert ${actionWords[action].done}.`);
      reload();
    } catch (error) {
      setFailure(plainError(error));
    } finally {
      setBusy(null);
    }
  };
  const actions: AlertAction[] = alert.status === 'open' ? ['acknowledge', 'dismiss', 'resolve'] : ['dismiss', 'resolve'];
  return (
    <li className="alert-card" data-alert={alert.id} aria-label={alert.title}>
      <div className="alert-card-head">
        <StatusPill tone={severityTone[alert.severity]}>
          {alert.severity === 'critical' ? 'Critical' : alert.severity === 'warning' ? 'Warning' : 'Info'}
        </StatusPill>
        <strong>{alert.title}</strong>
        <span className="muted">
          {statusWords[alert.status]} · since {formatDay(alert.openedOn)}
          {alert.lastFiredOn !== alert.openedOn ? `, still true on ${formatDay(alert.lastFiredOn)}` : ''}
        </span>
      </div>
      <Evidence evidence={alert.evidence} />
      <p>
        <span className="muted">Suggested: </span>
        {alert.suggestedAction}
      </p>
      <div className="button-row">
        {actions.map((action) => (
          <Button
            key={action}
            size="small"
            variant={action === 'resolve' ? 'primary' : 'secondary'}
            busy={busy === action}
            disabled={busy !== null}
            onClick={() => void act(action)}
            aria-label={`${actionWords[action].label}: ${alert.title}`}
          >
            {actionWords[action].label}
          </Button>
        ))}
      </div>
      {failure ? (
        <p className="form-error" role="alert">
          {failure}
        </p>
      ) : null}
      <span className="visually-hidden">Created {formatDateTime(alert.createdAt, timeZone)}</span>
    </li>
  );
}

const evidenceNames: Record<string, string> = {
  guideName: 'Guide',
  reach: 'Users reached',
  views: 'Views',
  dismissRate: 'Dismissed by',
  completion: 'Completion',
  previous: 'Previous window',
  current: 'Latest window',
  drop: 'Drop',
  featureName: 'Feature',
  previousUsers: 'Users before',
  daysInactive: 'Days inactive',
  lastActiveDay: 'Last active',
  window: 'Window',
};
const hidden = new Set(['guideId', 'featureId', 'maxDismissRate', 'minReach', 'minBaseline', 'minDrop', 'minPreviousUsers']);

function evidenceValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number')
    return /rate|drop|completion|share|change/i.test(key) && Math.abs(value) <= 1
      ? percent(value)
      : value.toLocaleString('en-US');
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value) : value;
  if (typeof value === 'object' && 'from' in value && 'to' in value) {
    const range = value as { from: string; to: string };
    return `${formatDay(range.from)} – ${formatDay(range.to)}`;
  }
  return JSON.stringify(value);
}

function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(evidence).filter(([key]) => !hidden.has(key));
  if (entries.length === 0) return null;
  return (
    <dl className="evidence">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{evidenceNames[key] ?? key.replace(/([A-Z])/g, ' $1').toLowerCase()}</dt>
          <dd>{evidenceValue(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}
