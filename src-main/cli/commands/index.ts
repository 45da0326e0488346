import type { CliCommand } from '../command';
import { infoCommand } from './info';
import { sandboxCommand } from './sandbox';

/** Every `pulse` sub-command, in the order `pulse --help` lists them. */
export const commands: readonly CliCommand[] = [infoCommand, sandboxCommand];
