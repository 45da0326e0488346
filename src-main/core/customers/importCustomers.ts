import { randomBytes } from 'node:crypto';
import { CoreError, type CustomerImportResult } from '../../../src-shared/contract';
import { CsvError, parseCsv } from '../csv';
import { normalizeCompanyName, normalizeDomain } from '../mapping';
import type { Clock } from '../ports';
import type { Store } from '../store';
import { OUTCOME_WORDS, OutcomeStore, parseOutcomeStatus } from './outcomes';

const columnAliases: Record<string, string[]> = {
  id: ['id', 'customer id', 'customer_id', 'crm id', 'crm_id', 'account id'],
  name: ['name', 'customer', 'customer name', 'company', 'company name', 'account', 'account name'],
  domain: ['domain', 'website', 'url', 'company domain'],
  owner: ['owner', 'csm', 'account owner', 'customer success manager'],
  arr: ['arr', 'annual recurring revenue', 'arr (usd)', 'contract value'],
  renewal_date: ['renewal_date', 'renewal date', 'renewal', 'renews on', 'contract end'],
  segment: ['segment', 'tier', 'customer segment'],
  // Not plain "status": CRMs use it for active/inactive, which is not an outcome.
  outcome: ['outcome', 'outcome status', 'outcome_status', 'churn status', 'renewal outcome'],
  outcome_date: ['outcome_date', 'outcome date', 'churn date', 'churn_date', 'churned on', 'renewed on'],
};

/**
 * Loads the CRM's customer list (CSV with a header row). Rows update an existing customer matched by
 * id, then domain, then name, or create one. A bad row is reported with its line and skipped; the
 * good rows are imported together in one transaction.
 */
