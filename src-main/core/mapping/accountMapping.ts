import { randomBytes } from 'node:crypto';
import type { UnmatchedAccount } from '../../../src-shared/contract';
import type { Clock } from '../ports';
import type { Store } from '../store';
import { nameSimilarity, normalizeCompanyName, normalizeDomain } from './normalize';

interface CustomerKey {
  id: string;
  name: string;
  normName: string;
  domain: string | null;
}

/**
 * Links vendor accounts to customers: by id (the CRM list may carry vendor account ids), by domain,
 * then by normalised name. Fuzzy name matches are only suggested, never linked automatically: a
 * wrong link silently merges two customers' data. Manual links are never overwritten.
 */
export async function autoLinkAccounts(
  store: Store,
  clock: Clock,
  options: { autoCreateCustomers: boolean },
): Promise<{ linked: number; created: number }> {
  // One IMMEDIATE transaction, read to write: when the app and `pulse sync` link the same new accounts at
  // once, the second waits for the first and then finds its customers instead of creating duplicates.
  return store.sqlite.transaction(() => linkUnlinked(store, clock.now(), options)).immediate();
}

function linkUnlinked(store: Store, now: number, options: { autoCreateCustomers: boolean }): { linked: number; created: number } {
  const sqlite = store.sqlite;
  const customers = (sqlite.prepare('select id, name, domain from customers').all() as CustomerRow[]).map(toCustomerKey);
  const byDomain = new Map(customers.filter((c) => c.domain).map((c) => [c.domain as string, c]));
  const byName = new Map(customers.map((c) => [c.normName, c]));
  const byId = new Map(customers.map((c) => [c.id, c]));
  const unlinked = sqlite
    .prepare(
      `select va.connection_id, va.account_id, va.name, va.domain from vendor_accounts va
       left join account_links al on al.connection_id = va.connection_id and al.account_id = va.account_id
       where al.customer_id is null order by va.account_id`,
    )
    .all() as Array<{ connection_id: string; account_id: string; name: string | null; domain: string | null }>;
  const insertCustomer = sqlite.prepare(
    `insert into customers (id, name, domain, owner, arr, renewal_date, segment, created_at, updated_at)
     values (?, ?, ?, null, null, null, null, ?, ?)`,
  );
  const insertLink = sqlite.prepare(
    `insert into account_links (connection_id, account_id, customer_id, method, confidence, linked_at)
     values (?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );

  let linked = 0;
  let created = 0;
  for (const account of unlinked) {
    if (account.account_id === '') continue;
    const domain = account.domain ? normalizeDomain(account.domain) : null;
    const normName = account.name ? normalizeCompanyName(account.name) : '';
    let match: { customer: CustomerKey; method: 'id' | 'domain' | 'name'; confidence: number } | null = null;
    const idMatch = byId.get(account.account_id);
    if (idMatch) match = { customer: idMatch, method: 'id', confidence: 1 };
    else if (domain && byDomain.has(domain))
      match = { customer: byDomain.get(domain) as CustomerKey, method: 'domain', confidence: 0.95 };
    else if (normName && byName.has(normName))
      match = { customer: byName.get(normName) as CustomerKey, method: 'name', confidence: 0.85 };

    if (!match && options.autoCreateCustomers && (account.name || domain)) {
      const id = `cu${randomBytes(6).toString('hex')}`;
      const name = account.name ?? domain ?? account.account_id;
      insertCustomer.run(id, name, domain, now, now);
      const customer = { id, name, normName: normalizeCompanyName(name), domain };
      if (domain) byDomain.set(domain, customer);
      byName.set(customer.normName, customer);
      match = { customer, method: account.name ? 'name' : 'domain', confidence: 1 };
      created++;
    }
    if (!match) continue;
    insertLink.run(account.connection_id, account.account_id, match.customer.id, match.method, match.confidence, now);
    linked++;
  }
  return { linked, created };
}

interface CustomerRow {
  id: string;
  name: string;
  domain: string | null;
}

function toCustomerKey(row: CustomerRow): CustomerKey {
  return {
    id: row.id,
    name: row.name,
    normName: normalizeCompanyName(row.name),
    domain: row.domain ? normalizeDomain(row.domain) : null,
  };
}

/** The CSM's queue: vendor accounts linked to no customer, with suggested matches and confidence. */
export async function unmatchedAccounts(store: Store): Promise<UnmatchedAccount[]> {
  const customers = await loadCustomers(store);
  const rows = await store.db
    .selectFrom('vendor_accounts as va')
    .innerJoin('connections as c', 'c.id', 'va.connection_id')
    .leftJoin('account_links as al', (join) =>
      join.onRef('al.connection_id', '=', 'va.connection_id').onRef('al.account_id', '=', 'va.account_id'),
    )
    .select(['va.connection_id', 'c.label', 'c.vendor', 'va.account_id', 'va.name', 'va.domain'])
    .where('al.customer_id', 'is', null)
    .where('va.account_id', '!=', '')
    .orderBy('c.label')
    .orderBy('va.account_id')
    .execute();
  return rows.map((row) => {
    const normName = row.name ? normalizeCompanyName(row.name) : '';
    const domain = row.domain ? normalizeDomain(row.domain) : null;
    const suggestions = customers
      .map((customer) => {
        if (domain && customer.domain === domain) return { customer, confidence: 0.95, reason: 'same domain' };
        const similarity = normName ? nameSimilarity(normName, customer.normName) : 0;
        return { customer, confidence: similarity * 0.9, reason: `name ${Math.round(similarity * 100)}% similar` };
      })
      .filter((s) => s.confidence >= 0.5)
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, 3)
      .map((s) => ({
        customerId: s.customer.id,
        customerName: s.customer.name,
        confidence: Math.round(s.confidence * 100) / 100,
        reason: s.reason,
      }));
    return {
      connectionId: row.connection_id,
      connectionLabel: row.label,
      vendor: row.vendor,
      accountId: row.account_id,
      name: row.name,
      domain: row.domain,
      suggestions,
    };
  });
}

/** A CSM's own link; replaces any automatic one. */
export async function linkAccount(
  store: Store,
  clock: Clock,
  link: { connectionId: string; accountId: string; customerId: string },
): Promise<void> {
  await store.db
    .insertInto('account_links')
    .values({
      connection_id: link.connectionId,
      account_id: link.accountId,
      customer_id: link.customerId,
      method: 'manual',
      confidence: 1,
      linked_at: clock.now(),
    })
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'account_id'])
        .doUpdateSet({ customer_id: link.customerId, method: 'manual', confidence: 1, linked_at: clock.now() }),
    )
    .execute();
}

async function loadCustomers(store: Store): Promise<CustomerKey[]> {
  const rows = await store.db.selectFrom('customers').select(['id', 'name', 'domain']).execute();
  return rows.map(toCustomerKey);
}
