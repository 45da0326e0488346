import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KeychainStatus, Requests } from '../../../src-shared/contract';
import type { SecretStore } from '../../core/ports';
import { runReportExport } from '../../core/reports';
import { memorySecretStore, probeKeychain, unavailableSecretStore } from '../../core/secrets';
import { type CoreClientLike, isLoopbackName, startWebHost } from '../../host';
import { CoreClient } from '../../worker/client';
import { type CliCommand, type CliIo, CliUsageError } from '../command';
import { chromiumPdfPrinter } from '../pdf';

const usage = `Usage: pulse serve [--port P] [--host 127.0.0.1] [--no-keychain]

Serves the Pulse window in your browser from this computer only (loopback), for development and tests.
The printed link carries a one-time token: only a browser opened with it can use this workspace.

Options:
  --port P        port to listen on (default: a free one)
  --host H        loopback address to bind: 127.0.0.1 (default), ::1 or localhost
  --no-keychain   keep vendor keys in memory only for this session (nothing is saved)

Build the window first with: npm run build`;

interface ServeFlags {
  port: number;
  host: string;
  keychain: boolean;
}

export function parseServeArgs(args: string[]): ServeFlags {
  const flags: ServeFlags = { port: 0, host: '127.0.0.1', keychain: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || next === '') throw new CliUsageError(`${name} needs a value.`);
      return next;
    };
    switch (name) {
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535)
          throw new CliUsageError(`--port must be a number from 0 to 65535, not "${text}".`);
        flags.port = port;
        break;
      }
      case '--host':
        flags.host = value();
        if (!isLoopbackName(flags.host)) {
          throw new CliUsageError(
            `--host must be a loopback address (127.0.0.1, ::1 or localhost), not "${flags.host}": the web host is never reachable from the network.`,
          );
        }
        break;
      case '--no-keychain':
        flags.keychain = false;
        break;
      default:
        throw new CliUsageError(`Unknown option "${arg}".`);
    }
  }
  return flags;
}

/** The built renderer, found from the repository root (this file lives in src-main/cli/commands). */
export function builtRendererDir(): string {
  return fileURLToPath(new URL('../../../out/renderer/', import.meta.url));
}

async function chooseSecrets(flags: ServeFlags, io: CliIo): Promise<{ secrets: SecretStore; keychain: KeychainStatus }> {
  if (!flags.keychain) {
    io.stderr.write('Warning: --no-keychain: vendor keys are kept in memory for this session only; nothing is saved.\n');
    const secrets = memorySecretStore('in-memory (--no-keychain: forgotten when Pulse stops)');
    return {
      secrets,
      keychain: {
        available: false,
        description: secrets.description,
        problem: 'Started with --no-keychain: keys you enter work until Pulse stops and are then forgotten.',
      },
    };
  }
  const probe = await probeKeychain();
  if (probe.store) return { secrets: probe.store, keychain: probe.status };
  const problem = probe.status.problem ?? 'No OS keychain is available.';
  io.stderr.write(`Keychain: ${problem}\nVendor keys cannot be saved in this session (they are never written in plain text).\n`);
  return { secrets: unavailableSecretStore(problem), keychain: probe.status };
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Open the Pulse window in your browser (loopback only, per-launch token)',
  usage,
  run: (args, io) => runServe(args, io),
};

/** The command body; tests pass their own renderer folder. */
export async function runServe(args: string[], io: CliIo, options: { rendererDir?: string } = {}): Promise<number> {
  const flags = parseServeArgs(args);
  const rendererDir = options.rendererDir ?? builtRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    io.stderr.write(`The Pulse window has not been built (${rendererDir} is missing): run npm run build first.\n`);
    return 1;
  }
  const { secrets, keychain } = await chooseSecrets(flags, io);

  let client: CoreClient;
  try {
    client = await CoreClient.start({ dataDir: io.dataDir, host: 'web', secrets, keychain, schedule: true });
  } catch (error) {
    io.stderr.write(
      `Pulse could not open the workspace in ${io.dataDir}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }

  let host: Awaited<ReturnType<typeof startWebHost>>;
  try {
    const core = client;
    // Exports from the browser: files go to the workspace's exports folder (a page never picks paths),
    // and PDFs are printed here with the system Chromium, as `pulse report` does.
    const withExports: CoreClientLike = {
      call: (channel, request) =>
        channel === 'reports.export'
          ? (runReportExport(
              (c, r) => core.call(c, r),
              { ...(request as Requests['reports.export']), target: undefined },
              chromiumPdfPrinter(),
            ) as never)
          : core.call(channel, request),
      on: (name, listener) => core.on(name, listener),
    };
    host = await startWebHost({ client: withExports, rendererDir, host: flags.host, port: flags.port });
  } catch (error) {
    await client.close();
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      io.stderr.write(`Port ${flags.port} is already in use; pick another with --port or leave it out.\n`);
    else io.stderr.write(`${message}\n`);
    return 1;
  }

  io.stdout.write(`Pulse is running at ${host.url}\n`);
  io.stdout.write(`Workspace: ${io.dataDir}\nPress Ctrl+C to stop.\n`);
  await io.interrupted;
  io.stdout.write('Stopping Pulse…\n');
  await host.close();
  await client.close();
  return 0;
}
