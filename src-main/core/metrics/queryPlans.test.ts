import { afterEach, describe, expect, it } from 'vitest';
import { type TinyWorkspace, tinyWorkspace } from './__fixtures__/tinyWorkspace';
import { accountMetrics } from './accountMetrics';
import { connectionFeatureUsage } from './featureMatrix';
import { portfolioMetrics } from './portfolio';

/**
 * Query plans of the per-customer reads (migration 0005). SQLite cannot size `account_id in (select
 * value from json_each(?))`, and without covering indexes it chose to walk the connection's whole
 * history by primary key for every customer. This records every statement the account page and the
 * portfolio run on a real workspace file and asks SQLite how it would run each one that reads an
 * aggregate table: none may scan it or search it by the connection alone.
 */
let ws: TinyWorkspace;
afterEach(async () => {
  await ws?.close();
});

interface Recorded {
  sql: string;
  args: unknown[];
}

function recordStatements(target: TinyWorkspace): Recorded[] {
  const seen: Recorded[] = [];
  const db = target.store.sqlite;
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    for (const method of ['all', 'get', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        seen.push({ sql: source, args });
        return original(...args);
      };
    }
    return statement;
  }) as typeof db.prepare;
  return seen;
}

const aggregateTables = ['activity_days', 'item_days', 'guide_days'];

function plansOf(target: TinyWorkspace, recorded: Recorded[]): Array<{ sql: string; plan: string[] }> {
  return recorded
    .filter((r) => aggregateTables.some((t) => r.sql.includes(`from ${t}`) || r.sql.includes(`join ${t}`)))
    .filter((r) => r.sql.includes('account_id'))
    .map((r) => ({
      sql: r.sql.replace(/\s+/g, ' ').trim(),
      plan: (
        target.store.sqlite.prepare(`explain query plan ${r.sql}`).all(...(r.args as unknown[])) as Array<{ detail: string }>
      ).map((row) => row.detail),
    }));
}

async function workspace() {
  ws = await tinyWorkspace();
  ws.connection('c1', 'amplitude', '2024-06-14');
  ws.customer('acme', 'Acme Corp', 'SMB');
  ws.customer('beta', 'Beta Inc', 'SMB');
  ws.link('c1', 'a1', 'acme');
  ws.link('c1', 'a2', 'acme');
  ws.link('c1', 'b1', 'beta');
  for (const [account, user] of [
    ['a1', 'u1'],
    ['a2', 'u2'],
    ['b1', 'u3'],
  ] as const) {
    for (const day of ['2024-05-20', '2024-06-01', '2024-06-14']) {
      ws.activity({ connection: 'c1', account, user, day, events: 3 });
      ws.item({ connection: 'c1', account, kind: 'event', item: 'A', user, day, events: 3 });
    }
  }
  ws.catalog({ connection: 'c1', kind: 'event', item: 'A', name: 'A', core: true });
  return ws;
}

describe('per-customer reads use the covering indexes', () => {
  it('the account page never scans an aggregate table or searches it by connection alone', async () => {
    const target = await workspace();
    const recorded = recordStatements(target);
    const metrics = accountMetrics(target.ctx, { customerId: 'acme' });
    expect(metrics.header?.dau).toBe(2);
    const plans = plansOf(target, recorded);
    expect(plans.length).toBeGreaterThan(2);
    for (const { sql, plan } of plans) {
      for (const table of aggregateTables.filter((t) => sql.includes(t))) {
        const steps = plan.filter((detail) => new RegExp(`\\b${table}\\b|\\ba\\b|\\bi\\b`).test(detail));
        for (const step of steps) {
          expect(step, sql).not.toMatch(/^SCAN (activity_days|item_days|guide_days)\b/);
          expect(step, sql).not.toMatch(/USING PRIMARY KEY \(connection_id=\?\)$/);
        }
      }
    }
  });

  it('the portfolio reads each linked account as a range of the covering index', async () => {
    const target = await workspace();
    const recorded = recordStatements(target);
    const portfolio = portfolioMetrics(target.ctx);
    expect(portfolio.rows.map((r) => [r.customerId, r.activeUsers30d])).toEqual([
      ['acme', 2],
      ['beta', 1],
    ]);
    const plans = plansOf(target, recorded).filter((p) => p.sql.includes('activity_days'));
    expect(plans.length).toBe(2);
    for (const { sql, plan } of plans) {
      expect(plan.join(' | '), sql).toMatch(
        /USING COVERING INDEX activity_by_account_day_cover \(connection_id=\? AND account_id=\? AND day[<>]/,
      );
    }
  });

  it('the connection-wide feature reads (matrix, peers, top-used core) read each account as a range', async () => {
    const target = await workspace();
    const recorded = recordStatements(target);
    const usage = connectionFeatureUsage(target.ctx, 'c1', 'event', { from: '2024-06-01', to: '2024-06-14' }, '2024-06-15');
    expect([...usage.totals]).toEqual([['A', 3]]);
    const plans = plansOf(target, recorded);
    expect(plans.length).toBe(3);
    for (const { sql, plan } of plans) {
      // Searched by the connection alone, the day filter would keep the window out of its whole history.
      expect(plan.join(' | '), sql).toMatch(
        /COVERING INDEX \w+ \(connection_id=\? AND account_id=\? AND (kind=\? AND )?day>\? AND day<\?\)/,
      );
      for (const step of plan.filter((detail) => /^SEARCH (item_days|activity_days|i|a) /.test(detail)))
        expect(step, sql).not.toMatch(/\(connection_id=\?\)$/);
    }
  });
});
