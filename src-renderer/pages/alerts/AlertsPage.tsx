import { useEffect, useMemo, useState } from 'react';
import { formatDay, formatNumber } from '../../../src-shared/charts/format';
import type { AlertAction, AlertRuleType, AlertStatus, AlertSummary } from '../../../src-shared/contract/health';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { plainError } from '../../components/errors';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { toast } from '../../components/Toast';
import { bridge } from '../../lib/bridge';
import { useSettings } from '../../lib/settings';
import { useCoreData } from '../../lib/useCoreData';
import { focusAlertsOn, useAlertsOwnerFocus } from './alertsFocus';
import { ageText, evidenceText, ruleLabels } from './evidence';
import './alerts.css';

type StatusFilter = 'active' | AlertStatus | 'all';
const statusSets: Record<StatusFilter, AlertStatus[]> = {
  active: ['open', 'acknowledged'],
  open: ['open'],
  acknowledged: ['acknowledged'],
  dismissed: ['dismissed'],
  resolved: ['resolved'],
  all: ['open', 'acknowledged', 'dismissed', 'resolved'],
};
const statusLabels: Record<AlertStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  dismissed: 'Dismissed',
  resolved: 'Resolved',
};
const severityRank = { critical: 0, warning: 1, info: 2 } as const;
const severityLabels = { critical: 'Critical', warning: 'Warning', info: 'Info' } as const;
const actionLabels: Record<AlertAction, { label: string; done: string; to: AlertStatus }> = {
  acknowledge: { label: 'Acknowledge', done: 'acknowledged', to: 'acknowledged' },
  resolve: { label: 'Resolve', done: 'resolved', to: 'resolved' },
  dismiss: { label: 'Dismiss', done: 'dismissed', to: 'dismissed' },
};
const shownStep = 100;

