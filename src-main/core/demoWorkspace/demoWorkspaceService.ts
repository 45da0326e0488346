import {
  CoreError,
  type CoreEvents,
  type DemoStatus,
  type EventName,
  type Settings,
  type SettingsPatch,
} from '../../../src-shared/contract';
import type { RunningSandboxes } from '../demo';
import type { Clock, Logger } from '../ports';
import type { Store } from '../store';
import { type DemoRecord, deleteDemoRecord, readDemoRecord, writeDemoRecord } from './demoRecord';
import { type ContractCaller, DEMO_CONNECTION_LABELS, type DemoSettings, demoSettings } from './setUpDemoWorkspace';

/**
 * The sandboxes and the portfolio generator load on first use: most workspaces are not the demo, and
 * the core worker (restarted after a crash) should not pay for them at start-up.
 */
const demoModule = () => import('../demo');
const setUpModule = () => import('./setUpDemoWorkspace');

export interface DemoWorkspaceDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  emit<E extends EventName>(name: E, payload: CoreEvents[E]): void;
  /** The core's own handlers (bound after they exist), so the set-up takes the paths a user's would. */
  caller(): ContractCaller;
  /** Cancels a connection's running sync before its connection is removed. */
  cancelSync(connectionId: string): void;
}

/** The demo sandboxes are local and unmetered; their Mixpanel budgets would only slow the demo down. */
const sandboxLimits = { mixpanelQueryLimitPerHour: 100_000, mixpanelExportLimitPerSecond: 1_000_000 } as const;

/**
 * The first-run demo workspace, owned by the core: starts the vendor sandboxes in this process, sets
 * the workspace up through the contract, remembers that it is the demo, and on every later open starts
 * the sandboxes again and points the demo connections at their new loopback ports.
 */
export class DemoWorkspaceService {
  private sandboxes: RunningSandboxes | null = null;
  private settingUp = false;
  private problem: string | null = null;

  constructor(private readonly deps: DemoWorkspaceDeps) {}

  async status(): Promise<DemoStatus> {
    const record = await readDemoRecord(this.deps.store);
    return {
      active: record !== null,
      sandboxesRunning: this.sandboxes !== null,
      settingUp: this.settingUp,
      accounts: record?.accounts ?? null,
      days: record?.days ?? null,
      connectionIds: record?.connectionIds ?? [],
      problem: this.problem,
    };
  }

