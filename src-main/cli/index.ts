import { parseArgs } from 'node:util';
import pkg from '../../package.json';
import { CoreError } from '../../src-shared/contract';
import { resolveDataDir } from '../core/workspace';
import { type CliCommand, type CliIo, CliUsageError } from './command';
import { commands } from './commands';

const globalUsage = (list: readonly CliCommand[]): string =>
  [
    `pulse ${pkg.version}: CSCX Pulse on the command line (offline customer-success analytics)`,
    '',
    'Usage: pulse [--data-dir DIR] <command> [options]',
    '',
    'Commands:',
    ...list.map((command) => `  ${command.name.padEnd(16)}${command.summary}`),
    '',
    'Global options:',
    "  --data-dir DIR  the workspace folder (default: $PULSE_DATA_DIR, else the desktop app's data folder)",
    '  --help, -h      show help (also `pulse <command> --help`)',
    '  --version, -v   print the version',
    '',
  ].join('\n');

/** Entry for bin/pulse.mjs. Returns the exit code; never calls process.exit so output is flushed. */
export async function main(argv: string[], overrides: Partial<CliIo> = {}): Promise<number> {
  const stdout = overrides.stdout ?? process.stdout;
  const stderr = overrides.stderr ?? process.stderr;
  // --data-dir is global but users put it anywhere (`pulse info --data-dir X`), so lift it out first.
  const { dataDirFlag, remaining } = liftDataDir(argv);
  const commandIndex = remaining.findIndex((arg) => !arg.startsWith('-'));
  const globalArgs = commandIndex === -1 ? remaining : remaining.slice(0, commandIndex);
  const rest = commandIndex === -1 ? [] : remaining.slice(commandIndex + 1);
  const name = commandIndex === -1 ? undefined : remaining[commandIndex];

  let global: { help?: boolean; version?: boolean };
  try {
    global = parseArgs({
      args: globalArgs,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
    }).values;
  } catch (error) {
    stderr.write(`pulse: ${(error as Error).message}\n\n${globalUsage(commands)}`);
    return 2;
  }
  if (global.version) {
    stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if (!name || global.help) {
    (name || global.help ? stdout : stderr).write(globalUsage(commands));
    return name || global.help ? 0 : 2;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    stderr.write(`pulse: unknown command "${name}"\n\n${globalUsage(commands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    stdout.write(`${command.usage}\n`);
    return 0;
  }

  let onSignal: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => {
    onSignal = () => resolve();
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const io: CliIo = {
    stdout,
    stderr,
    stdin: overrides.stdin ?? process.stdin,
    env: overrides.env ?? process.env,
    dataDir: overrides.dataDir ?? resolveDataDir(dataDirFlag, overrides.env ?? process.env),
    dataDirExplicit:
      overrides.dataDirExplicit ?? Boolean(overrides.dataDir || dataDirFlag || (overrides.env ?? process.env).PULSE_DATA_DIR),
    interrupted: overrides.interrupted ?? interrupted,
  };
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      stderr.write(`pulse ${command.name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof CoreError) {
      stderr.write(`pulse ${command.name}: ${error.message}\n`);
      return 1;
    }
    stderr.write(`pulse ${command.name}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function liftDataDir(argv: string[]): { dataDirFlag: string | undefined; remaining: string[] } {
  const remaining: string[] = [];
  let dataDirFlag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      remaining.push(...argv.slice(i));
      break;
    }
    if (arg === '--data-dir') {
      dataDirFlag = argv[i + 1];
      i++;
    } else if (arg.startsWith('--data-dir=')) {
      dataDirFlag = arg.slice('--data-dir='.length);
    } else {
      remaining.push(arg);
    }
  }
  return { dataDirFlag, remaining };
}
