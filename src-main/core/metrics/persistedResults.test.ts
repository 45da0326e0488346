import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openInProcessCore } from '../../../test/support/coreHarness';
import { HealthEngine } from '../health/engine';
import { createTestWorkspace, daysFrom, type TestWorkspace } from '../health/testWorkspace';
import { portfolioHealth } from '../health/views';
import type { Core } from '../index';
import { silentLogger } from '../ports';
import { SettingsRepository } from '../settings';
import { flushDerivedResults, openStore, type Store } from '../store';
import { accountMetrics } from './accountMetrics';
import { addDays } from './calendar';
import type { MetricsContext } from './context';
import { connectionFeatureUsage } from './featureMatrix';
import { warmPortfolioMemos, warmTomorrowMemos } from './memoWarmer';
import { portfolioMetrics } from './portfolio';

/**
 * The portfolio-wide results are kept in the workspace: a core started later on the same file (here: a
 * second store, whose memory is empty) answers from the persisted rows while their key matches, and
 * recomputes as soon as anything they read changed. "From the persisted rows" is proven by hiding the
 * tables they are computed from (a computation would fail), never by timing.
 */
const HISTORY = { from: '2026-01-01', through: '2026-04-19' };
const KEY_EVENTS = ['Signed Up', 'Created Project'];
const WINDOW = { from: '2026-03-21', to: '2026-04-19' };
let ws: TestWorkspace;
let engine: HealthEngine;
const opened: Store[] = [];

beforeEach(async () => {
  ws = await createTestWorkspace({ today: '2026-04-20', keyEvents: KEY_EVENTS });
  ws.connection('amp', 'amplitude', HISTORY);
  const keyEvent = ws.store.sqlite.prepare(
    `insert into key_events (connection_id, window_key, account_id, user_key, event_name, ts) values ('amp', 'w', ?, ?, ?, ?)`,
  );
  for (const id of ['steady', 'fading', 'new']) {
    ws.customer(id, { accounts: [['amp', `acct-${id}`]], owner: 'Ana' });
    for (let u = 1; u <= 4; u++) {
      const days = daysFrom(HISTORY.from, HISTORY.through).filter(
        (d, i) => (i + u) % 3 === 0 && (id !== 'fading' || d < '2026-04-01'),
      );
      ws.activity('amp', `acct-${id}`, `${id}-u${u}`, days);
      ws.feature('amp', `acct-${id}`, `${id}-u${u}`, u % 2 ? 'Open' : 'Share', days);
      keyEvent.run(`acct-${id}`, `${id}-u${u}`, 'Signed Up', Date.parse('2026-03-02T10:00:00Z') + u);
      if (u <= (id === 'steady' ? 3 : 1))
        keyEvent.run(`acct-${id}`, `${id}-u${u}`, 'Created Project', Date.parse('2026-03-03T10:00:00Z') + u);
    }
  }
  // The settings the health engine (and the fill) read are those of ws.ctx.
  await new SettingsRepository(ws.store, ws.ctx.clock).update({
    timezone: 'UTC',
    weekStart: 'monday',
    lookbackDays: 2,
    keyEvents: KEY_EVENTS,
  });
  engine = engineOn(ws.store);
  await engine.recompute();
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  await ws.close();
});

function engineOn(store: Store, warm = false, logger = silentLogger): HealthEngine {
  return new HealthEngine({
    store,
    clock: ws.ctx.clock,
    settings: new SettingsRepository(store, ws.ctx.clock),
    logger,
    warmMemosAfterRecompute: warm,
  });
}

/** What a freshly started core sees: a new connection to the same file, nothing in memory. */
async function restarted(settings: Partial<MetricsContext['settings']> = {}, clock = ws.ctx.clock) {
  const store = await openStore({ path: ws.store.path, clock, logger: silentLogger });
  opened.push(store);
  const ctx: MetricsContext = { store, clock, settings: { ...ws.ctx.settings, ...settings } };
  return { store, ctx, engine: engineOn(store) };
}

/**
 * Every portfolio-wide result the pages ask for, computed (or read back) by a core started now, and
 * persisted: afterwards every slot holds the current key.
 */
