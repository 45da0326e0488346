import type { Settings } from '../../../src-shared/contract';
import type { ConnectionRecord } from '../connections';
import { isVendorError } from '../connectors/http';
import type { Connector, FetchContext, VendorAccount } from '../connectors/types';
import { autoLinkAccounts } from '../mapping';
import type { Clock, Logger } from '../ports';
import type { Store } from '../store';

interface EntityDeps {
  store: Store;
  clock: Clock;
  connector: Connector & { accountsSeen?(): VendorAccount[] };
  record: ConnectionRecord;
  context: FetchContext;
  pseudonymize(vendorUserId: string): string;
  settings: Settings;
  logger: Logger;
}

/**
 * Accounts, users, catalogues, cohorts and saved funnels, after the event windows. Each part is
 * best effort: a missing permission for cohorts must not throw away a good events sync, so failures
 * become warnings on the run. Cancellation still stops everything.
 */
export async function syncVendorEntities(deps: EntityDeps): Promise<string[]> {
  const warnings: string[] = [];
  const { store, clock, connector, record, context } = deps;
  const now = clock.now();
  const attempt = async (what: string, action: () => Promise<void>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      if (isVendorError(error) && error.code === 'CANCELLED') throw error;
      const message = error instanceof Error ? error.message : String(error);
      warnings.push(`${what} were not updated: ${message}`.slice(0, 400));
      deps.logger.log('warn', `${what} sync failed`, { connectionId: record.id, error: message });
    }
  };

  const upsertAccount = store.sqlite.prepare(
    `insert into vendor_accounts (connection_id, account_id, name, domain, properties_json, updated_at) values (?,?,?,?,?,?)
     on conflict (connection_id, account_id) do update set name = coalesce(excluded.name, name), domain = coalesce(excluded.domain, domain),
       properties_json = excluded.properties_json, updated_at = excluded.updated_at`,
  );
  const saveAccounts = (accounts: VendorAccount[]): void => {
    store.sqlite.transaction(() => {
      for (const a of accounts)
        upsertAccount.run(record.id, a.accountId, a.name, a.domain, JSON.stringify(a.properties ?? {}), now);
    })();
  };
  if (connector.accounts) {
    await attempt('Accounts', async () => {
      let batch: VendorAccount[] = [];
      for await (const account of connector.accounts?.(context) ?? []) {
        batch.push(account);
        if (batch.length >= 500) {
          saveAccounts(batch);
          batch = [];
        }
      }
      saveAccounts(batch);
    });
  }
  if (connector.accountsSeen) saveAccounts(connector.accountsSeen());
  // Every account that has usage gets a row, even when the vendor has no profile for it.
  store.sqlite
    .prepare(
      `insert or ignore into vendor_accounts (connection_id, account_id, name, domain, properties_json, updated_at)
       select distinct connection_id, account_id, null, null, '{}', ? from activity_days where connection_id = ? and account_id != ''`,
    )
    .run(now, record.id);

  if (connector.users) {
    await attempt('User profiles', async () => {
      const upsert = store.sqlite.prepare(
        `insert into vendor_users (connection_id, user_key, readable_id, account_ids_json, properties_json, updated_at) values (?,?,?,?,?,?)
         on conflict (connection_id, user_key) do update set readable_id = coalesce(excluded.readable_id, readable_id),
           account_ids_json = excluded.account_ids_json, properties_json = excluded.properties_json, updated_at = excluded.updated_at`,
      );
      for await (const user of connector.users?.(context) ?? []) {
        // Profile properties can hold names and emails: kept only when readable ids are allowed.
        upsert.run(
          record.id,
          deps.pseudonymize(user.userId),
          deps.settings.storeReadableUserIds ? user.readableUserId : null,
          JSON.stringify(user.accountIds),
          deps.settings.storeReadableUserIds ? JSON.stringify(user.properties ?? {}) : '{}',
          now,
        );
      }
    });
  }

  if (connector.catalog) {
    await attempt('Catalogue (features, pages, guides)', async () => {
      const items = (await connector.catalog?.(context)) ?? [];
      const upsert = store.sqlite.prepare(
        `insert into catalog_items (connection_id, kind, item_id, name, group_name, is_core, details_json, updated_at) values (?,?,?,?,?,?,?,?)
         on conflict (connection_id, kind, item_id) do update set name = excluded.name, group_name = excluded.group_name,
           is_core = excluded.is_core, details_json = excluded.details_json, updated_at = excluded.updated_at`,
      );
      store.sqlite.transaction(() => {
        for (const item of items)
          upsert.run(
            record.id,
            item.kind,
            item.itemId,
            item.name,
            item.group,
            item.isCore ? 1 : 0,
            JSON.stringify(item.details ?? {}),
            now,
          );
      })();
    });
  }

  if (connector.cohorts) {
    await attempt('Cohorts', async () => {
      const cohorts = (await connector.cohorts?.(context)) ?? [];
      store.sqlite.transaction(() => {
        const upsert = store.sqlite.prepare(
          `insert into cohorts (connection_id, cohort_id, name, size, updated_at) values (?,?,?,?,?)
           on conflict (connection_id, cohort_id) do update set name = excluded.name, size = excluded.size, updated_at = excluded.updated_at`,
        );
        const clear = store.sqlite.prepare('delete from cohort_members where connection_id = ? and cohort_id = ?');
        const add = store.sqlite.prepare(
          'insert or ignore into cohort_members (connection_id, cohort_id, user_key) values (?,?,?)',
        );
        for (const cohort of cohorts) {
          upsert.run(record.id, cohort.cohortId, cohort.name, cohort.size, now);
          if (cohort.memberUserIds) {
            clear.run(record.id, cohort.cohortId);
            for (const member of cohort.memberUserIds) add.run(record.id, cohort.cohortId, deps.pseudonymize(member));
          }
        }
      })();
    });
  }

  if (connector.savedFunnels) {
    await attempt('Saved funnels', async () => {
      const funnels = (await connector.savedFunnels?.(context)) ?? [];
      const upsert = store.sqlite.prepare(
        `insert into saved_funnels (connection_id, funnel_id, name, steps_json, window_seconds, updated_at) values (?,?,?,?,?,?)
         on conflict (connection_id, funnel_id) do update set name = excluded.name, steps_json = excluded.steps_json,
           window_seconds = excluded.window_seconds, updated_at = excluded.updated_at`,
      );
      for (const funnel of funnels)
        upsert.run(record.id, funnel.funnelId, funnel.name, JSON.stringify(funnel.steps), funnel.windowSeconds, now);
      const missing = [...new Set(funnels.flatMap((f) => f.steps))].filter((step) => !deps.settings.keyEvents.includes(step));
      if (missing.length > 0) {
        const keyEvents = [...deps.settings.keyEvents, ...missing].slice(0, 100);
        await store.db
          .insertInto('settings')
          .values({ key: 'keyEvents', value_json: JSON.stringify(keyEvents), updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: JSON.stringify(keyEvents), updated_at: now }))
          .execute();
        warnings.push(
          `Saved funnels use ${missing.length} new key event(s) (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? '…' : ''}); ` +
            'they are kept from now on. Run a full sync to compute these funnels over past data.',
        );
      }
    });
  }

  await attempt('Account links', async () => {
    await autoLinkAccounts(store, clock, { autoCreateCustomers: deps.settings.autoCreateCustomers });
  });
  return warnings;
}
