import { useEffect, useState } from 'react';
import type { DemoProgress } from '../../src-shared/contract/demo';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/Dialog';
import { toast } from '../components/Toast';
import { bridge, errorMessage } from '../lib/bridge';
import { useDemoStatus } from './useDemoStatus';
import './firstRun.css';

/** Every page says plainly when the numbers are sample data, and offers to remove the demo. */
export function DemoBanner() {
  const status = useDemoStatus();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<DemoProgress | null>(null);
  useEffect(() => bridge.on('demo.progress', setProgress), []);
  if (!status?.active) return null;

  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await bridge.call('demo.remove', {});
      toast(`Demo removed: ${result.connections} connections and ${result.customers} customers.`);
      setConfirming(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="demo-banner" role="status" data-testid="demo-banner">
      <span data-testid="demo-banner-text">
        <strong>Demo workspace — sample data.</strong>{' '}
        {status.problem ??
          (status.settingUp
            ? `${progress?.message ?? 'Setting up the sandboxes'}…`
            : 'Customers and usage come from local sandboxes, not from your vendors.')}
      </span>
      <Button size="small" variant="ghost" onClick={() => setConfirming(true)} disabled={status.settingUp}>
        Remove demo
      </Button>
      <ConfirmDialog
        open={confirming}
        title="Remove the demo workspace?"
        confirmLabel="Remove demo"
        busyLabel="Removing…"
        busy={busy}
        error={error}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        The three demo connections, their synced data, the demo customers and their alerts are deleted, and the local sandboxes
        stop. Your own connections and customers are kept.
      </ConfirmDialog>
    </div>
  );
}
