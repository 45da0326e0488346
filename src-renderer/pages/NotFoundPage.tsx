import { EmptyState } from '../components/EmptyState';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <div className="page">
      <EmptyState
        icon="missing"
        title="This page does not exist"
        actions={
          <a className="button primary" href="#/portfolio">
            Go to Portfolio
          </a>
        }
      >
        <p>
          There is nothing at <span className="mono">{path}</span>. The link may be from an older version of Pulse.
        </p>
      </EmptyState>
    </div>
  );
}