function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** Usage and health alerts across the portfolio: evidence in words, a suggested action, and the three actions. */
export function AlertsPage() {
  const { settings } = useSettings();
  const focus = useAlertsOwnerFocus();
  const [status, setStatus] = useState<StatusFilter>('active');
  const [owner, setOwner] = useState<string>(focus ?? 'all');
  const [rule, setRule] = useState<AlertRuleType | 'all'>('all');
  const [customer, setCustomer] = useState<string>('all');
  const [shown, setShown] = useState(shownStep);
  /** Optimistic status changes not yet confirmed by the core (id → status). */
  const [pending, setPending] = useState<Map<number, AlertStatus>>(new Map());

  useEffect(() => {
    if (focus !== null) {
      setOwner(focus);
      focusAlertsOn(null);
    }
  }, [focus]);

  const statuses = statusSets[status];
  const data = useCoreData(() => bridge.call('alerts.list', { status: statuses, limit: 5000 }), ['alerts', 'customers']);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when the status filter changes
  useEffect(() => data.reload(), [status]);

  const all = useMemo(() => {
    const list = (data.value ?? []).map((a) => (pending.has(a.id) ? { ...a, status: pending.get(a.id) as AlertStatus } : a));
    return list.sort(
      (a, b) => severityRank[a.severity] - severityRank[b.severity] || b.lastFiredOn.localeCompare(a.lastFiredOn) || b.id - a.id,
    );
  }, [data.value, pending]);
  const owners = useMemo(() => [...new Set(all.map((a) => a.owner).filter((o): o is string => !!o))].sort(), [all]);
  const customers = useMemo(() => {
    const map = new Map(all.map((a) => [a.customer.id, a.customer.name]));
    return [...map.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [all]);
  const rules = useMemo(() => [...new Set(all.map((a) => a.rule))].sort(), [all]);
  const visible = all.filter(
    (a) =>
      statuses.includes(a.status) &&
      (owner === 'all' || a.owner === owner) &&
      (rule === 'all' || a.rule === rule) &&
      (customer === 'all' || a.customer.id === customer),
  );
  const today = todayIn(settings?.timezone ?? 'UTC');

  const act = async (alert: AlertSummary, action: AlertAction) => {
    const previous = alert.status;
    setPending((p) => new Map(p).set(alert.id, actionLabels[action].to));
    try {
      const updated = await bridge.call('alerts.update', { id: alert.id, action });
      toast(`Alert ${actionLabels[action].done}: ${alert.customer.name} — ${alert.title}`);
      data.reload();
      setPending((p) => new Map(p).set(alert.id, updated.status));
    } catch (error) {
      setPending((p) => {
        const next = new Map(p);
        next.set(alert.id, previous);
        return next;
      });
      toast(`Could not ${actionLabels[action].label.toLowerCase()} the alert: ${plainError(error)}`, 'error');
    }
  };

  // Once the list has caught up with a confirmed change, the pending entry is no longer needed.
  useEffect(() => {
    if (!data.value || pending.size === 0) return;
    const fresh = new Map(data.value.map((a) => [a.id, a.status]));
    let changed = false;
    const next = new Map(pending);
    for (const [id, s] of pending) {
      if (fresh.get(id) === s) {
        next.delete(id);
        changed = true;
      }
    }
    if (changed) setPending(next);
  }, [data.value, pending]);

  const me = settings?.currentOwner ?? null;
  return (
    <div className="page alerts-page">
      <p className="page-lead">Usage and health alerts across your portfolio, each with its evidence and a suggested action.</p>
      <search className="card alerts-filters" aria-label="Filter alerts">
        <label className="filter">
          <span>Status</span>
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="active">Open and acknowledged</option>
            <option value="open">Open</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="dismissed">Dismissed</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </select>
        </label>
        <label className="filter">
          <span>Owner</span>
          <select aria-label="Owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="all">All owners</option>
            {[...new Set([...owners, ...(owner !== 'all' ? [owner] : [])])].map((o) => (
              <option key={o} value={o}>
                {o}
                {o === me ? ' (me)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Rule</span>
          <select aria-label="Rule" value={rule} onChange={(e) => setRule(e.target.value as AlertRuleType | 'all')}>
            <option value="all">All rules</option>
            {rules.map((r) => (
              <option key={r} value={r}>
                {ruleLabels[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Customer</span>
          <select aria-label="Customer" value={customer} onChange={(e) => setCustomer(e.target.value)}>
            <option value="all">All customers</option>
            {customers.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {me ? (
          <Button
            size="small"
            variant={owner === me ? 'primary' : 'secondary'}
            aria-pressed={owner === me}
            onClick={() => setOwner(owner === me ? 'all' : me)}
          >
            My accounts ({me})
          </Button>
        ) : null}
        <span className="alerts-count" role="status" aria-live="polite">
          {data.value ? `${formatNumber(visible.length)} ${visible.length === 1 ? 'alert' : 'alerts'}` : ''}
        </span>
      </search>

      {data.status === 'loading' ? <Loading label="Loading alerts…" lines={4} /> : null}
      {data.status === 'error' ? (
        <Notice tone="error" title="Alerts could not be loaded.">
          {data.error}{' '}
          <button type="button" className="button ghost" onClick={data.reload}>
            Try again
          </button>
        </Notice>
      ) : null}
      {data.value && visible.length === 0 ? (
        all.length === 0 && status === 'active' ? (
          <EmptyState
            icon="alerts"
            title="No alerts"
            actions={
              <a className="button" href="#/sync">
                View Sync
              </a>
            }
          >
            <p>
              Nothing needs your attention. Alerts appear after a source has synced and a health rule finds something worth your
              attention, such as a usage drop or a customer going quiet.
            </p>
            <p className="muted">The incomplete current day is never alerted on.</p>
          </EmptyState>
        ) : (
          <p className="alerts-empty">No alert matches these filters.</p>
        )
      ) : null}
      <ol className="alert-list" aria-label="Alerts">
        {visible.slice(0, shown).map((alert) => (
          <AlertCard key={alert.id} alert={alert} today={today} pending={pending.has(alert.id)} onAct={act} />
        ))}
      </ol>
      {visible.length > shown ? (
        <Button onClick={() => setShown((s) => s + shownStep)}>Show {Math.min(shownStep, visible.length - shown)} more</Button>
      ) : null}
    </div>
  );
}

function AlertCard({
  alert,
  today,
  pending,
  onAct,
}: {
  alert: AlertSummary;
  today: string;
  pending: boolean;
  onAct(alert: AlertSummary, action: AlertAction): void;
}) {
  const headingId = `alert-${alert.id}-title`;
  const actions: AlertAction[] =
    alert.status === 'open'
      ? ['acknowledge', 'resolve', 'dismiss']
      : alert.status === 'acknowledged'
        ? ['resolve', 'dismiss']
        : [];
  return (
    <li
      className={`alert-card severity-${alert.severity}`}
      aria-labelledby={headingId}
      data-alert-id={alert.id}
      data-status={alert.status}
    >
      <div className="alert-head">
        <span className={`severity-pill severity-${alert.severity}`}>{severityLabels[alert.severity]}</span>
        <h2 id={headingId}>
          <a href={`#/account/${encodeURIComponent(alert.customer.id)}/alerts`}>{alert.customer.name}</a>
          <span className="alert-title"> — {alert.title}</span>
        </h2>
        <span
          className={`status-pill status-${alert.status === 'open' ? 'bad' : alert.status === 'acknowledged' ? 'warn' : 'neutral'}`}
        >
          {statusLabels[alert.status]}
          {pending ? '…' : ''}
        </span>
      </div>
      <dl className="alert-facts">
        <div>
          <dt>Rule</dt>
          <dd>{ruleLabels[alert.rule]}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{alert.owner ?? 'Unassigned'}</dd>
        </div>
        <div>
          <dt>Age</dt>
          <dd title={`First fired on ${formatDay(alert.openedOn)}, last on ${formatDay(alert.lastFiredOn)}`}>
            {ageText(alert.openedOn, today)} (since {formatDay(alert.openedOn)})
          </dd>
        </div>
      </dl>
      <div className="alert-body">
        <div>
          <h3>Evidence</h3>
          <ul className="alert-evidence">
            {evidenceText(alert).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Suggested action</h3>
          <p>{alert.suggestedAction}</p>
        </div>
      </div>
      {alert.note ? <p className="muted">Note: {alert.note}</p> : null}
      {actions.length > 0 ? (
        <div className="button-row alert-actions">
          {actions.map((action) => (
            <Button
              key={action}
              size="small"
              variant={action === 'acknowledge' ? 'primary' : 'secondary'}
              disabled={pending}
              onClick={() => onAct(alert, action)}
              aria-label={`${actionLabels[action].label} alert: ${alert.customer.name}, ${alert.title}`}
            >
              {actionLabels[action].label}
            </Button>
          ))}
        </div>
      ) : (
        <p className="muted alert-closed">
          {alert.status === 'resolved' ? 'Resolved' : 'Dismissed'}
          {alert.closedBy === 'rule' ? ' automatically: the condition cleared.' : '.'}
        </p>
      )}
    </li>
  );
}
