import { useEffect, useState } from 'react';
import { formatNumber } from '../../src-shared/charts/format';
import type { CoreEvents } from '../../src-shared/contract';
import { EmptyState } from '../components/EmptyState';
import { bridge } from '../lib/bridge';

type Progress = CoreEvents['sync.progress'];

const phaseLabels: Record<Progress['phase'], string> = {
  starting: 'Starting',
  downloading: 'Downloading',
  writing: 'Writing',
  computing: 'Computing metrics',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Live sync progress from the core's `sync.progress` events; the run history arrives with issue 6. */
export function SyncPage() {
  const [runs, setRuns] = useState<Record<string, Progress>>({});
  useEffect(
    () =>
      bridge.on('sync.progress', (progress) => {
        setRuns((previous) => ({ ...previous, [progress.connectionId]: progress }));
      }),
    [],
  );
  const list = Object.values(runs);

  return (
    <div className="page">
      <p className="page-lead">Each connection's runs: progress while syncing, then history with errors and accuracy checks.</p>
      {list.length === 0 ? (
        <EmptyState
          icon="sync"
          title="No connections yet"
          actions={
            <a className="button primary" href="#/settings">
              Open Settings
            </a>
          }
        >
          <p>
            Add Pendo, Amplitude or Mixpanel in Settings. Each connection syncs daily; a running sync shows its progress here.
          </p>
        </EmptyState>
      ) : (
        <section className="card" aria-label="Syncs in this session">
          <h2>Syncs in this session</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Phase</th>
                <th scope="col">Window</th>
                <th scope="col" className="numeric">
                  Events read
                </th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {list.map((run) => (
                <tr key={run.connectionId}>
                  <td className="mono">{run.connectionId}</td>
                  <td>
                    <span className={`pill pill-${run.phase}`}>{phaseLabels[run.phase]}</span>
                  </td>
                  <td>{run.windows > 0 ? `${run.window} of ${run.windows}` : '–'}</td>
                  <td className="numeric">{formatNumber(run.eventsRead)}</td>
                  <td>{run.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