export async function importCustomersCsv(store: Store, clock: Clock, csvText: string): Promise<CustomerImportResult> {
  let rows: string[][];
  try {
    rows = parseCsv(csvText);
  } catch (error) {
    if (error instanceof CsvError) throw new CoreError('BAD_REQUEST', `The customers file is not valid CSV: ${error.message}.`);
    throw error;
  }
  const header = rows[0];
  if (!header) throw new CoreError('BAD_REQUEST', 'The customers file is empty.');
  const index: Record<string, number> = {};
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    for (const [column, aliases] of Object.entries(columnAliases))
      if (aliases.includes(name) && index[column] === undefined) index[column] = i;
  });
  if (index.name === undefined) {
    throw new CoreError(
      'BAD_REQUEST',
      `The customers file needs a "name" column (found: ${header.slice(0, 8).join(', ')}). Optional: domain, owner, arr, renewal_date, segment, id, outcome, outcome_date.`,
    );
  }

  const existing = await store.db.selectFrom('customers').select(['id', 'name', 'domain']).execute();
  const byId = new Map(existing.map((c) => [c.id, c.id]));
  const byDomain = new Map(existing.filter((c) => c.domain).map((c) => [normalizeDomain(c.domain as string), c.id]));
  const byName = new Map(existing.map((c) => [normalizeCompanyName(c.name), c.id]));
  const result: CustomerImportResult = { created: 0, updated: 0, skipped: [] };
  const now = clock.now();
  // An outcome is something that happened: a date after today (in any time zone) is refused.
  const latestOutcomeDay = new Date(now + 86_400_000).toISOString().slice(0, 10);
  const outcomes = new OutcomeStore(store.sqlite);
  const cell = (row: string[], column: string): string => {
    const i = index[column];
    return i === undefined ? '' : (row[i] ?? '').trim();
  };

  const upsert = store.sqlite.prepare(
    `insert into customers (id, name, domain, owner, arr, renewal_date, segment, created_at, updated_at) values (?,?,?,?,?,?,?,?,?)
     on conflict (id) do update set name = excluded.name, domain = coalesce(excluded.domain, domain), owner = coalesce(excluded.owner, owner),
       arr = coalesce(excluded.arr, arr), renewal_date = coalesce(excluded.renewal_date, renewal_date), segment = coalesce(excluded.segment, segment),
       updated_at = excluded.updated_at`,
  );
  store.sqlite.transaction(() => {
    for (const [offset, row] of rows.slice(1).entries()) {
      const line = offset + 2;
      const name = cell(row, 'name');
      if (!name) {
        result.skipped.push({ line, message: 'no name' });
        continue;
      }
      const domainRaw = cell(row, 'domain');
      const domain = domainRaw ? normalizeDomain(domainRaw) : null;
      if (domainRaw && !domain) {
        result.skipped.push({ line, message: `"${domainRaw.slice(0, 60)}" is not a domain` });
        continue;
      }
      const arrRaw = cell(row, 'arr').replace(/[$€£,\s]/g, '');
      const arr = arrRaw === '' ? null : Number(arrRaw);
      if (arr !== null && !(Number.isFinite(arr) && arr >= 0)) {
        result.skipped.push({ line, message: `ARR "${cell(row, 'arr').slice(0, 30)}" is not a number` });
        continue;
      }
      const renewalRaw = cell(row, 'renewal_date');
      const renewal = renewalRaw ? normalizeDate(renewalRaw) : null;
      if (renewalRaw && !renewal) {
        result.skipped.push({ line, message: `renewal date "${renewalRaw.slice(0, 30)}" is not a date (use YYYY-MM-DD)` });
        continue;
      }
      const outcomeRaw = cell(row, 'outcome');
      const outcomeDateRaw = cell(row, 'outcome_date');
      const outcome = outcomeRaw ? parseOutcomeStatus(outcomeRaw) : null;
      if (outcomeRaw && !outcome) {
        result.skipped.push({ line, message: `outcome "${outcomeRaw.slice(0, 30)}" is not ${OUTCOME_WORDS}` });
        continue;
      }
      const outcomeDate = outcomeDateRaw ? normalizeDate(outcomeDateRaw) : null;
      if (outcomeDateRaw && !outcomeDate) {
        result.skipped.push({ line, message: `outcome date "${outcomeDateRaw.slice(0, 30)}" is not a date (use YYYY-MM-DD)` });
        continue;
      }
      if (outcome && !outcomeDate) {
        result.skipped.push({
          line,
          message: `outcome "${outcomeRaw.slice(0, 30)}" needs its date in outcome_date (YYYY-MM-DD)`,
        });
        continue;
      }
      if (outcomeDate && !outcome) {
        result.skipped.push({ line, message: `outcome_date ${outcomeDate} needs an outcome (renewed or churned)` });
        continue;
      }
      if (outcomeDate && outcomeDate > latestOutcomeDay) {
        result.skipped.push({ line, message: `outcome date ${outcomeDate} is in the future` });
        continue;
      }
      const givenId = cell(row, 'id');
      const matchId =
        (givenId && byId.get(givenId)) || (domain && byDomain.get(domain)) || byName.get(normalizeCompanyName(name)) || null;
      const id = matchId ?? (givenId || `cu${randomBytes(6).toString('hex')}`);
      upsert.run(
        id,
        name.slice(0, 200),
        domain,
        cell(row, 'owner').slice(0, 200) || null,
        arr,
        renewal,
        cell(row, 'segment').slice(0, 60) || null,
        now,
        now,
      );
      // An empty outcome keeps what was recorded (as the other optional columns do).
      if (outcome && outcomeDate) outcomes.set(id, outcome, outcomeDate, 'import', now, latestOutcomeDay);
      if (matchId) result.updated++;
      else {
        result.created++;
        byId.set(id, id);
        if (domain) byDomain.set(domain, id);
        byName.set(normalizeCompanyName(name), id);
      }
    }
  })();
  return result;
}

function normalizeDate(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1]?.padStart(2, '0'), us[2]?.padStart(2, '0')] : [];
  if (!y || !m || !d) return null;
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}` ? null : `${y}-${m}-${d}`;
}
