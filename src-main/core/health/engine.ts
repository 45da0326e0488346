import type {
  AlertAction,
  AlertRuleType,
  AlertStatus,
  AlertSummary,
  CustomerHealth,
  HealthConfig,
  HealthConfigState,
  HealthPreview,
  PortfolioHealth,
} from '../../../src-shared/contract';
import { AlertStore } from '../alerts';
import { findCustomer, type MetricsContext, warmPortfolioMemos, warmTomorrowMemos } from '../metrics';
import type { Clock, Logger } from '../ports';
import type { SettingsRepository } from '../settings';
import { inputGeneration, memoUntilChanged, rememberedResult, type Store } from '../store';
import type { TaskThreads } from '../threads';
import { HealthConfigRepository } from './configRepository';
import type { RecomputeOptions, RecomputeSummary } from './recompute';
import { recomputeOnThreads } from './recomputeOnThreads';
import { customerHealth, portfolioHealth, previewHealth } from './views';

export interface HealthEngineDeps {
  store: Store;
  clock: Clock;
  settings: SettingsRepository;
  logger: Logger;
  /**
   * Long-lived hosts fill the portfolio-wide metric memos right after each recompute (which follows every
   * sync), so the first page opened afterwards does not pay for them; a CLI run exits instead.
   */
  warmMemosAfterRecompute?: boolean;
  /** Where a large recompute can start a second thread (absent: everything runs on this thread). */
  threads?: TaskThreads | null;
  /**
   * Resolves true in a quiet moment (no request for a while), false to give up (`stillWanted` turned
   * false): tomorrow's memos are filled then. Absent: right after today's.
   */
  quietMoment?: (stillWanted: () => boolean) => Promise<boolean>;
}

const engines = new WeakMap<Store, HealthEngine>();

/**
 * Health scores and alerts for one workspace: configuration, recompute (after each sync, on
 * configuration and settings changes), the read views and the alert lifecycle. One instance per store
 * (`healthEngineFor`), so recomputes from the sync hook and from a settings change run one at a time.
 */
export class HealthEngine {
  private readonly configs: HealthConfigRepository;
  private queue: Promise<unknown> = Promise.resolve();
  private recomputing = 0;
  private warmScheduled = false;
  /** Moves with each fill, so a fill still waiting for a quiet moment gives way to a newer one. */
  private warmGeneration = 0;

  constructor(private readonly deps: HealthEngineDeps) {
    this.configs = new HealthConfigRepository(deps.store, deps.clock);
  }

  config(): HealthConfigState {
    return this.configs.get();
  }

  /** Saves the configuration (version + 1) and recomputes every customer's history and alerts. */
  async setConfig(config: HealthConfig, expectedVersion?: number | null): Promise<HealthConfigState> {
    const saved = this.configs.set(config, expectedVersion);
    await this.recompute({ full: true });
    return saved;
  }

