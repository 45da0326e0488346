import type { Handlers } from '../../../src-shared/contract';
import type { CommandDirectoryEntry } from '../../../src-shared/contract/commands';
import { interpretCommand } from '../commands';
import { memoUntilChanged } from '../store';
import type { CoreDeps } from './context';

type CommandChannels = 'commands.interpret' | 'commands.directory';

/** The command bar: parse a question against the customer list; the list itself for type-ahead and domain search. */
export function commandHandlers(deps: CoreDeps): Pick<Handlers, CommandChannels> {
  const directory = (): CommandDirectoryEntry[] =>
    deps.store.sqlite.prepare('select id, name, domain from customers order by name, id').all() as CommandDirectoryEntry[];
  return {
    'commands.interpret': async ({ text }) => {
      const settings = await deps.settings.get();
      return interpretCommand(text, directory(), { currentOwner: settings.currentOwner });
    },
    // Asked on every portfolio open; the customer list only changes with a write.
    'commands.directory': () => memoUntilChanged(deps.store.sqlite, 'commands.directory', directory),
  };
}
