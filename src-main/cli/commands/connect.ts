import { parseArgs } from 'node:util';
import { type ConnectionInput, regionsByVendor, type VendorName, vendorSchema } from '../../../src-shared/contract';
import { type CliCommand, type CliIo, CliUsageError } from '../command';
import { withCore } from '../coreSession';
import { promptHidden } from '../hiddenPrompt';

const secretEnv: Record<VendorName, Array<{ field: string; env: string; prompt: string }>> = {
  amplitude: [
    { field: 'apiKey', env: 'PULSE_AMPLITUDE_API_KEY', prompt: 'Amplitude API key: ' },
    { field: 'secretKey', env: 'PULSE_AMPLITUDE_SECRET_KEY', prompt: 'Amplitude secret key: ' },
  ],
  mixpanel: [{ field: 'secret', env: 'PULSE_MIXPANEL_SECRET', prompt: 'Mixpanel service-account secret (or project secret): ' }],
  pendo: [{ field: 'integrationKey', env: 'PULSE_PENDO_INTEGRATION_KEY', prompt: 'Pendo integration key: ' }],
};

const usage = `pulse connect amplitude|mixpanel|pendo --label LABEL [options]

Adds a vendor connection. Secrets are read from environment variables, or asked for without echo
on a terminal; never from flags.
  Amplitude  PULSE_AMPLITUDE_API_KEY, PULSE_AMPLITUDE_SECRET_KEY
  Mixpanel   PULSE_MIXPANEL_SECRET (service-account secret with --username and --project-id,
             or a legacy project secret alone)
  Pendo      PULSE_PENDO_INTEGRATION_KEY

Options:
  --label LABEL        a name for this connection (required, unique)
  --region R           amplitude: us|eu; mixpanel: us|eu|in; pendo: us|us1|eu|jp|au (default us)
  --base-url URL       send requests here instead of the vendor's host (a proxy, or \`pulse sandbox\`)
  --username U         Mixpanel service-account username
  --project-id N       Mixpanel project id (required with a service account)
  --group-key K        Mixpanel account group key property (default company_id)
  --group-type T       Amplitude account group type (default company)
  --app-id A           Pendo app id (default: all apps)
  --vendor-timezone Z  the vendor project's / Pendo subscription's time zone (IANA)
  --requests-per-hour N  the hourly request budget, if your plan differs from the vendor default
  --no-test            save without making a test call
  --json               print the connection as JSON`;

export const connectCommand: CliCommand = {
  name: 'connect',
  summary: 'Add a Pendo, Amplitude or Mixpanel connection (keys go to the OS keychain)',
  usage,
  async run(args, io) {
    const forbidden = args.find((a) => /^--(api-key|secret|secret-key|integration-key|key|password)(=|$)/.test(a));
    if (forbidden) {
      throw new CliUsageError(
        `secrets are never taken from flags (${forbidden.split('=')[0]}): they would end up in shell history. Use the environment variables listed below.`,
      );
    }
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        label: { type: 'string' },
        region: { type: 'string' },
        'base-url': { type: 'string' },
        username: { type: 'string' },
        'project-id': { type: 'string' },
        'group-key': { type: 'string' },
        'group-type': { type: 'string' },
        'app-id': { type: 'string' },
        'vendor-timezone': { type: 'string' },
        'requests-per-hour': { type: 'string' },
        'no-test': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const vendorArg = vendorSchema.safeParse(positionals[0]);
    if (!vendorArg.success) throw new CliUsageError('name the vendor: amplitude, mixpanel or pendo');
    const vendor = vendorArg.data;
    if (!values.label) throw new CliUsageError('--label is required');
    const region = values.region ?? 'us';
    if (!(regionsByVendor[vendor] as readonly string[]).includes(region)) {
      throw new CliUsageError(`${vendor} regions are ${regionsByVendor[vendor].join(', ')}`);
    }
    const settings: Record<string, string | number> = {};
    if (vendor === 'mixpanel') {
      if (values.username) settings.username = values.username;
      if (values['project-id']) settings.projectId = values['project-id'];
      if (values['group-key']) settings.groupKey = values['group-key'];
      if (values['vendor-timezone']) settings.projectTimeZone = values['vendor-timezone'];
    } else if (vendor === 'amplitude') {
      if (values['group-type']) settings.groupType = values['group-type'];
      if (values['vendor-timezone']) settings.projectTimeZone = values['vendor-timezone'];
    } else {
      if (values['app-id']) settings.appId = values['app-id'];
      if (values['vendor-timezone']) settings.subscriptionTimeZone = values['vendor-timezone'];
    }
    if (values['requests-per-hour']) {
      const n = Number(values['requests-per-hour']);
      if (!(n > 0)) throw new CliUsageError('--requests-per-hour must be a positive number');
      settings.requestsPerHour = n;
    }
    const secrets = await readSecrets(vendor, io);
    const input = {
      vendor,
      label: values.label,
      region,
      baseUrl: values['base-url'] ?? null,
      settings,
      secrets,
    } satisfies ConnectionInput;

    return withCore(io, async (client) => {
      const created = await client.call('connections.create', input);
      if (!values['no-test']) {
        const test = await client.call('connections.test', { connection: created.id });
        if (!test.ok) {
          await client.call('connections.remove', { connection: created.id });
          io.stderr.write(
            `pulse connect: the test call failed, so "${created.label}" was not saved.\n  ${test.message}\n` +
              (test.suggestedRegion ? `  Try again with --region ${test.suggestedRegion}.\n` : ''),
          );
          return 1;
        }
        if (!values.json) io.stdout.write(`${test.message}\n`);
      }
      if (values.json) io.stdout.write(`${JSON.stringify(created)}\n`);
      else
        io.stdout.write(
          `Connected ${vendor} as "${created.label}" (${created.region}). Run \`pulse sync --connection "${created.label}"\` to fetch data.\n`,
        );
      return 0;
    });
  },
};

async function readSecrets(vendor: VendorName, io: CliIo): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  for (const { field, env, prompt } of secretEnv[vendor]) {
    let value = io.env[env]?.trim();
    if (!value) {
      if (!io.stdin.isTTY) throw new CliUsageError(`set ${env} in the environment (secrets are never taken from flags)`);
      value = await promptHidden(io, prompt);
    }
    if (!value) throw new CliUsageError(`${env} is empty`);
    secrets[field] = value;
  }
  return secrets;
}