  /** Serialised: a recompute waits for the one in flight. */
  recompute(options: RecomputeOptions = {}): Promise<RecomputeSummary> {
    const run = async (): Promise<RecomputeSummary> => {
      const started = this.deps.clock.now();
      try {
        const summary = await recomputeOnThreads(
          await this.context(),
          this.configs.get(),
          started,
          { yieldBetween: () => new Promise((resolve) => setImmediate(resolve)), ...options },
          this.deps.threads ?? null,
          this.deps.logger,
        );
        this.deps.logger.log('info', 'health recomputed', { ...summary, ms: this.deps.clock.now() - started });
        return summary;
      } finally {
        this.recomputing--;
        this.scheduleMemoWarming();
      }
    };
    this.recomputing++;
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The SyncEngine's afterSync hook: the customers linked to the connection, from the first touched day. */
  async afterSync(connectionId: string, touched: { from: string; to: string } | null): Promise<RecomputeSummary> {
    const ids = (
      this.deps.store.sqlite
        .prepare('select distinct customer_id as id from account_links where connection_id = ?')
        .all(connectionId) as Array<{
        id: string;
      }>
    ).map((r) => r.id);
    return this.recompute({ customerIds: ids, fromDay: touched?.from ?? null });
  }

  async customer(query: string): Promise<CustomerHealth> {
    const ctx = await this.context();
    return customerHealth(this.deps.store, this.configs.get(), findCustomer(ctx, query).id);
  }

  /**
   * Read on every portfolio open. Memoised until anything in the database changes; behind that, keyed on
   * what it reads (the generation the triggers of migration 0009 move on every write to snapshots, alerts
   * and customers, and the configuration's version), so an unrelated write costs a lookup, not a
   * recompute, and the whole portfolio's answer is kept in the workspace for the next start.
   */
  portfolio(owner?: string | null): PortfolioHealth {
    const { store } = this.deps;
    return memoUntilChanged(store.sqlite, `health.portfolio|${owner ?? ''}`, () => {
      const config = this.configs.get();
      const key = [
        'health.portfolio',
        owner ?? '',
        inputGeneration(store.sqlite, 'health'),
        config.version,
        config.config.trendArrowPoints,
      ].join('|');
      // Only the unfiltered answer (what the page opens with) is persisted: one row, not one per owner typed.
      return rememberedResult(
        store.sqlite,
        key,
        () => portfolioHealth(store, config, owner),
        owner ? undefined : { name: 'health.portfolio' },
      );
    });
  }

  preview(config: HealthConfig): HealthPreview {
    return previewHealth(this.deps.store, config);
  }

  async listAlerts(filter: {
    statuses: AlertStatus[];
    owner?: string | null;
    customer?: string | null;
    rule?: AlertRuleType | null;
    limit: number;
  }): Promise<AlertSummary[]> {
    const customerId = filter.customer ? findCustomer(await this.context(), filter.customer).id : null;
    return new AlertStore(this.deps.store.sqlite).list({ ...filter, customerId });
  }

  updateAlert(id: number, action: AlertAction, note: string | null): AlertSummary {
    return new AlertStore(this.deps.store.sqlite).update(id, action, note, this.deps.clock.now());
  }

  /**
   * After the answer has gone out (setImmediate), and only once no other recompute is waiting (a sync of
   * several connections recomputes per connection): a failure is logged, the page computes it instead.
   */
  private scheduleMemoWarming(): void {
    if (!this.deps.warmMemosAfterRecompute || this.warmScheduled) return;
    this.warmScheduled = true;
    setImmediate(async () => {
      this.warmScheduled = false;
      if (this.recomputing > 0 || !this.deps.store.sqlite.open) return;
      const started = this.deps.clock.now();
      try {
        const ctx = await this.context();
        // Closed meanwhile, inside another task's open transaction (whose writes might be rolled back), or a
        // recompute queued (it fills them again when done): leave it to the first page.
        const usable = () => this.deps.store.sqlite.open && !this.deps.store.sqlite.inTransaction && this.recomputing === 0;
        if (!usable()) return;
        // The portfolio page's health first (it changed with the recompute), kept for the next start too.
        this.portfolio();
        // Pauses between steps and customers so requests sent meanwhile are answered in between.
        const pause = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(usable())));
        const warmed = await warmPortfolioMemos(ctx, pause);
        this.deps.logger.log('info', 'portfolio memos filled', { ...warmed, ms: this.deps.clock.now() - started });
        // Tomorrow's, for the next day's first opens; a newer recompute (a sync) makes them moot.
        const generation = ++this.warmGeneration;
        const wanted = () => usable() && generation === this.warmGeneration;
        if (!warmed.completed || !(await (this.deps.quietMoment ?? (async () => true))(wanted)) || !wanted()) return;
        const aheadStarted = this.deps.clock.now();
        const ahead = await warmTomorrowMemos(
          await this.context(),
          () => new Promise<boolean>((resolve) => setImmediate(() => resolve(wanted()))),
        );
        this.deps.logger.log('info', "tomorrow's portfolio memos filled", { ...ahead, ms: this.deps.clock.now() - aheadStarted });
      } catch (error) {
        this.deps.logger.log('warn', 'filling the portfolio memos failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    });
  }

  private async context(): Promise<MetricsContext> {
    return { store: this.deps.store, clock: this.deps.clock, settings: await this.deps.settings.get() };
  }
}

/** The workspace's engine (created on first use). */
export function healthEngineFor(deps: HealthEngineDeps): HealthEngine {
  let engine = engines.get(deps.store);
  if (!engine) {
    engine = new HealthEngine(deps);
    engines.set(deps.store, engine);
  }
  return engine;
}