async function computeAndPersist() {
  const { store, ctx, engine } = await restarted();
  const answers = {
    portfolio: portfolioMetrics(ctx),
    features: connectionFeatureUsage(ctx, 'amp', 'event', WINDOW, '2026-04-20'),
    benchmark: accountMetrics(ctx, { customerId: 'steady' }).onboarding?.benchmark,
    health: engine.portfolio(),
  };
  flushDerivedResults(store.sqlite);
  return answers;
}

const names = (store: Store) =>
  (store.sqlite.prepare('select name from derived_results order by name').all() as Array<{ name: string }>).map((r) => r.name);

/** Moves the tables the results are computed from out of the way (renamed, not changed: no key moves). */
function hideSources(store: Store, hide: boolean) {
  for (const table of ['activity_days', 'item_days', 'key_events', 'health_snapshots', 'alerts'])
    store.sqlite.exec(hide ? `alter table ${table} rename to hidden_${table}` : `alter table hidden_${table} rename to ${table}`);
}

describe('portfolio-wide results kept across restarts', () => {
  it('a core started later on the same workspace answers from the persisted rows, equal to what was computed', async () => {
    const computed = await computeAndPersist();
    expect(computed.benchmark?.accounts).toBeGreaterThan(0);
    expect(names(ws.store)).toEqual(['features|amp|event|30', 'funnel|amp|Onboarding', 'health.portfolio', 'portfolio']);

    const next = await restarted();
    hideSources(next.store, true);
    // Computing any of these would fail now ("no such table"): the answers come from the persisted rows.
    expect(portfolioMetrics(next.ctx)).toEqual(computed.portfolio);
    expect(connectionFeatureUsage(next.ctx, 'amp', 'event', WINDOW, '2026-04-20')).toEqual(computed.features);
    expect(next.engine.portfolio()).toEqual(computed.health);
    expect(() => next.engine.portfolio('ana')).toThrow(/no such table/); // owner-filtered answers are not persisted
    hideSources(next.store, false);
    // The benchmark is read back by the account page (its own funnel is computed): a planted row shows.
    const planted = '{"conversion":0.125,"accounts":7}';
    ws.store.sqlite
      .prepare("update derived_results set json = ?, checksum = ? where name = 'funnel|amp|Onboarding'")
      .run(planted, createHash('sha256').update(planted).digest('hex').slice(0, 32));
    const third = await restarted();
    expect(accountMetrics(third.ctx, { customerId: 'fading' }).onboarding?.benchmark).toEqual({ conversion: 0.125, accounts: 7 });
  });

  it('reading the persisted rows back writes nothing, and persisting does not make health.portfolio recompute', async () => {
    const computed = await computeAndPersist();
    const next = await restarted();
    const before = next.store.sqlite.prepare('select total_changes() as n').get();
    expect(next.engine.portfolio()).toEqual(computed.health);
    const first = next.engine.portfolio();
    expect(portfolioMetrics(next.ctx)).toEqual(computed.portfolio);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(next.store.sqlite.prepare('select total_changes() as n').get()).toEqual(before);
    // A computed result is persisted after the answer; the memo of health.portfolio survives that write.
    next.store.sqlite.exec('delete from derived_results');
    const health = next.engine.portfolio();
    connectionFeatureUsage(next.ctx, 'amp', 'event', { from: '2026-04-13', to: '2026-04-19' }, '2026-04-20');
    await new Promise((resolve) => setImmediate(resolve));
    expect(names(next.store)).toEqual(['features|amp|event|7']);
    expect(next.engine.portfolio()).toBe(health);
    expect(first).toEqual(health);
  });

  /** The answer of a core started after the change, checked against one computed from scratch. */
  async function afterChange(change: () => void | Promise<void>, settings: Partial<MetricsContext['settings']> = {}, days = 0) {
    const computed = await computeAndPersist();
    const keysBefore = dataKeys(ws.store);
    await change();
    const clock = { now: () => ws.ctx.clock.now() + days * 86_400_000 };
    const next = await restarted(settings, clock);
    const answers = {
      portfolio: portfolioMetrics(next.ctx),
      health: next.engine.portfolio(),
      features: connectionFeatureUsage(next.ctx, 'amp', 'event', WINDOW, addDays('2026-04-20', days)),
    };
    const scratch = await restarted(settings, clock);
    scratch.store.sqlite.exec('delete from derived_results');
    expect(answers.portfolio).toEqual(portfolioMetrics(scratch.ctx));
    expect(answers.health).toEqual(portfolioHealth(scratch.store, scratch.engine.config()));
    expect(answers.features).toEqual(connectionFeatureUsage(scratch.ctx, 'amp', 'event', WINDOW, addDays('2026-04-20', days)));
    // The slots whose key moved (recomputed, then persisted under the new key), whether or not the answer differs.
    flushDerivedResults(next.store.sqlite);
    const keysAfter = dataKeys(next.store);
    const moved = Object.keys(keysAfter).filter((name) => keysAfter[name] !== keysBefore[name]);
    return { computed, answers, moved };
  }
  const dataKeys = (store: Store) =>
    Object.fromEntries(
      (store.sqlite.prepare('select name, data_key as k from derived_results').all() as Array<{ name: string; k: string }>).map(
        (r) => [r.name, r.k],
      ),
    );
  const METRICS = ['features|amp|event|30', 'portfolio'];
  const row = (answer: ReturnType<typeof portfolioMetrics>, id: string) => answer.rows.find((r) => r.customerId === id);

  it('recomputes after a sync committed a window with new data', async () => {
    const { computed, answers, moved } = await afterChange(() => {
      ws.activity('amp', 'acct-fading', 'fading-late', ['2026-04-18', '2026-04-19'], 50);
      ws.feature('amp', 'acct-fading', 'fading-late', 'Export', ['2026-04-19']);
      ws.store.sqlite.prepare('update sync_windows set committed_at = committed_at + 1').run();
    });
    expect(row(answers.portfolio, 'fading')?.events30d).toBe((row(computed.portfolio, 'fading')?.events30d ?? 0) + 100);
    expect(answers.features.totals.get('Export')).toBe(1);
    expect(moved.sort()).toEqual(METRICS);
  });

  it('recomputes after a window re-committed while the clock was behind (an earlier time, the same count)', async () => {
    // A laptop whose clock went back an hour: the re-synced day lands with an older committed_at than the
    // newest window, so neither the largest timestamp nor the number of windows moves.
    const db = ws.store.sqlite;
    db.prepare(
      `insert into sync_windows (connection_id, stream, window_key, run_id, events_read, rows_written, min_day, max_day, committed_at)
       values ('amp', 'events', 'later', 1, 0, 0, '2026-04-19', '2026-04-19', ?)`,
    ).run(ws.ctx.clock.now());
    const newest = () => db.prepare('select max(committed_at) as at, count(*) as n from sync_windows').get();
    const { computed, answers, moved } = await afterChange(() => {
      const before = newest();
      ws.activity('amp', 'acct-fading', 'fading-late', ['2026-04-19'], 7);
      db.prepare("update sync_windows set committed_at = ? where window_key = 'all'").run(ws.ctx.clock.now() - 3_600_000);
      expect(newest()).toEqual(before);
    });
    expect(row(answers.portfolio, 'fading')?.events30d).toBe((row(computed.portfolio, 'fading')?.events30d ?? 0) + 7);
    expect(moved.sort()).toEqual(METRICS);
  });

  it('recomputes after an account is linked', async () => {
    const { answers, moved } = await afterChange(() => {
      ws.activity('amp', 'acct-extra', 'extra-u1', ['2026-04-19'], 9);
      ws.store.sqlite
        .prepare(
          `insert into account_links (connection_id, account_id, customer_id, method, confidence, linked_at) values ('amp', 'acct-extra', 'new', 'manual', 1, ?)`,
        )
        .run(ws.ctx.clock.now() + 1);
    });
    expect(row(answers.portfolio, 'new')?.activeUsers30d).toBe(5);
    expect(moved.sort()).toEqual(METRICS);
  });

  it('recomputes after a customer is edited (name, owner) or added', async () => {
    const { answers, moved } = await afterChange(() => {
      ws.store.sqlite
        .prepare("update customers set name = 'Steady Renamed', updated_at = updated_at + 1 where id = 'steady'")
        .run();
      ws.customer('later', { owner: 'Bo' });
    });
    expect(row(answers.portfolio, 'steady')?.name).toBe('Steady Renamed');
    expect(answers.health.rows.find((r) => r.customer.id === 'later')?.customer.owner).toBe('Bo');
    expect(moved.sort()).toEqual(['features|amp|event|30', 'health.portfolio', 'portfolio']);
  });

  it('recomputes after a settings change (time zone, week start, provisional days)', async () => {
    // Kiritimati (UTC+14) is already on the 21st at 12:00 UTC.
    for (const settings of [{ timezone: 'Pacific/Kiritimati' }, { weekStart: 'sunday' as const }, { lookbackDays: 5 }]) {
      const { answers, moved } = await afterChange(() => {}, settings);
      expect(moved.sort()).toEqual(METRICS);
      if (settings.timezone) expect(answers.portfolio.today).toBe('2026-04-21');
    }
  });

  it('recomputes after the day rolled over', async () => {
    const { computed, answers, moved } = await afterChange(() => {}, {}, 1);
    expect(moved.sort()).toEqual(METRICS);
    expect(answers.portfolio.today).toBe('2026-04-21');
    expect(computed.portfolio.today).toBe('2026-04-20');
  });

  it('recomputes health after a recompute, an alert action, or a configuration change', async () => {
    const changes = [
      async () => {
        // A sync: new days committed with their window, then the recompute that follows it.
        for (let u = 1; u <= 6; u++)
          ws.activity('amp', 'acct-fading', `fading-back-${u}`, daysFrom('2026-04-05', HISTORY.through), 20);
        ws.store.sqlite.prepare('update sync_windows set committed_at = committed_at + 1').run();
        await engine.recompute({ customerIds: ['fading'], full: true });
      },
      async () => {
        const open = await engine.listAlerts({ statuses: ['open'], limit: 10 });
        expect(open.length).toBeGreaterThan(0);
        engine.updateAlert((open[0] as { id: number }).id, 'resolve', null);
      },
      () => {
        ws.store.sqlite.prepare("delete from health_snapshots where customer_id = 'steady' and day = '2026-04-19'").run();
      },
      async () => {
        const current = engine.config();
        await engine.setConfig({ ...current.config, trendArrowPoints: current.config.trendArrowPoints + 1 }, current.version);
      },
    ];
    for (const change of changes) {
      const { computed, answers, moved } = await afterChange(change);
      expect(answers.health).not.toEqual(computed.health);
      expect(moved).toContain('health.portfolio');
    }
  });

  it('recomputes a damaged row instead of serving it', async () => {
    await computeAndPersist();
    ws.store.sqlite.exec(`update derived_results set json = substr(json, 1, 40) where name = 'portfolio'`);
    const next = await restarted();
    const scratch = await restarted();
    scratch.store.sqlite.exec('delete from derived_results');
    expect(portfolioMetrics(next.ctx)).toEqual(portfolioMetrics(scratch.ctx));
  });

  it('the fill after a recompute leaves the persisted rows the next start reads', async () => {
    ws.store.sqlite.exec('delete from derived_results');
    const logged: string[] = [];
    const warming = engineOn(ws.store, true, { log: (_level, message) => logged.push(message) });
    await warming.recompute({ customerIds: ['steady'] });
    await vi.waitFor(() => expect(logged).toContain("tomorrow's portfolio memos filled"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(names(ws.store)).toEqual([
      'features|amp|event|30',
      'features|amp|event|30.next',
      'funnel|amp|Onboarding',
      'funnel|amp|Onboarding.next',
      'health.portfolio',
      'portfolio',
      'portfolio.next',
    ]);
    const next = await restarted();
    hideSources(next.store, true);
    expect(portfolioMetrics(next.ctx)).toEqual(portfolioMetrics(ws.ctx));
    expect(next.engine.portfolio()).toEqual(warming.portfolio());
    hideSources(next.store, false);
  });

  describe("the next day's first open", () => {
    const tomorrow = { now: () => ws.ctx.clock.now() + 86_400_000 };
    /** The fill a sync's recompute runs today (and tomorrow's, in a quiet moment), persisted. */
    async function fillToday() {
      const today = await restarted();
      expect((await warmPortfolioMemos(today.ctx)).completed).toBe(true);
      expect((await warmTomorrowMemos(today.ctx)).completed).toBe(true);
      flushDerivedResults(today.store.sqlite);
    }
    async function fromScratchTomorrow() {
      const scratch = await restarted({}, tomorrow);
      scratch.store.sqlite.exec('delete from derived_results');
      return portfolioMetrics(scratch.ctx);
    }

    it("reads what the fill computed the day before (portfolio rows, the account page's benchmarks), when nothing was synced since", async () => {
      await fillToday();
      const next = await restarted({}, tomorrow);
      const TOMORROW_WINDOW = { from: '2026-03-22', to: '2026-04-20' };
      hideSources(next.store, true);
      const answer = portfolioMetrics(next.ctx);
      const features = connectionFeatureUsage(next.ctx, 'amp', 'event', TOMORROW_WINDOW, '2026-04-21');
      hideSources(next.store, false);
      // The account page reads its own account's rows too (no hiding): the benchmark's key is the one
      // precomputed, which the copy into the slot's own row shows.
      const benchmark = accountMetrics(next.ctx, { customerId: 'steady' }).onboarding?.benchmark;
      // Copied into the day's own slot, so the next start that day reads it from there.
      flushDerivedResults(next.store.sqlite);
      const keys = dataKeys(next.store);
      for (const name of ['portfolio', 'features|amp|event|30', 'funnel|amp|Onboarding'])
        expect(keys[name], name).toBe(keys[`${name}.next`]);
      const later = await restarted({}, tomorrow);
      later.store.sqlite.exec("delete from derived_results where name like '%.next'");
      hideSources(later.store, true);
      expect(portfolioMetrics(later.ctx)).toEqual(answer);
      hideSources(later.store, false);
      // And all of it equals what tomorrow computes from scratch.
      expect(answer.today).toBe('2026-04-21');
      expect(answer).toEqual(await fromScratchTomorrow());
      const scratch = await restarted({}, tomorrow);
      expect(benchmark).toEqual(accountMetrics(scratch.ctx, { customerId: 'steady' }).onboarding?.benchmark);
      expect(benchmark?.accounts).toBeGreaterThan(0);
      expect(features).toEqual(connectionFeatureUsage(scratch.ctx, 'amp', 'event', TOMORROW_WINDOW, '2026-04-21'));
    });

    it("keeps today's rows for the rest of today", async () => {
      const computed = await computeAndPersist();
      await fillToday();
      const again = await restarted();
      hideSources(again.store, true);
      expect(portfolioMetrics(again.ctx)).toEqual(computed.portfolio);
      hideSources(again.store, false);
    });

    it('recomputes instead when a sync committed a window in between', async () => {
      await fillToday();
      ws.activity('amp', 'acct-fading', 'fading-late', ['2026-04-20'], 11);
      ws.store.sqlite.prepare("update sync_windows set max_day = '2026-04-20'").run();
      const next = await restarted({}, tomorrow);
      const answer = portfolioMetrics(next.ctx);
      expect(answer).toEqual(await fromScratchTomorrow());
      expect(answer.rows.find((r) => r.customerId === 'fading')?.events30d).toBeGreaterThanOrEqual(11);
    });
  });
});

describe('a core started on the same workspace', () => {
  async function startCore(): Promise<Core> {
    return openInProcessCore({ dataDir: dirname(ws.store.path), clock: ws.ctx.clock });
  }
  const portfolioPage = async (core: Core) => ({
    metrics: await core.handlers['metrics.portfolio']({}, {} as never),
    health: await core.handlers['health.portfolio']({ owner: null }, {} as never),
  });

  it("answers the portfolio page's first open from the rows the previous core persisted", async () => {
    const first = await startCore();
    const computed = await portfolioPage(first);
    await new Promise((resolve) => setImmediate(resolve));
    await first.close();

    const second = await startCore();
    try {
      hideSources(ws.store, true);
      expect(await portfolioPage(second)).toEqual(computed);
    } finally {
      hideSources(ws.store, false);
      await second.close();
    }
  });
});
