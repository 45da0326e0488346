import type { Handlers } from '../../../src-shared/contract';
import { CoreError } from '../../../src-shared/contract';
import { importCustomersCsv } from '../customers';
import { autoLinkAccounts, linkAccount, unmatchedAccounts } from '../mapping';
import type { CoreDeps } from './context';

export function customerHandlers(deps: CoreDeps): Pick<Handlers, 'customers.import' | 'mapping.unmatched' | 'mapping.link'> {
  return {
    'customers.import': async ({ csv }) => {
      const result = await importCustomersCsv(deps.store, deps.clock, csv);
      const settings = await deps.settings.get();
      await autoLinkAccounts(deps.store, deps.clock, { autoCreateCustomers: settings.autoCreateCustomers });
      deps.emit('data.changed', { scopes: ['customers', 'metrics'] });
      return result;
    },
    'mapping.unmatched': () => unmatchedAccounts(deps.store),
    'mapping.link': async (link) => {
      const customer = await deps.store.db
        .selectFrom('customers')
        .select('id')
        .where('id', '=', link.customerId)
        .executeTakeFirst();
      if (!customer) throw new CoreError('NOT_FOUND', `There is no customer with id ${link.customerId}.`);
      const connection = await deps.connections.find(link.connectionId);
      await linkAccount(deps.store, deps.clock, { ...link, connectionId: connection.id });
      deps.emit('data.changed', { scopes: ['customers', 'metrics'] });
      return { linked: true };
    },
  };
}
