import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/tempDir';
import { silentLogger } from '../ports';
import { openStore, type Store } from '../store';
import { importCustomersCsv } from './importCustomers';
import { OutcomeStore } from './outcomes';

const clock = { now: () => Date.UTC(2026, 10, 26, 12, 0, 0) };
const open: Array<{ store: Store; remove(): void }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.store.close();
    o.remove();
  }
});
async function workspace(): Promise<Store> {
  const dir = makeTempDir('pulse-outcomes-');
  const store = await openStore({ path: join(dir.path, 'pulse.db'), clock, logger: silentLogger });
  open.push({ store, remove: dir.remove });
  return store;
}

describe('customers CSV with outcomes', () => {
  it('records renewed and churned outcomes with their dates, tolerant of CRM wording', async () => {
    const store = await workspace();
    const csv = [
      'Company,Domain,Outcome,Churn date',
      'Acme,acme.com,Churned,2026-09-01',
      'Globex,globex.io,closed won,10/15/2026',
      'Initech,initech.com,,',
    ].join('\n');
    const result = await importCustomersCsv(store, clock, csv);
    expect(result).toEqual({ created: 3, updated: 0, skipped: [] });
    const outcomes = new OutcomeStore(store.sqlite).list();
    expect(outcomes.map((o) => [o.customerName, o.status, o.date, o.source])).toEqual([
      ['Acme', 'churned', '2026-09-01', 'import'],
      ['Globex', 'renewed', '2026-10-15', 'import'],
    ]);
  });

  it('skips rows with a bad outcome with a message naming the line and the fix', async () => {
    const store = await workspace();
    const csv = [
      'name,outcome,outcome_date',
      'A,maybe,2026-01-01',
      'B,churned,',
      'C,,2026-01-01',
      'D,renewed,2026-13-01',
      'E,churned,2027-06-01',
      'F,renewed,2026-11-02',
    ].join('\n');
    const result = await importCustomersCsv(store, clock, csv);
    expect(result.created).toBe(1);
    expect(result.skipped).toEqual([
      { line: 2, message: expect.stringContaining('outcome "maybe" is not renewed or churned') },
      { line: 3, message: 'outcome "churned" needs its date in outcome_date (YYYY-MM-DD)' },
      { line: 4, message: 'outcome_date 2026-01-01 needs an outcome (renewed or churned)' },
      { line: 5, message: 'outcome date "2026-13-01" is not a date (use YYYY-MM-DD)' },
      { line: 6, message: 'outcome date 2027-06-01 is in the future' },
    ]);
  });

  it('a later import replaces the outcome; an empty cell keeps it', async () => {
    const store = await workspace();
    await importCustomersCsv(store, clock, 'name,outcome,outcome_date\nAcme,renewed,2026-03-01');
    await importCustomersCsv(store, clock, 'name,outcome,outcome_date\nAcme,churned,2026-10-01');
    await importCustomersCsv(store, clock, 'name,outcome,outcome_date\nAcme,,');
    expect(new OutcomeStore(store.sqlite).list().map((o) => [o.status, o.date])).toEqual([['churned', '2026-10-01']]);
  });
});
