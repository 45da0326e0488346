import { EmptyState } from '../components/EmptyState';

/**
 * The home screen. The core has no customer data in the contract yet (issue 6 fills this page), so the
 * page says so plainly and points at the two ways data arrives.
 */
export function PortfolioPage() {
  return (
    <div className="page">
      <p className="page-lead">Every customer with health, trend, renewal and usage, riskiest renewals first.</p>
      <EmptyState
        icon="portfolio"
        title="No customers yet"
        actions={
          <a className="button primary" href="#/settings">
            Open Settings
          </a>
        }
      >
        <p>Connect Pendo, Amplitude or Mixpanel in Settings, or open the demo workspace.</p>
        <p className="muted">
          Once a source has synced, each customer appears here with its health score, 12-week trend, ARR, renewal date, active
          users and open alerts.
        </p>
      </EmptyState>
    </div>
  );
}
