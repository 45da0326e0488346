import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { CliUsageError } from '../command';
import { withCore } from '../coreSession';

export const connectionsCommand: CliCommand = {
  name: 'connections',
  summary: 'List vendor connections and their last sync (never their secrets)',
  usage: 'pulse connections [--json]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
    return withCore(io, async (client) => {
      const list = await client.call('connections.list', {});
      if (values.json) {
        io.stdout.write(`${JSON.stringify(list)}\n`);
        return 0;
      }
      if (list.length === 0) {
        io.stdout.write('No connections yet. Add one with `pulse connect amplitude|mixpanel|pendo --label NAME`.\n');
        return 0;
      }
      for (const c of list) {
        const run = c.lastRun;
        const last = run
          ? `${run.outcome} ${new Date(run.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC, ${run.eventsRead.toLocaleString('en-US')} events` +
            (run.accuracyPct !== null ? `, accuracy ${run.accuracyPct}%` : '')
          : 'never synced';
        const missing = Object.entries(c.secretsSet)
          .filter(([, set]) => !set)
          .map(([field]) => field);
        io.stdout.write(
          `${c.label}  ${c.vendor} (${c.region})${c.baseUrl ? ` via ${c.baseUrl}` : ''}\n` +
            `  last sync: ${last}; data through ${c.dataThrough ?? '—'}\n` +
            (missing.length > 0 ? `  missing in the keychain: ${missing.join(', ')}\n` : ''),
        );
      }
      return 0;
    });
  },
};

export const disconnectCommand: CliCommand = {
  name: 'disconnect',
  summary: 'Remove a connection, its synced data and its keychain items',
  usage: 'pulse disconnect LABEL',
  async run(args, io) {
    const [label, ...rest] = args;
    if (!label || rest.length > 0) throw new CliUsageError('name exactly one connection');
    return withCore(io, async (client) => {
      const removed = await client.call('connections.remove', { connection: label });
      io.stdout.write(`Removed "${removed.label}" and its keychain items.\n`);
      return 0;
    });
  },
};
