import { parseArgs } from 'node:util';
import {
  type AlertAction,
  type AlertRuleType,
  type AlertStatus,
  alertRuleTypes,
  alertStatuses,
} from '../../../src-shared/contract';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

const actions: Record<string, AlertAction> = {
  ack: 'acknowledge',
  acknowledge: 'acknowledge',
  dismiss: 'dismiss',
  resolve: 'resolve',
};

export const alertsCommand: CliCommand = {
  name: 'alerts',
  summary: 'Alerts: list them (by owner, status, customer) or acknowledge, dismiss, resolve one',
  usage: `pulse alerts [--customer NAME] [--owner NAME] [--status open|acknowledged|dismissed|resolved|all] [--rule RULE] [--json]
pulse alerts acknowledge|dismiss|resolve ID [--note TEXT] [--json]

Lists open and acknowledged alerts by default; --status takes a comma-separated list or "all".
Rules: ${alertRuleTypes.join(', ')}.
Alerts fire only on complete days outside the late-data horizon, one per customer, rule and subject
while open; they resolve themselves when the condition clears.
--json prints AlertSummary[] (or the updated AlertSummary) as documented in docs/cli.md.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        owner: { type: 'string' },
        status: { type: 'string' },
        customer: { type: 'string' },
        rule: { type: 'string' },
        note: { type: 'string' },
        limit: { type: 'string' },
      },
    });
    const [first, second, ...rest] = positionals;
    if (first !== undefined) {
      const action = actions[first];
      if (!action) throw new CliUsageError(`unknown action "${first}" (acknowledge, dismiss or resolve)`);
      const id = Number(second);
      if (!Number.isInteger(id) || id < 1 || rest.length > 0) throw new CliUsageError(`usage: pulse alerts ${first} ID`);
      return withCore(io, async (client) => {
        const alert = await client.call('alerts.update', { id, action, note: values.note ?? null });
        io.stdout.write(
          values.json
            ? `${JSON.stringify(alert)}\n`
            : `Alert ${alert.id} is now ${alert.status}: ${alert.customer.name}, ${alert.title}\n`,
        );
        return 0;
      });
    }
    const status = parseStatuses(values.status);
    if (values.rule && !(alertRuleTypes as readonly string[]).includes(values.rule)) {
      throw new CliUsageError(`unknown rule "${values.rule}" (${alertRuleTypes.join(', ')})`);
    }
    const limit = values.limit === undefined ? 500 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new CliUsageError('--limit takes 1 … 5000');
    return withCore(io, async (client) => {
      const list = await client.call('alerts.list', {
        status,
        owner: values.owner ?? null,
        customer: values.customer ?? null,
        rule: (values.rule as AlertRuleType | undefined) ?? null,
        limit,
      });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(list)}\n`);
        return 0;
      }
      if (list.length === 0) {
        io.stdout.write(`No ${status.join(' or ')} alerts${values.owner ? ` for ${values.owner}` : ''}.\n`);
        return 0;
      }
      for (const a of list) {
        io.stdout.write(
          `#${a.id} ${a.status.toUpperCase()} ${a.severity} ${a.customer.name}${a.owner ? ` (${a.owner})` : ''}: ${a.title}\n` +
            `    since ${a.openedOn}, last ${a.lastFiredOn}; ${a.suggestedAction}\n`,
        );
      }
      return 0;
    });
  },
};

function parseStatuses(value: string | undefined): AlertStatus[] {
  if (!value) return ['open', 'acknowledged'];
  if (value === 'all') return [...alertStatuses];
  const list = value.split(',').map((s) => s.trim());
  for (const s of list)
    if (!(alertStatuses as readonly string[]).includes(s))
      throw new CliUsageError(`unknown status "${s}" (${alertStatuses.join(', ')}, all)`);
  return list as AlertStatus[];
}
