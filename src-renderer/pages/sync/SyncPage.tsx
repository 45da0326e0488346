import { useCallback, useEffect, useState } from 'react';
import { formatDay, formatNumber } from '../../../src-shared/charts/format';
import type {
  ConnectionSummary,
  CoreEvents,
  ScheduledConnectionStatus,
  SchedulerStatus,
  SyncRunSummary,
} from '../../../src-shared/contract';
import { StatusPill, VendorBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { plainError } from '../../components/errors';
import { formatDateTime, formatDuration, formatRelative } from '../../components/format';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { ProgressBar } from '../../components/ProgressBar';
import { toast } from '../../components/Toast';
import { bridge } from '../../lib/bridge';
import { useSettings } from '../../lib/settings';
import { useCoreData } from '../../lib/useCoreData';
import { accuracyText, outcomeLabel, outcomeTone, triggerLabel } from './runText';
import './sync.css';

type Progress = CoreEvents['sync.progress'];
const terminal = new Set<Progress['phase']>(['done', 'failed', 'cancelled']);

const phaseLabels: Record<Progress['phase'], string> = {
  starting: 'Starting',
  downloading: 'Downloading',
  writing: 'Saving',
  computing: 'Updating accounts and users',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Live progress per connection from `sync.progress`, kept until the run's final event. */
function useLiveProgress(): Record<string, Progress> {
  const [live, setLive] = useState<Record<string, Progress>>({});
  useEffect(
    () =>
      bridge.on('sync.progress', (progress) => {
        setLive((previous) => ({ ...previous, [progress.connectionId]: progress }));
      }),
    [],
  );
  return live;
}

export function SyncPage() {
  const connections = useCoreData(() => bridge.call('connections.list', {}), ['connections', 'sync']);
  const runs = useCoreData(() => bridge.call('sync.runs', { connection: null, limit: 20 }), ['sync', 'connections']);
  const schedule = useCoreData(() => bridge.call('scheduler.status', {}), ['sync', 'connections', 'settings']);
  const live = useLiveProgress();
  const { settings } = useSettings();
  const [starting, setStarting] = useState<Record<string, boolean>>({});
  const [failures, setFailures] = useState<Record<string, string>>({});
  const list = connections.value ?? [];
  const labels = new Map(list.map((c) => [c.id, c]));

  const syncNow = useCallback(
    async (connection: ConnectionSummary): Promise<void> => {
      setStarting((previous) => ({ ...previous, [connection.id]: true }));
      setFailures(({ [connection.id]: _, ...rest }) => rest);
      try {
        const [run] = await bridge.call('sync.run', { connection: connection.id, full: false });
        if (run?.outcome === 'succeeded') toast(`${connection.label} synced: ${formatNumber(run.eventsRead)} events.`);
        else if (run?.outcome === 'cancelled') toast(`${connection.label}: sync cancelled. Finished windows were kept.`, 'info');
        else if (run?.outcome === 'failed') toast(`${connection.label}: sync failed. The reason is on its card.`, 'error');
      } catch (error) {
        setFailures((previous) => ({ ...previous, [connection.id]: plainError(error) }));
      } finally {
        setStarting(({ [connection.id]: _, ...rest }) => rest);
        connections.reload();
        runs.reload();
      }
    },
    [connections.reload, runs.reload],
  );

  const syncAll = async (): Promise<void> => {
    setStarting(Object.fromEntries(list.map((c) => [c.id, true])));
    setFailures({});
    try {
      const done = await bridge.call('sync.run', { connection: null, full: false });
      const failed = done.filter((run) => run.outcome !== 'succeeded').length;
      const events = done.reduce((sum, run) => sum + run.eventsRead, 0);
      toast(
        failed === 0
          ? `All connections synced: ${formatNumber(events)} events.`
          : `${failed} of ${done.length} syncs did not succeed. See the cards.`,
        failed === 0 ? 'success' : 'error',
      );
    } catch (error) {
      toast(plainError(error), 'error');
    } finally {
      setStarting({});
      connections.reload();
      runs.reload();
    }
  };

  const cancel = async (connection: ConnectionSummary): Promise<void> => {
    try {
      const { cancelled } = await bridge.call('sync.cancel', { connection: connection.id });
      if (!cancelled) toast(`${connection.label} was not syncing.`, 'info');
    } catch (error) {
      setFailures((previous) => ({ ...previous, [connection.id]: plainError(error) }));
    }
  };

  const anyRunning = list.some((c) => isRunning(c, live[c.id], starting[c.id]));

  if (connections.status === 'loading') {
    return (
      <div className="page">
        <div className="card">
          <Loading label="Loading connections…" />
        </div>
      </div>
    );
  }

  return (
    <div className="page sync-page">
      <div className="sync-lead">
        <p className="page-lead">
          Each connection’s latest sync, live progress while it runs, and the history with errors and accuracy checks.
        </p>
        {list.length > 1 ? (
          <Button variant="primary" disabled={anyRunning} onClick={() => void syncAll()}>
            Sync all now
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

      {list.length === 0 && connections.status === 'ready' ? (
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
            Add Pendo, Amplitude or Mixpanel in Settings → Connections. Each connection then syncs here, with its progress and
            history.
          </p>
        </EmptyState>
      ) : (
        <>
          <ScheduleLine status={schedule.value} syncTime={settings?.syncTime} timeZone={settings?.timezone} />
          <ul className="sync-cards" aria-label="Connections">
            {list.map((connection) => (
              <SyncCard
                key={connection.id}
                connection={connection}
                progress={live[connection.id]}
                starting={starting[connection.id] ?? false}
                failure={failures[connection.id] ?? null}
                timeZone={settings?.timezone}
                scheduled={
                  schedule.value?.active ? schedule.value.connections.find((c) => c.connectionId === connection.id) : undefined
                }
                onSync={() => void syncNow(connection)}
                onCancel={() => void cancel(connection)}
              />
            ))}
          </ul>
          <section className="card" aria-labelledby="sync-history">
            <h2 id="sync-history">History</h2>
            <p className="muted">
              The last 20 runs across all connections, newest first. Times in{' '}
              {settings?.timezone.replaceAll('_', ' ') ?? 'the reporting time zone'}.
            </p>
            {runs.status === 'error' ? (
              <Notice tone="error" title="The history could not be loaded.">
                {runs.error}
              </Notice>
            ) : null}
            {runs.value ? (
              <RunHistory runs={runs.value} connections={labels} timeZone={settings?.timezone} />
            ) : runs.status === 'loading' ? (
              <Loading label="Loading history…" />
            ) : null}
          </section>
        </>
      )}
    </div>
  );
}

/** The daily schedule in one sentence, from the scheduler when it answers, else from the settings. */
function ScheduleLine({
  status,
  syncTime,
  timeZone,
}: {
  status: SchedulerStatus | null;
  syncTime: string | null | undefined;
  timeZone: string | undefined;
}) {
  const time = status ? status.syncTime : syncTime;
  const zone = (status?.timeZone ?? timeZone ?? 'UTC').replaceAll('_', ' ');
  if (time === undefined) return null;
  return (
    <p className="schedule-line muted">
      {time === null ? (
        <>
          Scheduled syncs are off: connections sync when you press Sync now. <a href="#/settings">Turn on a daily sync</a>
        </>
      ) : status && !status.active ? (
        <>
          A daily sync at <strong>{time}</strong> ({zone} time) is set, but this Pulse session does not run the schedule: sync by
          hand here. <a href="#/settings">Change the schedule</a>
        </>
      ) : (
        <>
          Scheduled: every day at <strong>{time}</strong> ({zone} time) while Pulse is running. <a href="#/settings">Change</a>
        </>
      )}
    </p>
  );
}

function isRunning(connection: ConnectionSummary, progress: Progress | undefined, starting: boolean | undefined): boolean {
  if (starting) return true;
  if (progress) return !terminal.has(progress.phase);
  return connection.lastRun?.outcome === 'running';
}

function progressText(progress: Progress | undefined): string {
  if (!progress) return 'Starting…';
  const parts: string[] = [phaseLabels[progress.phase]];
  if (progress.windows > 0) {
    const current = progress.phase === 'downloading' ? Math.min(progress.window + 1, progress.windows) : progress.window;
    parts.push(`window ${current} of ${progress.windows}`);
  }
  parts.push(`${formatNumber(progress.eventsRead)} events`);
  return parts.join(' · ');
}

function SyncCard({
  connection,
  progress,
  starting,
  failure,
  timeZone,
  scheduled,
  onSync,
  onCancel,
}: {
  connection: ConnectionSummary;
  progress: Progress | undefined;
  starting: boolean;
  failure: string | null;
  timeZone: string | undefined;
  /** Present when this session runs the daily schedule. */
  scheduled: ScheduledConnectionStatus | undefined;
  onSync(): void;
  onCancel(): void;
}) {
  // The event for this run wins over the (possibly older) last run from the list.
  const currentProgress = progress && (!connection.lastRun || progress.runId >= connection.lastRun.id) ? progress : undefined;
  const running = isRunning(connection, currentProgress, starting);
  const run = connection.lastRun;
  const headingId = `sync-${connection.id}`;
  return (
    <li className="card sync-card" aria-labelledby={headingId} data-running={running ? 'true' : undefined}>
      <div className="sync-card-head">
        <div className="connection-title">
          <VendorBadge vendor={connection.vendor} />
          <h2 id={headingId}>{connection.label}</h2>
        </div>
        <div className="button-row">
          {running ? (
            <Button onClick={onCancel} aria-label={`Cancel the sync of ${connection.label}`}>
              Cancel
            </Button>
          ) : null}
          <Button
            variant="primary"
            onClick={onSync}
            busy={running}
            busyLabel="Syncing…"
            aria-label={running ? `${connection.label} is syncing` : `Sync ${connection.label} now`}
          >
            Sync now
          </Button>
        </div>
      </div>

      <div className="sync-live" aria-live="polite">
        {running ? (
          <div className="sync-progress" data-testid="sync-progress">
            <ProgressBar
              label={`Sync progress of ${connection.label}`}
              value={currentProgress && currentProgress.windows > 0 ? currentProgress.window : null}
              max={currentProgress && currentProgress.windows > 0 ? currentProgress.windows : null}
            />
            <p className="sync-progress-text">{progressText(currentProgress)}</p>
          </div>
        ) : null}
      </div>

      {failure ? (
        <Notice tone="error" title="The sync could not start.">
          {failure}
        </Notice>
      ) : null}

      <dl className="sync-facts">
        <div>
          <dt>Last run</dt>
          <dd>
            {run ? (
              <>
                <StatusPill tone={outcomeTone(run.outcome)}>{outcomeLabel(run.outcome)}</StatusPill>{' '}
                <span>{formatRelative(run.finishedAt ?? run.startedAt)}</span>
                <span className="muted"> · {formatDateTime(run.startedAt, timeZone)}</span>
              </>
            ) : (
              <span className="muted">Never synced. Press Sync now for the first one.</span>
            )}
          </dd>
        </div>
        {run ? (
          <>
            <div>
              <dt>Events</dt>
              <dd data-testid="last-run-events">{formatNumber(run.eventsRead)}</dd>
            </div>
            <div>
              <dt>Accuracy</dt>
              <dd title="How closely Pulse's stored totals match the vendor's own totals for the same days.">
                {accuracyText(run.accuracyPct)}
              </dd>
            </div>
            <div>
              <dt>Took</dt>
              <dd>{run.finishedAt ? formatDuration(run.finishedAt - run.startedAt) : '–'}</dd>
            </div>
          </>
        ) : null}
        <div>
          <dt>Data through</dt>
          <dd>{connection.dataThrough ? formatDay(connection.dataThrough) : <span className="muted">No data yet</span>}</dd>
        </div>
        {scheduled?.nextDueAt ? (
          <div>
            <dt>Next run</dt>
            <dd data-testid="next-run">
              {scheduled.overdueSince ? 'Catching up now' : formatRelative(scheduled.nextDueAt)}
              <span className="muted"> · {formatDateTime(scheduled.nextDueAt, timeZone)}</span>
            </dd>
          </div>
        ) : null}
      </dl>
      {run && run.outcome !== 'succeeded' && run.outcome !== 'running' && run.errorMessage ? (
        <p className={`sync-error ${run.outcome === 'failed' ? 'bad' : 'warn'}`}>{run.errorMessage}</p>
      ) : null}
      {run && run.warnings.length > 0 ? (
        <details className="sync-warnings">
          <summary>
            {run.warnings.length} {run.warnings.length === 1 ? 'warning' : 'warnings'}
          </summary>
          <ul>
            {run.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

function RunHistory({
  runs,
  connections,
  timeZone,
}: {
  runs: SyncRunSummary[];
  connections: Map<string, ConnectionSummary>;
  timeZone: string | undefined;
}) {
  const columns: Array<Column<SyncRunSummary>> = [
    {
      key: 'started',
      header: 'Started',
      cell: (run) => (
        <div className="history-when">
          <span>{formatDateTime(run.startedAt, timeZone)}</span>
          <span className="muted">
            {triggerLabel(run.trigger)}
            {run.fullResync ? ' · full re-sync' : ''}
            {run.finishedAt ? ` · took ${formatDuration(run.finishedAt - run.startedAt)}` : ''}
          </span>
        </div>
      ),
    },
    {
      key: 'connection',
      header: 'Connection',
      cell: (run) => {
        const connection = connections.get(run.connectionId);
        return connection ? (
          <span className="history-connection">
            <span className={`vendor-dot vendor-${connection.vendor}`} aria-hidden="true" />
            {connection.label}
          </span>
        ) : (
          <span className="muted">Removed connection</span>
        );
      },
    },
    {
      key: 'outcome',
      header: 'Outcome',
      cell: (run) => <StatusPill tone={outcomeTone(run.outcome)}>{outcomeLabel(run.outcome)}</StatusPill>,
    },
    {
      key: 'windows',
      header: 'Windows',
      numeric: true,
      cell: (run) => (run.windowsTotal > 0 ? `${formatNumber(run.windowsDone)} / ${formatNumber(run.windowsTotal)}` : '–'),
    },
    { key: 'events', header: 'Events', numeric: true, cell: (run) => formatNumber(run.eventsRead) },
    {
      key: 'rejected',
      header: 'Rejected',
      numeric: true,
      cell: (run) => (run.eventsRejected > 0 ? formatNumber(run.eventsRejected) : <span className="muted">0</span>),
    },
    { key: 'accuracy', header: 'Accuracy', numeric: true, cell: (run) => accuracyText(run.accuracyPct) },
    {
      key: 'notes',
      header: 'Errors and warnings',
      wide: true,
      cell: (run) => {
        const notes = [
          ...(run.errorMessage && run.outcome !== 'succeeded' ? [run.errorMessage] : []),
          ...run.warnings,
          ...(run.retries > 0 ? [`${run.retries} ${run.retries === 1 ? 'retry' : 'retries'}`] : []),
        ];
        return notes.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <ul className="history-notes">
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        );
      },
    },
  ];
  return (
    <DataTable
      caption="Sync history"
      captionHidden
      columns={columns}
      rows={runs}
      rowKey={(run) => run.id}
      empty="No syncs yet. Press Sync now on a connection above."
    />
  );
}
