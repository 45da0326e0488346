import { EmptyState } from '../components/EmptyState';

export function AlertsPage() {
  return (
    <div className="page">
      <p className="page-lead">Usage and health alerts across your portfolio, each with evidence and a suggested action.</p>
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
          Alerts appear after a source has synced and a health rule finds something worth your attention, such as a usage drop or
          a renewal at risk.
        </p>
        <p className="muted">The incomplete current day is never alerted on.</p>
      </EmptyState>
    </div>
  );
}
