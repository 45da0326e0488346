import type { ConnectionSummary, Handlers } from '../../../src-shared/contract';
import { createConnector, rateBudgetFor } from '../connectors/registry';
import { RateLimiter } from '../sync/rateLimiter';
import type { CoreDeps } from './context';

type ConnectionChannels = 'connections.list' | 'connections.create' | 'connections.test' | 'connections.remove';

export function connectionHandlers(deps: CoreDeps): Pick<Handlers, ConnectionChannels> {
  const summaryOf = async (id: string): Promise<ConnectionSummary> => {
    const found = (await deps.connections.summaries()).find((c) => c.id === id);
    if (!found) throw new Error(`connection ${id} vanished`);
    return found;
  };
  return {
    'connections.list': () => deps.connections.summaries(),
    'connections.create': async (input) => {
      for (const value of Object.values(input.secrets ?? {})) deps.scrubber.remember(value);
      const record = await deps.connections.create(input);
      deps.emit('data.changed', { scopes: ['connections'] });
      return summaryOf(record.id);
    },
    'connections.test': async ({ connection }) => {
      const record = await deps.connections.find(connection);
      const secrets = await deps.connections.secretsOf(record);
      for (const value of Object.values(secrets)) deps.scrubber.remember(value);
      const connector = createConnector(record, secrets, deps.http, deps.clock);
      const limiter = new RateLimiter(rateBudgetFor(record), deps.clock);
      const signal = AbortSignal.timeout(60_000);
      const result = await connector.test({ signal, schedule: (call) => limiter.schedule(call, signal) });
      return { ok: result.ok, message: deps.scrubber.scrub(result.message), suggestedRegion: result.suggestedRegion };
    },
    'connections.remove': async ({ connection }) => {
      const record = await deps.connections.find(connection);
      deps.sync.cancel(record.id);
      await deps.connections.remove(record.id);
      deps.emit('data.changed', { scopes: ['connections', 'customers', 'metrics'] });
      return { removed: true, label: record.label };
    },
  };
}
