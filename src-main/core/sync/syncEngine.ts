import type { CoreEvents, SyncRunSummary } from '../../../src-shared/contract';
import { CoreError } from '../../../src-shared/contract';
import { type ConnectionRecord, type ConnectionRepository, toRunSummary } from '../connections';
import { sweepStaleDownloadFolders } from '../connectors/downloadFolders';
import { isVendorError, VendorError } from '../connectors/http';
import type { Connector, FetchContext, RequestBudget, SyncWindow } from '../connectors/types';
import { createLocalDayResolver, createPseudonymizer, type WindowAggregate, WindowAggregator, WindowWriter } from '../ingest';
import type { SecretScrubber } from '../logging';
import type { Clock, Logger, SecretStore } from '../ports';
import { pruneOldData } from '../pruning';
import { syncSavedReports } from '../savedReports';
import type { SettingsRepository } from '../settings';
import { describeSqliteError, isSqliteError, type Store } from '../store';
import { measureAccuracy } from './accuracy';
import { ConnectionLimiters } from './connectionLimiters';
import { syncVendorEntities } from './entities';
import { type RateBudget, realSleep, type Sleep } from './rateLimiter';
import { defaultRetryPolicy, nextRetryDelay, type RetryPolicy } from './retryPolicy';
import { describeWindowGroup, nextWindowGroup, type PreviousGroup } from './windowGroups';
import { workspaceUserKeySecret } from './workspaceSecret';

type AggregatorOptions = ConstructorParameters<typeof WindowAggregator>[0];

export interface SyncEngineDeps {
  store: Store;
  connections: ConnectionRepository;
  settings: SettingsRepository;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  scrubber: SecretScrubber;
  emit<E extends 'sync.progress' | 'data.changed'>(name: E, payload: CoreEvents[E]): void;
  createConnector(record: ConnectionRecord, secrets: Record<string, string>): Connector;
  rateBudget(record: ConnectionRecord, budget?: RequestBudget): RateBudget;
  /** Runs after a successful sync with the days it touched (metrics and health recompute). */
  afterSync?(connectionId: string, touchedDays: { from: string; to: string } | null): Promise<void>;
  /**
   * Called when a sync's windows are done, and again when the sync ended (or stopped): parse threads kept
   * warm between windows end, and the windows' garbage is collected before the recompute grows the heap.
   */
  windowsDone?(): Promise<void>;
  /**
   * Called after the windows of one multi-window request are committed: their aggregates (up to
   * GROUP_EVENT_BUDGET events' worth) are garbage now, and the core collects them (~30 ms, a few times a
   * back-fill). Measured in two pairs of 239k-event Mixpanel syncs: the step after the windows peaked at
   * 200 and 195 MB with it, 291 and 223 MB without; the windows' own peak did not change.
   */
  windowGroupDone?(): void;
  sleep?: Sleep;
  retryPolicy?: RetryPolicy;
  random?: () => number;
}

export interface SyncRequest {
  trigger: 'manual' | 'schedule' | 'catch-up' | 'cli' | 'demo';
  full?: boolean;
}

/**
 * Runs syncs: one at a time per connection (a second request joins the one in flight), windows
 * oldest first, each committed in its own transaction with its checkpoint, retries with backoff for
 * transient failures, a plain reason for permanent ones, and a run record either way.
 */
export class SyncEngine {
  private readonly inFlight = new Map<string, { controller: AbortController; promise: Promise<SyncRunSummary> }>();
  private readonly limiters = new Map<string, ConnectionLimiters>();
  private readonly writer: WindowWriter;

  constructor(private readonly deps: SyncEngineDeps) {
    this.writer = new WindowWriter(deps.store.sqlite);
  }

