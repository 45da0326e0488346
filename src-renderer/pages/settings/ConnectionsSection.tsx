import { useRef, useState } from 'react';
import { formatDay, formatNumber } from '../../../src-shared/charts/format';
import type { ConnectionSummary, ConnectionTestOutcome } from '../../../src-shared/contract';
import { StatusPill, VendorBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { plainError } from '../../components/errors';
import { formatDateTime, formatRelative } from '../../components/format';
import { Icon } from '../../components/Icon';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { toast } from '../../components/Toast';
import { bridge } from '../../lib/bridge';
import { useSettings } from '../../lib/settings';
import { useCoreData } from '../../lib/useCoreData';
import { outcomeLabel, outcomeTone } from '../sync/runText';
import { AddConnectionForm } from './AddConnectionForm';
import { SavedReportsPicker } from './SavedReportsPicker';
import { regionLabel, secretLabel } from './vendors';

type TestState = { kind: 'testing' } | { kind: 'done'; outcome: ConnectionTestOutcome } | { kind: 'error'; message: string };

export function ConnectionsSection() {
  const connections = useCoreData(() => bridge.call('connections.list', {}), ['connections', 'sync']);
  const [adding, setAdding] = useState(false);
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const [removing, setRemoving] = useState<ConnectionSummary | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const list = connections.value ?? [];

  const test = async (connection: ConnectionSummary): Promise<void> => {
    setTests((previous) => ({ ...previous, [connection.id]: { kind: 'testing' } }));
    try {
      const outcome = await bridge.call('connections.test', { connection: connection.id });
      setTests((previous) => ({ ...previous, [connection.id]: { kind: 'done', outcome } }));
    } catch (error) {
      setTests((previous) => ({ ...previous, [connection.id]: { kind: 'error', message: plainError(error) } }));
    }
  };

  const remove = async (): Promise<void> => {
    if (!removing) return;
    setRemoveBusy(true);
    setRemoveError(null);
    try {
      const { label } = await bridge.call('connections.remove', { connection: removing.id });
      setRemoving(null);
      toast(`Removed “${label}” and its keys.`);
      connections.reload();
    } catch (error) {
      setRemoveError(plainError(error));
    } finally {
      setRemoveBusy(false);
    }
  };

  return (
    <section className="settings-section" aria-labelledby="settings-connections" id="section-connections">
      <div className="section-head">
        <div>
          <h2 id="settings-connections">Connections</h2>
          <p className="muted">The product tools Pulse reads usage from. Keys stay in this computer’s keychain.</p>
        </div>
        {!adding && list.length > 0 ? (
          <Button ref={addButton} variant="primary" onClick={() => setAdding(true)}>
            <Icon name="plus" size={16} /> Add connection
          </Button>
        ) : null}
      </div>

      {connections.status === 'error' ? (
        <Notice tone="error" title="Connections could not be loaded.">
          {connections.error}{' '}
          <button type="button" className="button ghost" onClick={connections.reload}>
            Try again
          </button>
        </Notice>
      ) : null}

      {connections.status === 'loading' ? (
        <div className="card">
          <Loading label="Loading connections…" lines={2} />
        </div>
      ) : null}

      {adding ? (
        <AddConnectionForm
          existing={list}
          onCancel={() => {
            setAdding(false);
            requestAnimationFrame(() => addButton.current?.focus());
          }}
          onCreated={(created) => {
            setAdding(false);
            toast(`Saved “${created.label}”. Testing it now…`, 'info');
            connections.reload();
            void test(created);
          }}
        />
      ) : null}

      {connections.status !== 'loading' && list.length === 0 && !adding ? (
        <EmptyState
          icon="plug"
          title="No connections yet"
          actions={
            <Button variant="primary" onClick={() => setAdding(true)}>
              <Icon name="plus" size={16} /> Add connection
            </Button>
          }
        >
          <p>Add Pendo, Amplitude or Mixpanel with a read-only key. Pulse then syncs usage every day into this computer.</p>
        </EmptyState>
      ) : null}

      {list.length > 0 ? (
        <ul className="connection-list" aria-label="Connections">
          {list.map((connection) => (
            <ConnectionCard
              key={connection.id}
              connection={connection}
              test={tests[connection.id]}
              onTest={() => void test(connection)}
              onRemove={() => {
                setRemoveError(null);
                setRemoving(connection);
              }}
            />
          ))}
        </ul>
      ) : null}

      <ConfirmDialog
        open={removing !== null}
        title={`Remove “${removing?.label ?? ''}”?`}
        confirmLabel="Remove connection"
        busyLabel="Removing…"
        busy={removeBusy}
        error={removeError}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(null)}
      >
        <p>
          Pulse deletes its keys from the keychain and the usage it synced from this connection. Customers and their CRM data
          stay.
        </p>
        <p className="muted">
          Nothing changes in {removing ? vendorName(removing) : 'the vendor'} itself. You can add it again later.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function vendorName(connection: ConnectionSummary): string {
  return { amplitude: 'Amplitude', mixpanel: 'Mixpanel', pendo: 'Pendo' }[connection.vendor];
}

function ConnectionCard({
  connection,
  test,
  onTest,
  onRemove,
}: {
  connection: ConnectionSummary;
  test: TestState | undefined;
  onTest(): void;
  onRemove(): void;
}) {
  const { settings } = useSettings();
  const run = connection.lastRun;
  const headingId = `connection-${connection.id}`;
  return (
    <li className="card connection-card" aria-labelledby={headingId}>
      <div className="connection-head">
        <div className="connection-title">
          <VendorBadge vendor={connection.vendor} />
          <h3 id={headingId}>{connection.label}</h3>
        </div>
        <div className="button-row">
          <Button onClick={onTest} busy={test?.kind === 'testing'} busyLabel="Testing…" aria-label={`Test ${connection.label}`}>
            Test
          </Button>
          <Button variant="ghost" className="danger-text" onClick={onRemove} aria-label={`Remove ${connection.label}`}>
            Remove
          </Button>
        </div>
      </div>
      <dl className="connection-facts">
        <div>
          <dt>Region</dt>
          <dd>{regionLabel(connection.region)}</dd>
        </div>
        {connection.baseUrl ? (
          <div>
            <dt>Base URL</dt>
            <dd className="mono break">{connection.baseUrl}</dd>
          </div>
        ) : null}
        <div>
          <dt>Keys</dt>
          <dd className="key-list">
            {Object.entries(connection.secretsSet).map(([field, isSet]) => (
              <span key={field} className={isSet ? 'key-set' : 'key-missing'}>
                {secretLabel(connection.vendor, field)}: <strong>{isSet ? 'set' : 'missing'}</strong>
              </span>
            ))}
          </dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd>
            {run ? (
              <>
                <StatusPill tone={outcomeTone(run.outcome)}>{outcomeLabel(run.outcome)}</StatusPill>{' '}
                <span title={formatDateTime(run.startedAt, settings?.timezone)}>
                  {formatRelative(run.finishedAt ?? run.startedAt)}
                </span>
                {run.outcome === 'succeeded' ? ` · ${formatNumber(run.eventsRead)} events` : ''}
              </>
            ) : (
              <span className="muted">Never synced</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Data through</dt>
          <dd>{connection.dataThrough ? formatDay(connection.dataThrough) : <span className="muted">No data yet</span>}</dd>
        </div>
      </dl>
      {run?.outcome === 'failed' && run.errorMessage ? (
        <p className="connection-error">Last sync failed: {run.errorMessage}</p>
      ) : null}
      <div aria-live="polite">
        {test?.kind === 'done' ? (
          test.outcome.ok ? (
            <Notice tone="info" title="Connection works.">
              {test.outcome.message}
            </Notice>
          ) : (
            <Notice tone="error" title="The test failed.">
              {test.outcome.message}
              {test.outcome.suggestedRegion && test.outcome.suggestedRegion !== connection.region ? (
                <>
                  {' '}
                  The key seems to belong to the <strong>{regionLabel(test.outcome.suggestedRegion)}</strong> region: remove this
                  connection and add it again with that region.
                </>
              ) : null}
            </Notice>
          )
        ) : test?.kind === 'error' ? (
          <Notice tone="error" title="The test could not run.">
            {test.message}
          </Notice>
        ) : null}
      </div>
      <SavedReportsPicker connection={connection} />
      {run || connection.dataThrough ? null : (
        <p className="muted connection-next">
          Next: <a href="#/sync">run the first sync</a> on the Sync page.
        </p>
      )}
    </li>
  );
}
