import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groundTruth, type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';
import { probeKeychain } from '../../../src-main/core/secrets';
import { runPulse } from '../../support/cliRun';
import { startTestCore } from '../../support/coreHarness';
import { makeTempDir } from '../../support/tempDir';

/**
 * `pulse import` with real export files fetched from the sandboxes: the stored aggregates equal the
 * demo portfolio's ground truth, a second import of the same file changes nothing, and bad files end
 * in specific errors with nothing written.
 */
const NOW = Date.parse('2025-03-15T15:30:00Z');
const DAY = 86_400_000;
let sb: RunningSandboxes;
let core: Awaited<ReturnType<typeof startTestCore>>;
const files = makeTempDir('pulse-import-files-');
const paths = { amplitude: '', mixpanel: '', csv: '' };

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const compact = (ms: number) => ymd(ms).replaceAll('-', '');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

beforeAll(async () => {
  sb = await startSandboxes({ seed: 11, accounts: 6, days: 6, clock: { now: () => NOW } });
  core = await startTestCore();
  await core.client.call('settings.update', { patch: { timezone: 'UTC' } });
  const first = sb.portfolio.startMs;
  const amp = await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=${compact(first)}T00&end=${compact(NOW)}T15`, {
    headers: { authorization: basic(sb.amplitude.apiKey, sb.amplitude.secretKey) },
  });
  expect(amp.status).toBe(200);
  paths.amplitude = join(files.path, 'amplitude-export.zip');
  writeFileSync(paths.amplitude, Buffer.from(await amp.arrayBuffer()));
  const mp = await fetch(
    `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=${ymd(first)}&to_date=${ymd(NOW)}&project_id=${sb.mixpanel.projectId}`,
    { headers: { authorization: basic(sb.mixpanel.username, sb.mixpanel.secret) } },
  );
  expect(mp.status).toBe(200);
  paths.mixpanel = join(files.path, 'mixpanel.jsonl');
  writeFileSync(paths.mixpanel, Buffer.from(await mp.arrayBuffer()));
  paths.csv = join(files.path, 'events.csv');
  writeFileSync(
    paths.csv,
    'timestamp,user_id,account_id,event,feature_id\n2025-03-10T10:00:00Z,u1,acme,Login,\n2025-03-10T10:05:00Z,u1,acme,Export,export-button\nbad,u2,acme,Login,\n1741601000,u2,globex,Login,\n',
  );
}, 120_000);

afterAll(async () => {
  await core?.close();
  await sb?.close();
  files.remove();
});

function stored(label: string): Map<string, number> {
  const db = new BetterSqlite3(join(core.dataDir, 'pulse.db'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `select a.account_id, a.day, sum(a.events) as events from activity_days a join connections c on c.id = a.connection_id
         where c.label = ? and a.account_id != '' group by a.account_id, a.day`,
      )
      .all(label) as Array<{ account_id: string; day: string; events: number }>;
    return new Map(rows.map((r) => [`${r.account_id}|${r.day}`, r.events]));
  } finally {
    db.close();
  }
}

function truth(vendor: 'amplitude' | 'mixpanel', toDay: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of groundTruth(sb.portfolio, { vendor, toDay }).userDays) {
    const key = `${row.accountId}|${row.day}`;
    out.set(key, (out.get(key) ?? 0) + row.events);
  }
  return out;
}

function expectEqualUpTo(label: string, vendor: 'amplitude' | 'mixpanel', lastDay: string): void {
  const mine = new Map([...stored(label)].filter(([key]) => (key.split('|')[1] ?? '') <= lastDay));
  const expected = truth(vendor, lastDay);
  expect(expected.size).toBeGreaterThan(0);
  expect(Object.fromEntries(mine)).toEqual(Object.fromEntries(expected));
}

describe('file import', () => {
  it('imports an Amplitude export ZIP; the aggregates equal the ground truth; re-import is idempotent', async () => {
    const first = await core.client.call('import.file', { path: paths.amplitude, format: 'amplitude-export', label: 'Amp file' });
    expect(first).toMatchObject({
      createdConnection: true,
      alreadyImported: false,
      run: { trigger: 'import', outcome: 'succeeded' },
    });
    expect(first.run.eventsRead).toBeGreaterThan(100);
    // Amplitude exports by upload time: events of the last two days may still be in the upload lag.
    const lastFullDay = ymd(NOW - 2 * DAY);
    expectEqualUpTo('Amp file', 'amplitude', lastFullDay);
    const before = stored('Amp file');
    const again = await core.client.call('import.file', { path: paths.amplitude, format: 'amplitude-export', label: 'Amp file' });
    expect(again).toMatchObject({ createdConnection: false, alreadyImported: true, run: { outcome: 'succeeded' } });
    expect(stored('Amp file')).toEqual(before);
    const list = await core.client.call('connections.list', {});
    expect(list.filter((c) => c.label === 'Amp file')).toHaveLength(1);
  });

  it('imports a Mixpanel JSON-lines export equal to the ground truth, idempotently', async () => {
    const result = await core.client.call('import.file', { path: paths.mixpanel, format: 'mixpanel-jsonl', label: 'MP file' });
    expect(result.run).toMatchObject({ outcome: 'succeeded', eventsRejected: 0 });
    const lastFullDay = ymd(NOW - DAY);
    expectEqualUpTo('MP file', 'mixpanel', lastFullDay);
    const before = stored('MP file');
    await core.client.call('import.file', { path: paths.mixpanel, format: 'mixpanel-jsonl', label: 'MP file' });
    expect(stored('MP file')).toEqual(before);
    // Imports keep the listed breakdown properties too (default plan, platform, role; the demo carries plan and role).
    const db = new BetterSqlite3(join(core.dataDir, 'pulse.db'), { readonly: true });
    try {
      const properties = db
        .prepare(
          `select distinct p.property from property_event_days p join connections c on c.id = p.connection_id
           where c.label = 'MP file' order by 1`,
        )
        .all() as Array<{ property: string }>;
      expect(properties.map((p) => p.property)).toEqual(['plan', 'role']);
    } finally {
      db.close();
    }
  });

  it('imports CSV rows, counts the bad ones, and links accounts', async () => {
    const result = await core.client.call('import.file', { path: paths.csv, format: 'csv', label: 'CSV file' });
    expect(result.run).toMatchObject({ outcome: 'succeeded', eventsRead: 3, eventsRejected: 1 });
    expect(result.run.warnings.join(' ')).toMatch(/no readable timestamp/);
    expect(Object.fromEntries(stored('CSV file'))).toEqual({ 'acme|2025-03-10': 2, 'globex|2025-03-10': 1 });
  });

  it('refuses a cut-off ZIP or gzip with a specific error and writes nothing', async () => {
    const whole = zlib.gzipSync(Buffer.from('{"event_type":"x"}\n'.repeat(1000)));
    const cutGz = join(files.path, 'cut.json.gz');
    writeFileSync(cutGz, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(core.client.call('import.file', { path: cutGz, format: 'amplitude-export', label: 'Cut' })).rejects.toThrow(
      /cut off \(truncated\); nothing was imported/,
    );
    const { readFileSync } = await import('node:fs');
    const zip = readFileSync(paths.amplitude);
    const cutZip = join(files.path, 'cut.zip');
    writeFileSync(cutZip, zip.subarray(0, Math.floor(zip.length * 0.7)));
    await expect(core.client.call('import.file', { path: cutZip, format: 'amplitude-export', label: 'Cut' })).rejects.toThrow(
      /ZIP file cut\.zip (is cut off|cannot be read)/,
    );
    expect(stored('Cut').size).toBe(0);
    const runs = await core.client.call('sync.runs', { connection: 'Cut', limit: 10 });
    expect(runs.map((r) => [r.trigger, r.outcome])).toEqual([
      ['import', 'failed'],
      ['import', 'failed'],
    ]);
  });

  it('names the expected format for the wrong file, and the missing CSV columns', async () => {
    await expect(core.client.call('import.file', { path: paths.amplitude, format: 'csv', label: 'Wrong' })).rejects.toThrow(
      /ZIP archive .*--format csv expects a CSV file/,
    );
    await expect(
      core.client.call('import.file', { path: paths.mixpanel, format: 'amplitude-export', label: 'Wrong2' }),
    ).rejects.toThrow(/could be read as amplitude-export.*try --format mixpanel-jsonl/);
    const noColumns = join(files.path, 'cols.csv');
    writeFileSync(noColumns, 'when,who,event\n2025-03-10,u1,Login\n');
    await expect(core.client.call('import.file', { path: noColumns, format: 'csv', label: 'Cols' })).rejects.toThrow(
      /lacks the required columns timestamp, user_id, account_id/,
    );
  });

  it('runs through `pulse import` on the command line', async (ctx) => {
    const run = (args: string[]) => runPulse(cli.path, args);
    const cli = makeTempDir('pulse-import-cli-');
    try {
      const wrong = await run(['import', paths.mixpanel, '--format', 'csv', '--label', 'X']);
      expect(wrong.code).toBe(1);
      expect(wrong.err).toMatch(/This file is JSON, not CSV, but --format csv expects a CSV file.*try --format mixpanel-jsonl/);
      // The workspace's user-key secret lives in the OS keychain: without one the CLI cannot import.
      if (!(await probeKeychain()).store) return ctx.skip();
      const first = await run(['import', paths.mixpanel, '--format', 'mixpanel-jsonl', '--label', 'MP cli']);
      expect(first.err).not.toMatch(/failed/);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/MP cli: imported [\d,]+ events .*new file-import connection/);
      const second = await run(['import', paths.mixpanel, '--format', 'mixpanel-jsonl', '--label', 'MP cli', '--json']);
      expect(JSON.parse(second.out)).toMatchObject({ alreadyImported: true, run: { outcome: 'succeeded' } });
    } finally {
      cli.remove();
    }
  });
});
