import { Component, type ReactNode } from 'react';
import { Button } from './Button';
import { Notice } from './Notice';

/**
 * What the CSM sees when a page throws while rendering (or its code fails to load): the error, and a
 * way out, instead of a blank window. The rest of the app (navigation, the other pages) keeps working,
 * and moving to another route (`resetKey`) clears the error without remounting pages that did not fail.
 */
export function PageFailed({ message, onReload }: { message: string; onReload: () => void }) {
  return (
    <Notice tone="error" title="This page could not be shown.">
      <p>{message}</p>
      <p>
        Your data is safe. Reload the window, or <a href="#/portfolio">go back to the portfolio</a>.
      </p>
      <Button variant="primary" onClick={onReload}>
        Reload
      </Button>
    </Notice>
  );
}

interface State {
  message: string | null;
}

export class PageErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { message: null };

  static getDerivedStateFromError(error: unknown): State {
    const message = error instanceof Error ? error.message : String(error);
    return { message: message.trim() === '' ? 'Something went wrong while drawing it.' : message };
  }

  override componentDidUpdate(previous: { resetKey?: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.message !== null) this.setState({ message: null });
  }

  override componentDidCatch(error: unknown): void {
    // The console is what the host forwards to the log (and what the e2e tests watch as page errors).
    console.error('A page failed to render:', error);
  }

  override render(): ReactNode {
    if (this.state.message !== null) return <PageFailed message={this.state.message} onReload={() => window.location.reload()} />;
    return this.props.children;
  }
}
