import { useEffect, useState } from 'react';
import type { DemoProgress } from '../../src-shared/contract/demo';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { ProgressBar } from '../components/ProgressBar';
import { bridge, errorMessage } from '../lib/bridge';
import { useCoreData } from '../lib/useCoreData';
import './firstRun.css';

const steps: DemoProgress['step'][] = ['sandboxes', 'customers', 'connect', 'sync', 'done'];

/**
 * First run, no connections yet: the demo workspace in one click (local vendor sandboxes, a demo
 * portfolio, a full back-fill), or a real connection in Settings.
 */
export function FirstRunPanel() {
  const [progress, setProgress] = useState<DemoProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const connections = useCoreData(() => bridge.call('connections.list', {}), ['connections']);
  useEffect(() => bridge.on('demo.progress', setProgress), []);

  const open = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await bridge.call('demo.start', {});
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const at = progress ? steps.indexOf(progress.step) : -1;
  // Offered on a workspace without connections only; once the demo's connections exist, the set-up
  // keeps showing its progress until it ends.
  if (!busy && (connections.value === null || connections.value.length > 0)) return null;
  return (
    <div className="first-run" data-testid="first-run">
      <div className="first-run-choice">
        <h3>Try Pulse on sample data</h3>
        <p>
          Opens a demo workspace: local Amplitude, Mixpanel and Pendo sandboxes on this computer, a demo portfolio of 60 customers
          and 120 days of usage. Nothing leaves this computer; you can remove the demo later.
        </p>
        <Button variant="primary" busy={busy} busyLabel="Setting up the demo…" onClick={() => void open()}>
          Open demo workspace
        </Button>
        {busy && progress ? (
          <div className="first-run-progress" role="status" aria-live="polite">
            <ProgressBar value={Math.max(at, 0) + 1} max={steps.length} label="Demo set-up" />
            <span data-testid="demo-progress">{progress.message}</span>
          </div>
        ) : null}
        {error ? (
          <Notice tone="error" title="The demo could not be set up.">
            {error}
          </Notice>
        ) : null}
      </div>
      <div className="first-run-choice">
        <h3>Use your own data</h3>
        <p>Connect Pendo, Amplitude or Mixpanel with an API key. Keys stay in this computer's keychain.</p>
        <a className="button" href="#/settings">
          Add a connection
        </a>
      </div>
    </div>
  );
}
