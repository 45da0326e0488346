import type { CliCommand } from '../command';
import { infoCommand } from './info';

/** Every `pulse` sub-command, in the order `pulse --help` lists them. */
export const commands: readonly CliCommand[] = [infoCommand];
