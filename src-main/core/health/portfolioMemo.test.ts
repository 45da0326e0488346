import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandHandlers } from '../api/commandHandlers';
import type { CoreDeps } from '../api/context';
import { importCustomersCsv } from '../customers';
import { linkAccount } from '../mapping';
import { SettingsRepository } from '../settings';
import { HealthEngine } from './engine';
import { createTestWorkspace, daysFrom, type TestWorkspace } from './testWorkspace';
import { portfolioHealth } from './views';

/**
 * health.portfolio and commands.directory are memoised until the database changes. Each write path a
 * user can take must show up in the next answer: never a stale portfolio.
 */
const HISTORY = { from: '2026-01-01', through: '2026-04-19' };
let ws: TestWorkspace;
let engine: HealthEngine;
let settings: SettingsRepository;

beforeEach(async () => {
  ws = await createTestWorkspace({ today: '2026-04-20' });
  ws.connection('amp', 'amplitude', HISTORY);
  ws.catalogFeature('amp', 'Open', 'Open', true);
  for (const id of ['steady', 'fading']) {
    ws.customer(id, { accounts: [['amp', `acct-${id}`]], owner: 'Ana', name: id === 'steady' ? 'Steady Co' : 'Fading Inc' });
    for (let u = 1; u <= 6; u++) {
      const days = daysFrom(HISTORY.from, HISTORY.through).filter(
        (d, i) => (i + u) % 2 === 0 && (id === 'steady' || u <= 1 || d < '2026-03-25'),
      );
      ws.activity('amp', `acct-${id}`, `${id}-u${u}`, days);
      ws.feature('amp', `acct-${id}`, `${id}-u${u}`, 'Open', days);
    }
  }
  settings = new SettingsRepository(ws.store, ws.ctx.clock);
  await settings.update({ timezone: 'UTC', lookbackDays: 2 });
  engine = new HealthEngine({ store: ws.store, clock: ws.ctx.clock, settings, logger: { log: () => {} } });
  await engine.recompute();
});
afterEach(async () => {
  await ws.close();
});

/** The memoised answer, checked against one computed from scratch. */
function portfolio() {
  const answer = engine.portfolio();
  expect(answer).toEqual(portfolioHealth(ws.store, engine.config()));
  return answer;
}
const row = (answer: ReturnType<typeof portfolio>, id: string) => answer.rows.find((r) => r.customer.id === id);

describe('health.portfolio memo', () => {
  it('serves repeated opens from the memo while nothing changes', () => {
    const first = portfolio();
    expect(engine.portfolio()).toBe(first);
    expect(engine.portfolio('ana')).not.toBe(first);
    expect(engine.portfolio('nobody').rows).toEqual([]);
  });

  it('shows an alert resolved through alerts.update', async () => {
    const before = portfolio();
    const open = await engine.listAlerts({ statuses: ['open'], customer: 'fading', limit: 10 });
    expect(open.length).toBeGreaterThan(0);
    expect(row(before, 'fading')?.openAlerts).toBe(open.length);
    engine.updateAlert((open[0] as { id: number }).id, 'resolve', null);
    expect(row(portfolio(), 'fading')?.openAlerts).toBe(open.length - 1);
  });

  it('shows a new health configuration (health.config.set) and the recompute it runs', async () => {
    const before = portfolio();
    expect(before.configVersion).toBe(1);
    const current = engine.config().config;
    await engine.setConfig({ ...current, weights: { ...current.weights, engagement: current.weights.engagement + 10 } }, 1);
    const after = portfolio();
    expect(after.configVersion).toBe(2);
    expect(after).not.toEqual(before);
  });

  it('shows customers added or renamed by customers.import, and their links (mapping.link)', async () => {
    portfolio();
    const csv = 'id,name,owner\nnewco,New Co,Ana\nsteady,Steady Renamed,Ana\n';
    await importCustomersCsv(ws.store, ws.ctx.clock, csv);
    const after = portfolio();
    expect(row(after, 'newco')?.score).toBeNull();
    expect(row(after, 'steady')?.customer.name).toBe('Steady Renamed');
    await linkAccount(ws.store, ws.ctx.clock, { connectionId: 'amp', accountId: 'acct-new', customerId: 'newco' });
    ws.activity('amp', 'acct-new', 'new-u1', daysFrom('2026-03-01', HISTORY.through));
    await engine.recompute({ customerIds: ['newco'] });
    expect(row(portfolio(), 'newco')?.score).not.toBeNull();
  });

  it('shows the snapshots of a recompute after a sync committed new days', async () => {
    const before = portfolio();
    ws.store.sqlite.prepare("delete from health_snapshots where customer_id = 'steady'").run();
    expect(row(portfolio(), 'steady')?.score).toBeNull();
    await engine.afterSync('amp', { from: '2026-04-18', to: HISTORY.through });
    expect(row(portfolio(), 'steady')?.day).toBe(row(before, 'steady')?.day);
    expect(row(portfolio(), 'steady')?.score).not.toBeNull();
  });

  it('shows a change committed by another process (a CLI run on the same workspace)', () => {
    portfolio();
    const cli = new BetterSqlite3(ws.store.sqlite.name);
    try {
      cli.prepare("update customers set owner = 'Bo' where id = 'fading'").run();
    } finally {
      cli.close();
    }
    expect(row(portfolio(), 'fading')?.customer.owner).toBe('Bo');
    expect(engine.portfolio('bo').rows.map((r) => r.customer.id)).toEqual(['fading']);
  });
});