  async start(options: { accounts: number; days: number; seed: number }): Promise<DemoStatus> {
    if (this.settingUp) throw new CoreError('CONFLICT', 'The demo workspace is being set up already; wait for it to finish.');
    if (await readDemoRecord(this.deps.store))
      throw new CoreError('CONFLICT', 'This workspace is the demo already. Remove it first to set it up again.');
    const caller = this.deps.caller();
    const existing = await caller.call('connections.list', {});
    if (existing.length > 0) {
      throw new CoreError(
        'CONFLICT',
        'The demo needs an empty workspace, and this one has connections. Open a new workspace to try the demo.',
      );
    }
    this.settingUp = true;
    this.problem = null;
    const say = (step: CoreEvents['demo.progress']['step'], message: string) =>
      this.deps.emit('demo.progress', { step, message });
    try {
      say('sandboxes', 'Starting the local Amplitude, Mixpanel and Pendo sandboxes');
      const [{ startSandboxes }, { setUpDemoWorkspace }] = await Promise.all([demoModule(), setUpModule()]);
      this.sandboxes = await startSandboxes({ ...options, clock: this.deps.clock, ...sandboxLimits });
      const current = await caller.call('settings.get', {});
      const settings = {
        before: { timezone: current.timezone, backfillDays: current.backfillDays, lookbackDays: current.lookbackDays },
        set: demoSettings(this.sandboxes.portfolio.days),
      };
      const base: Omit<DemoRecord, 'connectionIds'> = { ...options, createdAt: this.deps.clock.now(), settings };
      await setUpDemoWorkspace(
        caller,
        this.sandboxes,
        (progress) => say(progress.step, progress.message),
        // Remembered as soon as the connections exist, so a restart mid back-fill still finds the sandboxes.
        (connections) =>
          writeDemoRecord(this.deps.store, this.deps.clock, { ...base, connectionIds: connections.map((c) => c.id) }),
      );
      say('done', 'The demo workspace is ready');
    } catch (error) {
      say('failed', `The demo could not be set up: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    } finally {
      this.settingUp = false;
      this.deps.emit('data.changed', { scopes: ['settings', 'connections', 'customers', 'metrics', 'alerts', 'sync'] });
    }
    return this.status();
  }

  /**
   * On open: when the workspace is the demo, start its sandboxes again (same seed, so the same
   * portfolio) and re-point the demo connections, whose old ports died with the last process.
   */
  async restore(): Promise<void> {
    const record = await readDemoRecord(this.deps.store);
    if (!record || this.sandboxes) return;
    try {
      const { startSandboxes } = await demoModule();
      this.sandboxes = await startSandboxes({
        seed: record.seed,
        accounts: record.accounts,
        days: record.days,
        clock: this.deps.clock,
        ...sandboxLimits,
      });
      const urls: Record<string, string> = {
        amplitude: this.sandboxes.amplitude.baseUrl,
        mixpanel: this.sandboxes.mixpanel.baseUrl,
        pendo: this.sandboxes.pendo.baseUrl,
      };
      const rows = await this.deps.store.db
        .selectFrom('connections')
        .select(['id', 'vendor'])
        .where('id', 'in', record.connectionIds.length > 0 ? record.connectionIds : [''])
        .execute();
      for (const row of rows) {
        const url = urls[row.vendor];
        if (!url) continue;
        await this.deps.store.db
          .updateTable('connections')
          .set({ base_url: url, updated_at: this.deps.clock.now() })
          .where('id', '=', row.id)
          .execute();
      }
      this.problem = null;
    } catch (error) {
      this.problem = `The demo sandboxes could not be started again (${error instanceof Error ? error.message : String(error)}); syncs of the demo connections will fail until Pulse restarts.`;
      this.deps.logger.log('error', 'demo sandboxes did not restart', { error: String(error) });
    }
  }

  /** Removes the demo's connections (their synced data goes with them), its customers and the sandboxes. */
  async remove(): Promise<{ removed: boolean; connections: number; customers: number }> {
    if (this.settingUp) throw new CoreError('CONFLICT', 'The demo workspace is being set up; wait for it to finish first.');
    const record = await readDemoRecord(this.deps.store);
    if (!record) return { removed: false, connections: 0, customers: 0 };
    const caller = this.deps.caller();
    const demoLabels = new Set<string>(Object.values(DEMO_CONNECTION_LABELS));
    const connections = (await caller.call('connections.list', {})).filter(
      (c) => record.connectionIds.includes(c.id) || demoLabels.has(c.label),
    );
    for (const connection of connections) {
      this.deps.cancelSync(connection.id);
      await caller.call('connections.remove', { connection: connection.id });
    }
    // The demo's customers are the generated portfolio's: same seed and size give the same domains.
    const { generatePortfolio } = await demoModule();
    const domains = generatePortfolio({
      seed: record.seed,
      accounts: record.accounts,
      days: record.days,
      now: this.deps.clock.now(),
    }).customers.map((c) => c.domain);
    const deleted = await this.deps.store.db.deleteFrom('customers').where('domain', 'in', domains).executeTakeFirst();
    if (record.settings) {
      const patch = settingsToGiveBack(await caller.call('settings.get', {}), record.settings);
      if (Object.keys(patch).length > 0) await caller.call('settings.update', { patch });
    }
    await deleteDemoRecord(this.deps.store);
    await this.close();
    this.deps.emit('data.changed', { scopes: ['settings', 'connections', 'customers', 'metrics', 'alerts', 'sync'] });
    return { removed: true, connections: connections.length, customers: Number(deleted.numDeletedRows) };
  }

  async close(): Promise<void> {
    const sandboxes = this.sandboxes;
    this.sandboxes = null;
    await sandboxes?.close();
  }
}

/**
 * The user's earlier value of each setting the demo changed, unless the user has changed it since (then
 * their newer choice stays).
 */
export function settingsToGiveBack(now: Settings, demo: { before: DemoSettings; set: DemoSettings }): SettingsPatch {
  const patch: SettingsPatch = {};
  if (now.timezone === demo.set.timezone && demo.before.timezone !== demo.set.timezone) patch.timezone = demo.before.timezone;
  if (now.backfillDays === demo.set.backfillDays && demo.before.backfillDays !== demo.set.backfillDays)
    patch.backfillDays = demo.before.backfillDays;
  if (now.lookbackDays === demo.set.lookbackDays && demo.before.lookbackDays !== demo.set.lookbackDays)
    patch.lookbackDays = demo.before.lookbackDays;
  return patch;
}
