import { parseArgs } from 'node:util';
import { type HealthConfig, type Settings, settingsSchema } from '../../../src-shared/contract';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

const HEALTH_ROOTS = ['weights', 'thresholds', 'bands', 'minCoverage', 'trendArrowPoints', 'rules'] as const;
const SETTINGS_KEYS = Object.keys(settingsSchema.shape) as Array<keyof Settings>;

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'Workspace settings and the health/alert configuration: get or set one key',
  usage: `pulse config get [KEY] [--json]
pulse config set KEY VALUE [--json]

Workspace settings: ${SETTINGS_KEYS.map(kebab).join(', ')} (e.g. timezone, week-start).
Health and alerts: weights, thresholds, bands, min-coverage, trend-arrow-points, rules, or any part of
them with dots, e.g.
  pulse config set weights.engagement 40
  pulse config set thresholds.engagement.good 0.25
  pulse config set bands.green 80
  pulse config set rules.usageDrop.minDrop 0.3
  pulse config set rules.noActivity.enabled false
  pulse config set weights '{"engagement":30,"adoption":20,"retention":25,"trajectory":25,"guides":0}'
VALUE is read as JSON when it parses (numbers, true/false, null, objects), else as text.
Changing the health configuration (or the time zone, week start or late-data days) recomputes every
customer's health history and alerts.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    const [action, key, raw, ...rest] = positionals;
    if (action === 'get') {
      if (raw !== undefined) throw new CliUsageError('usage: pulse config get [KEY]');
      return withCore(io, async (client) => {
        const settings = await client.call('settings.get', {});
        const health = await client.call('health.config.get', {});
        if (key === undefined) {
          if (values.json) io.stdout.write(`${JSON.stringify({ settings, health })}\n`);
          else {
            const lines = SETTINGS_KEYS.map((k) => `${kebab(k)} = ${JSON.stringify(settings[k])}`);
            lines.push('', `# health and alerts (configuration version ${health.version})`);
            for (const [path, value] of flatten(health.config)) lines.push(`${path} = ${JSON.stringify(value)}`);
            io.stdout.write(`${lines.join('\n')}\n`);
          }
          return 0;
        }
        const target = resolveKey(key);
        const value = target.kind === 'setting' ? settings[target.key] : getPath(health.config, target.path, key);
        io.stdout.write(values.json || typeof value === 'object' ? `${JSON.stringify(value)}\n` : `${String(value)}\n`);
        return 0;
      });
    }
    if (action === 'set') {
      if (key === undefined || raw === undefined || rest.length > 0) throw new CliUsageError('usage: pulse config set KEY VALUE');
      const value = parseValue(raw);
      const target = resolveKey(key);
      return withCore(io, async (client) => {
        let saved: unknown;
        if (target.kind === 'setting') {
          const next = await client.call('settings.update', { patch: { [target.key]: value } });
          saved = next[target.key];
        } else {
          const current = await client.call('health.config.get', {});
          const config = structuredClone(current.config) as HealthConfig;
          setPath(config, target.path, value, key);
          const next = await client.call('health.config.set', { config, expectedVersion: current.version });
          saved = target.path.length === 0 ? next.config : getPath(next.config, target.path, key);
          if (!values.json)
            io.stderr.write(`Health configuration version ${next.version}; health history and alerts recomputed.\n`);
        }
        io.stdout.write(values.json ? `${JSON.stringify({ key, value: saved })}\n` : `${key} = ${JSON.stringify(saved)}\n`);
        return 0;
      });
    }
    throw new CliUsageError('usage: pulse config get [KEY] | pulse config set KEY VALUE');
  },
};

type Target = { kind: 'setting'; key: keyof Settings } | { kind: 'health'; path: string[] };

/** "week-start" → setting weekStart; "rules.usage-drop.min-drop" → health path [rules, usageDrop, minDrop]. */
function resolveKey(key: string): Target {
  const parts = key.split('.').map(camel);
  const [root, ...rest] = parts;
  if (root === undefined || root === '') throw new CliUsageError('name a key');
  if (rest.length === 0 && (SETTINGS_KEYS as string[]).includes(root)) return { kind: 'setting', key: root as keyof Settings };
  if (root === 'health') return { kind: 'health', path: rest };
  if ((HEALTH_ROOTS as readonly string[]).includes(root)) return { kind: 'health', path: parts };
  throw new CliUsageError(
    `unknown key "${key}". Settings: ${SETTINGS_KEYS.map(kebab).join(', ')}; health: ${HEALTH_ROOTS.map(kebab).join(', ')} (with .parts)`,
  );
}

function getPath(root: unknown, path: string[], key: string): unknown {
  let node = root;
  for (const part of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) throw new CliUsageError(`unknown key "${key}"`);
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function setPath(root: HealthConfig, path: string[], value: unknown, key: string): void {
  if (path.length === 0) {
    if (typeof value !== 'object' || value === null)
      throw new CliUsageError('the whole health configuration takes a JSON object');
    Object.assign(root, value);
    return;
  }
  const parent = getPath(root, path.slice(0, -1), key);
  const last = path[path.length - 1] as string;
  if (typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, last))
    throw new CliUsageError(`unknown key "${key}"`);
  (parent as Record<string, unknown>)[last] = value;
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function flatten(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

function camel(s: string): string {
  return s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