describe('commands.directory memo', () => {
  it('answers from the memo until the customer list changes, then lists the new customers', async () => {
    const directory = commandHandlers({ store: ws.store, settings } as unknown as CoreDeps)['commands.directory'];
    const first = await directory({}, {} as never);
    expect(first.map((c) => c.id)).toEqual(['fading', 'steady']);
    expect(await directory({}, {} as never)).toBe(first);
    await importCustomersCsv(ws.store, ws.ctx.clock, 'id,name,domain\nacme,Acme,acme.com\n');
    expect(await directory({}, {} as never)).toEqual([
      { id: 'acme', name: 'Acme', domain: 'acme.com' },
      { id: 'fading', name: 'Fading Inc', domain: null },
      { id: 'steady', name: 'Steady Co', domain: null },
    ]);
  });
});

describe('filling the portfolio-wide memos after a recompute', () => {
  it('runs once the recompute has answered, for every linked connection, when the host asks for it', async () => {
    const logged: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
    const warming = new HealthEngine({
      store: ws.store,
      clock: ws.ctx.clock,
      settings,
      logger: { log: (level, message, fields) => logged.push({ level, message, ...(fields ? { fields } : {}) }) },
      warmMemosAfterRecompute: true,
    });
    await warming.recompute({ customerIds: ['steady'] });
    expect(logged.map((l) => l.message)).toEqual(['health recomputed']);
    await vi.waitFor(() => expect(logged).toHaveLength(3));
    expect(logged.map((l) => [l.level, l.message, l.fields?.connections])).toEqual([
      ['info', 'health recomputed', undefined],
      ['info', 'portfolio memos filled', 1],
      ['info', "tomorrow's portfolio memos filled", 1],
    ]);
  });

  it("fills tomorrow's only in a quiet moment, and not at all when a newer recompute came first", async () => {
    const logged: string[] = [];
    const moments: Array<{ stillWanted: () => boolean; go: (quiet: boolean) => void }> = [];
    const warming = new HealthEngine({
      store: ws.store,
      clock: ws.ctx.clock,
      settings,
      logger: { log: (_l, m) => logged.push(m) },
      warmMemosAfterRecompute: true,
      quietMoment: (stillWanted) => new Promise((go) => moments.push({ stillWanted, go })),
    });
    await warming.recompute({ customerIds: ['steady'] });
    await vi.waitFor(() => expect(moments).toHaveLength(1));
    expect(logged).toEqual(['health recomputed', 'portfolio memos filled']);
    // A sync's recompute before the quiet moment: the first fill's wait is no longer wanted.
    await warming.recompute({ customerIds: ['steady'] });
    await vi.waitFor(() => expect(moments).toHaveLength(2));
    expect(moments[0]?.stillWanted()).toBe(false);
    moments[0]?.go(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged.filter((m) => m.startsWith('tomorrow'))).toEqual([]);
    moments[1]?.go(true);
    await vi.waitFor(() => expect(logged.filter((m) => m.startsWith('tomorrow'))).toHaveLength(1));
  });

  it('is off unless the host asks for it (a CLI run exits instead)', async () => {
    const logged: string[] = [];
    const plain = new HealthEngine({
      store: ws.store,
      clock: ws.ctx.clock,
      settings,
      logger: { log: (_l, m) => logged.push(m) },
    });
    await plain.recompute({ customerIds: ['steady'] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logged).toEqual(['health recomputed']);
  });
});