  /** A run still marked "running" at start-up was killed with its process: say so. */
  async markInterruptedRuns(): Promise<number> {
    const result = await this.deps.store.db
      .updateTable('sync_runs')
      .set({
        outcome: 'interrupted',
        finished_at: this.deps.clock.now(),
        error_code: 'CANCELLED',
        error_message:
          'Pulse stopped while this sync was running. Committed windows were kept; the next sync resumes from there.',
      })
      .where('outcome', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  isRunning(connectionId: string): boolean {
    return this.inFlight.has(connectionId);
  }

  runningConnectionIds(): string[] {
    return [...this.inFlight.keys()];
  }

  cancel(connectionId: string): boolean {
    const run = this.inFlight.get(connectionId);
    if (!run) return false;
    run.controller.abort(new VendorError('CANCELLED', 'The sync was cancelled.', false));
    return true;
  }

  async run(idOrLabel: string, request: SyncRequest): Promise<SyncRunSummary> {
    const record = await this.deps.connections.find(idOrLabel);
    const existing = this.inFlight.get(record.id);
    if (existing) return existing.promise;
    const controller = new AbortController();
    const promise = this.execute(record, request, controller.signal)
      .catch((error: unknown) => {
        // Before the run record exists (or when it cannot be written) SQLite's error surfaces here.
        throw isSqliteError(error) ? describeSqliteError(error, this.deps.store.path) : error;
      })
      .finally(() => this.inFlight.delete(record.id));
    this.inFlight.set(record.id, { controller, promise });
    return promise;
  }

  private async execute(record: ConnectionRecord, request: SyncRequest, signal: AbortSignal): Promise<SyncRunSummary> {
    const { store, clock } = this.deps;
    const inserted = await store.db
      .insertInto('sync_runs')
      .values({
        connection_id: record.id,
        trigger: request.trigger,
        full_resync: request.full ? 1 : 0,
        started_at: clock.now(),
        outcome: 'running',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const runId = inserted.id;
    const counters = { windowsTotal: 0, windowsDone: 0, eventsRead: 0, eventsRejected: 0, rowsWritten: 0, retries: 0 };
    const warnings: string[] = [];
    const progress = (phase: CoreEvents['sync.progress']['phase'], message: string | null = null): void =>
      this.deps.emit('sync.progress', {
        connectionId: record.id,
        runId,
        phase,
        window: counters.windowsDone,
        windows: counters.windowsTotal,
        eventsRead: counters.eventsRead,
        message,
      });
    progress('starting');
    const touched: { from: string | null; to: string | null } = { from: null, to: null };

    try {
      const secrets = await this.deps.connections.secretsOf(record);
      for (const value of Object.values(secrets)) this.deps.scrubber.remember(value);
      const connector = this.deps.createConnector(record, secrets);
      // Download folders of syncs that were killed (an Amplitude export can be gigabytes of temp space).
      if (record.vendor === 'amplitude') await sweepStaleDownloadFolders();
      const settings = await this.deps.settings.get();
      const pseudonymize = createPseudonymizer(await workspaceUserKeySecret(this.deps.secrets), record.id);
      const limiter = this.limiterFor(record);
      const context: FetchContext = { signal, schedule: (call, budget) => limiter.schedule(call, signal, budget) };

      const checkpoint = await store.db
        .selectFrom('sync_streams')
        .select('checkpoint')
        .where('connection_id', '=', record.id)
        .orderBy('updated_at', 'desc')
        .executeTakeFirst();
      const windows = connector.planWindows({
        checkpoint: request.full ? null : (checkpoint?.checkpoint ?? null),
        now: clock.now(),
        backfillDays: settings.backfillDays,
        lookbackDays: settings.lookbackDays,
        full: request.full ?? false,
      });
      if (request.full) for (const stream of new Set(windows.map((w) => w.stream))) this.writer.clearStream(record.id, stream);
      counters.windowsTotal = windows.length;
      await this.saveCounters(runId, counters);
      let previousCheckpoint = request.full ? null : (checkpoint?.checkpoint ?? null);

      const aggregatorOptions: AggregatorOptions = {
        timeZone: settings.timezone,
        pseudonymize,
        keepReadableIds: settings.storeReadableUserIds,
        keyEvents: new Set(settings.keyEvents),
        breakdownProperties: settings.breakdownProperties,
      };
      // Windows oldest first; a connector that can (Mixpanel) fetches several in one request, each still
      // committed on its own with its checkpoint, in order.
      let previousGroup = connector.fetchWindows ? this.storedVolume(record.id, windows[0]?.stream) : null;
      for (let next = 0; next < windows.length; ) {
        this.throwIfCancelled(signal);
        const group = nextWindowGroup(windows, next, connector, previousGroup);
        next += group.length;
        const aggregates: Array<WindowAggregate | null> = await this.fetchWithRetries(
          connector,
          group,
          context,
          limiter,
          counters,
          progress,
          signal,
          aggregatorOptions,
        );
        let busiestWindowEvents = 0;
        for (const [i, window] of group.entries()) {
          const aggregate = aggregates[i] as WindowAggregate;
          aggregates[i] = null; // committed below: the rest of the group need not keep it
          busiestWindowEvents = Math.max(busiestWindowEvents, aggregate.stats.eventsRead);
          const nextCheckpoint = connector.checkpointAfter(window, previousCheckpoint);
          counters.rowsWritten += this.writer.commit({
            connectionId: record.id,
            stream: window.stream,
            windowKey: window.key,
            runId,
            checkpoint: nextCheckpoint,
            aggregate,
            now: clock.now(),
          });
          previousCheckpoint = nextCheckpoint;
          counters.windowsDone++;
          counters.eventsRead += aggregate.stats.eventsRead;
          counters.eventsRejected += aggregate.stats.rejected;
          if (aggregate.stats.rejected > 0) {
            const reasons = Object.entries(aggregate.stats.rejectReasons)
              .map(([reason, n]) => `${n}× ${reason}`)
              .join('; ');
            warnings.push(
              this.deps.scrubber
                .scrub(`Window ${window.key}: ${aggregate.stats.rejected} record(s) could not be read (${reasons}).`)
                .slice(0, 500),
            );
          }
          const { minDay, maxDay } = aggregate.stats;
          if (minDay && (touched.from === null || minDay < touched.from)) touched.from = minDay;
          if (maxDay && (touched.to === null || maxDay > touched.to)) touched.to = maxDay;
          await this.saveCounters(runId, counters);
          progress('writing', `Window ${window.key} saved`);
        }
        previousGroup = { windows: group.length, busiestWindowEvents };
        if (group.length > 1) this.deps.windowGroupDone?.();
      }

      await this.deps.windowsDone?.().catch(() => undefined);
      this.throwIfCancelled(signal);
      progress('computing', 'Syncing accounts, users and catalogues');
      warnings.push(
        ...(await syncVendorEntities({
          store,
          clock,
          connector,
          record,
          context,
          pseudonymize,
          settings,
          logger: this.deps.logger,
        })),
      );
      warnings.push(
        ...(await syncSavedReports({
          store,
          connector,
          connectionId: record.id,
          context,
          now: () => clock.now(),
          logger: this.deps.logger,
          scrub: (text) => this.deps.scrubber.scrub(text),
        })),
      );
      const accuracy = await measureAccuracy({ store, connector, record, context, clock }).catch((error: unknown) => {
        warnings.push(`Accuracy check skipped: ${this.describe(error)}`);
        return null;
      });
      const today = createLocalDayResolver(settings.timezone)(clock.now());
      const pruned = pruneOldData(store, { today, retentionMonths: settings.retentionMonths });
      if (pruned.deletedRows > 0)
        this.deps.logger.log('info', 'pruned usage past the retention horizon', { ...pruned, connectionId: record.id });
      if (this.deps.afterSync) {
        await this.deps.afterSync(record.id, touched.from && touched.to ? { from: touched.from, to: touched.to } : null);
      }

      await store.db
        .updateTable('sync_runs')
        .set({
          outcome: 'succeeded',
          finished_at: clock.now(),
          accuracy_pct: accuracy?.pct ?? null,
          accuracy_json: accuracy ? JSON.stringify(accuracy.samples) : null,
          details_json: JSON.stringify({ warnings }),
        })
        .where('id', '=', runId)
        .execute();
      progress('done', `${counters.eventsRead.toLocaleString('en-US')} events synced`);
    } catch (thrown) {
      // A full disk or a workspace locked by another Pulse process is the user's to fix: say which.
      const error = isSqliteError(thrown) ? describeSqliteError(thrown, store.path) : thrown;
      const cancelled = signal.aborted || (isVendorError(error) && error.code === 'CANCELLED');
      const message = cancelled ? 'The sync was cancelled. Committed windows were kept.' : this.describe(error);
      const code = cancelled ? 'CANCELLED' : error instanceof CoreError ? error.code : 'INTERNAL';
      if (!cancelled && !(error instanceof CoreError)) {
        this.deps.logger.log('error', 'sync failed unexpectedly', {
          connectionId: record.id,
          error: error instanceof Error ? error.stack : String(error),
        });
      }
      try {
        await store.db
          .updateTable('sync_runs')
          .set({
            outcome: cancelled ? 'cancelled' : 'failed',
            finished_at: clock.now(),
            error_code: code,
            error_message: message,
            details_json: JSON.stringify({ warnings }),
          })
          .where('id', '=', runId)
          .execute();
      } catch {
        // The disk may be too full even for the run record: the run is marked interrupted at the next
        // start, and the caller gets the reason rather than the failed bookkeeping.
        this.deps.logger.log('error', 'could not record the failed sync', { connectionId: record.id, code });
        throw error instanceof CoreError ? error : new CoreError('INTERNAL', message);
      }
      progress(cancelled ? 'cancelled' : 'failed', message);
    }
    await this.deps.windowsDone?.().catch(() => undefined);
    this.deps.emit('data.changed', { scopes: ['sync', 'connections', 'customers', 'metrics', 'alerts'] });
    const row = await store.db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    return toRunSummary(row);
  }

  /** Fetches one window, or a group of windows in one request, retrying the whole of it; one aggregate per window. */
  private async fetchWithRetries(
    connector: Connector,
    group: SyncWindow[],
    context: FetchContext,
    limiter: ConnectionLimiters,
    counters: { retries: number; eventsRead: number },
    progress: (phase: 'downloading', message: string | null) => void,
    signal: AbortSignal,
    aggregatorOptions: AggregatorOptions,
  ): Promise<WindowAggregate[]> {
    const policy = this.deps.retryPolicy ?? defaultRetryPolicy;
    const label = describeWindowGroup(group);
    for (let attempt = 1; ; attempt++) {
      const sinks = group.map(() => new WindowAggregator(aggregatorOptions));
      progress('downloading', `${group.length > 1 ? 'Windows' : 'Window'} ${label}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
      try {
        if (group.length > 1 && connector.fetchWindows) await connector.fetchWindows(group, sinks, context);
        else await connector.fetchWindow(group[0] as SyncWindow, sinks[0] as WindowAggregator, context);
        return sinks.map((sink) => sink.finish());
      } catch (error) {
        if (signal.aborted) throw new VendorError('CANCELLED', 'The sync was cancelled.', false);
        const delay = nextRetryDelay(error, attempt, policy, this.deps.random);
        if (delay === null) {
          if (isVendorError(error) && error.retryable) {
            throw new VendorError(
              error.code,
              `${error.message} Gave up on ${group.length > 1 ? 'windows' : 'window'} ${label} after ${attempt} attempts; the next sync resumes from here.`,
              false,
            );
          }
          throw error;
        }
        if (isVendorError(error) && error.code === 'VENDOR_RATE_LIMITED') limiter.pauseFor(delay);
        counters.retries++;
        this.deps.logger.log('warn', 'window failed, retrying', {
          window: label,
          attempt,
          delay,
          error: this.describe(error),
        });
        await (this.deps.sleep ?? realSleep)(delay, signal);
      }
    }
  }

  /**
   * What the stream's latest stored windows say of its volume (their busiest of the last 7), so an
   * incremental sync's first request can already cover several days (a daily Mixpanel sync: its
   * lookback days in one request, then today). Null when nothing is stored (a first or full sync).
   */
  private storedVolume(connectionId: string, stream: string | undefined): PreviousGroup | null {
    if (stream === undefined) return null;
    const row = this.deps.store.sqlite
      .prepare(
        `select count(*) as windows, max(events_read) as busiest from (
           select events_read from sync_windows where connection_id = ? and stream = ? order by window_key desc limit 7)`,
      )
      .get(connectionId, stream) as { windows: number; busiest: number | null };
    return row.windows > 0 ? { windows: row.windows, busiestWindowEvents: row.busiest ?? 0 } : null;
  }

  private limiterFor(record: ConnectionRecord): ConnectionLimiters {
    let limiter = this.limiters.get(record.id);
    if (!limiter) {
      limiter = new ConnectionLimiters(
        (budget) => this.deps.rateBudget(record, budget),
        this.deps.clock,
        this.deps.sleep ?? realSleep,
      );
      this.limiters.set(record.id, limiter);
    }
    return limiter;
  }

  private async saveCounters(
    runId: number,
    c: {
      windowsTotal: number;
      windowsDone: number;
      eventsRead: number;
      eventsRejected: number;
      rowsWritten: number;
      retries: number;
    },
  ) {
    await this.deps.store.db
      .updateTable('sync_runs')
      .set({
        windows_total: c.windowsTotal,
        windows_done: c.windowsDone,
        events_read: c.eventsRead,
        events_rejected: c.eventsRejected,
        rows_written: c.rowsWritten,
        retries: c.retries,
      })
      .where('id', '=', runId)
      .execute();
  }

  private throwIfCancelled(signal: AbortSignal): void {
    if (signal.aborted) throw new VendorError('CANCELLED', 'The sync was cancelled.', false);
  }

  private describe(error: unknown): string {
    if (error instanceof CoreError) return this.deps.scrubber.scrub(error.message);
    return 'An unexpected error stopped the sync; the details were written to the log.';
  }
}
