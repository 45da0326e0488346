/** `pulse sandbox`: runs the local vendor sandboxes standalone and prints base URLs and demo credentials. */

import { startSandboxes } from '../../core/demo';
import { type CliCommand, CliUsageError } from '../command';

const USAGE = `Usage: pulse sandbox [--seed N] [--accounts N] [--days N] [--port P] [--json]

Runs local Amplitude, Mixpanel and Pendo sandboxes on 127.0.0.1, fed by the seeded demo portfolio,
and stays up until interrupted (Ctrl+C).
  --seed N       portfolio seed (default 42)
  --accounts N   number of customer accounts (default 60, max 5000)
  --days N       days of history (default 120)
  --port P       port of the sandbox server (default: any free port)
  --json         print one JSON line with base URLs and credentials first
Faults: POST <base>/__sandbox/faults {"faults":[{"kind":"rateLimit","vendor":"mixpanel","count":2,"retryAfterSeconds":1}]}`;

function intFlag(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min || n > max)
    throw new CliUsageError(`${name} needs an integer between ${min} and ${max}`);
  return n;
}

export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'Run local Amplitude, Mixpanel and Pendo sandboxes with the demo portfolio',
  usage: USAGE,
  async run(args, io) {
    let seed: number | undefined;
    let accounts: number | undefined;
    let days: number | undefined;
    let port: number | undefined;
    let json = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const value = (): string | undefined => inline ?? args[++i];
      switch (flag) {
        case '--seed':
          seed = intFlag('--seed', value(), 0, 2 ** 31 - 1);
          break;
        case '--accounts':
          accounts = intFlag('--accounts', value(), 1, 5000);
          break;
        case '--days':
          days = intFlag('--days', value(), 1, 3650);
          break;
        case '--port':
          port = intFlag('--port', value(), 0, 65535);
          break;
        case '--json':
          json = true;
          break;
        default:
          throw new CliUsageError(`unknown argument ${a}`);
      }
    }
    const sb = await startSandboxes({ seed, accounts, days, port });
    if (json) {
      io.stdout.write(
        `${JSON.stringify({
          amplitude: sb.amplitude,
          mixpanel: sb.mixpanel,
          pendo: sb.pendo,
          controlUrl: `${sb.baseUrl}/__sandbox`,
          accounts: sb.portfolio.accounts,
          days: sb.portfolio.days,
          seed: sb.portfolio.seed,
        })}\n`,
      );
    } else {
      io.stdout.write(
        [
          `Pulse vendor sandboxes (seed ${sb.portfolio.seed}, ${sb.portfolio.accounts} accounts, ${sb.portfolio.days} days)`,
          `Amplitude  ${sb.amplitude.baseUrl}  (EU host: ${sb.amplitude.euBaseUrl})`,
          `           api key ${sb.amplitude.apiKey}  secret key ${sb.amplitude.secretKey}  project ${sb.amplitude.projectId}`,
          `Mixpanel   ${sb.mixpanel.baseUrl}`,
          `           project ${sb.mixpanel.projectId}  service account ${sb.mixpanel.username}  secret ${sb.mixpanel.secret}`,
          `Pendo      ${sb.pendo.baseUrl}`,
          `           integration key ${sb.pendo.integrationKey}  (time zone ${sb.pendo.timeZone})`,
          `Faults     POST ${sb.baseUrl}/__sandbox/faults   stats GET ${sb.baseUrl}/__sandbox/stats`,
          'Press Ctrl+C to stop.',
          '',
        ].join('\n'),
      );
    }
    await io.interrupted;
    await sb.close();
    return 0;
  },
};
