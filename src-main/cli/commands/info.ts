import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Show the workspace: data folder, database, schema version and keychain status',
  usage: 'pulse info [--json]\n\nPrints where this workspace lives and whether the OS keychain can hold vendor keys.',
  async run(args, io) {
    const json = args.includes('--json');
    const unknown = args.filter((arg) => arg !== '--json');
    if (unknown.length > 0) throw new CliUsageError(`unknown argument: ${unknown[0]}`);
    return withCore(io, async (client) => {
      const info = await client.call('app.info', {});
      if (json) {
        io.stdout.write(`${JSON.stringify(info)}\n`);
        return 0;
      }
      io.stdout.write(
        [
          `Pulse ${info.version}`,
          `Data folder:  ${info.dataDir}`,
          `Database:     ${info.databasePath} (schema ${info.schemaVersion})`,
          `Keychain:     ${info.keychain.available ? info.keychain.description : `not available: ${info.keychain.problem ?? info.keychain.description}`}`,
          '',
        ].join('\n'),
      );
      return 0;
    });
  },
};
