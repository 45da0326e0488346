import { EmptyState } from '../components/EmptyState';

/** One customer's dashboard. Reached from the Portfolio; until customer data exists it says why it is empty. */
export function AccountPage({ id }: { id: string }) {
  return (
    <div className="page">
      <p className="page-lead">
        Account <strong className="mono">{id}</strong>
      </p>
      <EmptyState
        icon="account"
        title="No data for this account yet"
        actions={
          <a className="button" href="#/portfolio">
            Back to Portfolio
          </a>
        }
      >
        <p>Pulse has no customer “{id}” in this workspace yet. Accounts appear after a connected source has synced.</p>
        <p className="muted">
          Then this page shows the account's health and what changed, engagement, retention, funnels and feature adoption.
        </p>
      </EmptyState>
    </div>
  );
}
