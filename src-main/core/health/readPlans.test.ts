import { afterEach, describe, expect, it } from 'vitest';
import { type CustomerRecord, loadCustomerData } from './customerData';
import { FeatureSeriesRunCache } from './featureUsageSeries';
import { createTestWorkspace, daysFrom, type TestWorkspace } from './testWorkspace';

/**
 * The recompute's two big reads per customer (user-days and feature usage) for a customer with one
 * linked account: straight from the covering indexes of migration 0005, in the order they are consumed,
 * with no temporary b-tree (grouping or sorting them cost up to 8× the index walk). Recorded from the
 * statements loadCustomerData really runs, then asked of SQLite with their own arguments.
 */
let ws: TestWorkspace;
afterEach(async () => {
  await ws?.close();
});

describe('recompute reads of a one-account customer', () => {
  it('walk the covering indexes in order, without a temporary b-tree', async () => {
    ws = await createTestWorkspace({ today: '2026-03-20' });
    ws.connection('amp', 'amplitude', { from: '2026-01-01', through: '2026-03-19' });
    ws.customer('acme', { accounts: [['amp', 'acct-acme']] });
    const days = daysFrom('2026-01-01', '2026-03-19');
    ws.activity('amp', 'acct-acme', 'u1', days);
    ws.feature('amp', 'acct-acme', 'u1', 'Open Project', days);
    ws.catalogFeature('amp', 'Open Project', 'Open Project', true); // core from the catalogue: no connection-wide read

    const db = ws.store.sqlite;
    const recorded: Array<{ sql: string; args: unknown[] }> = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((source: string) => {
      const statement = prepare(source);
      const all = statement.all.bind(statement) as (...args: unknown[]) => unknown[];
      (statement as unknown as { all: typeof all }).all = (...args: unknown[]) => {
        recorded.push({ sql: source, args });
        return all(...args);
      };
      return statement;
    }) as typeof db.prepare;

    const customer = db
      .prepare("select id, name, owner, segment, arr, renewal_date as renewalDate from customers where id = 'acme'")
      .get() as CustomerRecord;
    const data = loadCustomerData(ws.ctx, customer, new FeatureSeriesRunCache(), 60, () => ({
      rowsFrom: '2026-01-20',
      featuresFrom: '2026-01-20',
    }));
    expect(data.usage.rowCount).toBe(daysFrom('2026-01-20', '2026-03-19').length);
    expect(data.features?.usage({ from: '2026-03-01', to: '2026-03-19' }).users.get('Open Project')).toBe(1);

    const reads = recorded.filter((r) => /from (activity_days|item_days)\s/.test(r.sql) && !r.sql.includes('sum(events), 0'));
    const plans = reads.map((r) => ({
      table: r.sql.includes('item_days') ? 'item_days' : 'activity_days',
      plan: (db.prepare(`explain query plan ${r.sql}`).all(...r.args) as Array<{ detail: string }>)
        .map((p) => p.detail)
        .join(' | '),
    }));
    expect(plans.map((p) => p.table).sort()).toEqual(['activity_days', 'item_days']);
    for (const { plan } of plans) {
      expect(plan).toMatch(/USING COVERING INDEX (activity_by_account_day_cover|item_days_by_account_cover)/);
      expect(plan).not.toMatch(/TEMP B-TREE|json_each/);
    }
  });
});
