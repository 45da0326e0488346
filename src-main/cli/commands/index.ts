import type { CliCommand } from '../command';
import { connectCommand } from './connect';
import { connectionsCommand, disconnectCommand } from './connections';
import { customersCommand } from './customers';
import { demoCommand } from './demo';
import { infoCommand } from './info';
import { sandboxCommand } from './sandbox';
import { serveCommand } from './serve';
import { syncCommand } from './sync';

/** Every `pulse` sub-command, in the order `pulse --help` lists them. */
export const commands: readonly CliCommand[] = [
  infoCommand,
  demoCommand,
  connectCommand,
  connectionsCommand,
  disconnectCommand,
  syncCommand,
  customersCommand,
  serveCommand,
  sandboxCommand,
];
