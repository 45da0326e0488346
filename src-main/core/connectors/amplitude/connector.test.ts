import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isVendorError, type VendorError } from '../http';
import type { ConnectorConfig } from '../types';
import { type AmplitudeConnectorOptions, createAmplitudeConnector, parseActiveUsers } from './connector';
import type { AmplitudeSettings } from './settings';
import { buildZip, collectingSink, countingContext, droppingBody, type FixtureEntry, gz, sample } from './testFixtures';

const NOW = Date.UTC(2026, 10, 20, 15, 30); // 2026-11-20 15:30 UTC
const H = 3_600_000;
const D = 86_400_000;

type Handler = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

function makeConnector(
  handler: Handler,
  over: Partial<ConnectorConfig<AmplitudeSettings>> = {},
  options: AmplitudeConnectorOptions = {},
) {
  const calls: URL[] = [];
  const auths: (string | undefined)[] = [];
  const http = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push(url);
    auths.push((init?.headers as Record<string, string> | undefined)?.Authorization);
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    return handler(url, init);
  }) as typeof fetch;
  const connector = createAmplitudeConnector(
    {
      connectionId: 'c1',
      region: 'us',
      baseUrl: null,
      settings: { groupType: 'company', cohortPollMs: 0 },
      secrets: { apiKey: 'KEY', secretKey: 'SECRET' },
      http,
      clock: { now: () => NOW },
      ...over,
    },
    { hosts: { us: 'http://us.test', eu: 'http://eu.test' }, ...options },
  );
  return { connector, calls, auths };
}

function ev(i: number, account: string | string[] | null, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    uuid: `u-${i}`,
    event_type: 'Page Viewed',
    amplitude_id: 1000 + (i % 5),
    user_id: `user${i % 5}`,
    device_id: 'dev',
    event_time: `2026-11-19 0${i % 10}:00:00.000000`,
    session_id: 1763510400000,
    groups: account === null ? {} : { company: account },
    group_properties:
      account === null ? {} : { company: { [String(account)]: { name: `Name ${account}`, domain: `${account}.example` } } },
    user_properties: { email: `user${i % 5}@x.example` },
    ...extra,
  });
}

function zipResponse(entries: FixtureEntry[]): Response {
  return new Response(new Uint8Array(buildZip(entries)), { status: 200, headers: { 'Content-Type': 'application/zip' } });
}

const dayWindow = { key: '2026-11-19', stream: 'events', fromMs: Date.UTC(2026, 10, 19), toMs: Date.UTC(2026, 10, 20) };

async function failure(p: Promise<unknown>): Promise<VendorError> {
  try {
    await p;
  } catch (error) {
    if (isVendorError(error)) return error;
    throw error;
  }
  throw new Error('expected a VendorError');
}

// Downloads go to os.tmpdir(); a private TMPDIR for this file means folders left by other processes (killed
// syncs in the reliability suite) cannot be mistaken for ours.
const sharedTmp = tmpdir();
const privateTmp = mkdtempSync(join(sharedTmp, 'pulse-amp-connector-test-'));
process.env.TMPDIR = privateTmp;
afterAll(() => {
  process.env.TMPDIR = sharedTmp;
  rmSync(privateTmp, { recursive: true, force: true });
});

function tempLeftovers(): string[] {
  expect(tmpdir()).toBe(privateTmp);
  return readdirSync(privateTmp).filter((n) => n.startsWith('pulse-amplitude-'));
}

describe('planWindows', () => {
  const { connector } = makeConnector(() => new Response(null, { status: 500 }));
  const base = { now: NOW, backfillDays: 3, lookbackDays: 2, full: false };

  it('backfills whole UTC days up to now − 2 h, the last one partial', () => {
    const windows = connector.planWindows({ ...base, checkpoint: null });
    expect(windows.map((w) => w.key)).toEqual(['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    expect(windows[0]).toEqual({
      key: '2026-11-17',
      stream: 'events',
      fromMs: Date.UTC(2026, 10, 17),
      toMs: Date.UTC(2026, 10, 18),
    });
    // now − 2 h = 13:30 → the 13:00 hour is the last one requested.
    expect(windows[3]?.toMs).toBe(Date.UTC(2026, 10, 20, 14));
  });

  it('resumes from the checkpoint minus the look-back, never before the backfill', () => {
    const cp = connector.checkpointAfter({ ...dayWindow }, null);
    expect(connector.planWindows({ ...base, checkpoint: cp, lookbackDays: 0 }).map((w) => w.key)).toEqual(['2026-11-20']);
    expect(connector.planWindows({ ...base, checkpoint: cp, lookbackDays: 1 }).map((w) => w.key)).toEqual([
      '2026-11-19',
      '2026-11-20',
    ]);
    expect(connector.planWindows({ ...base, checkpoint: cp, lookbackDays: 30 }).map((w) => w.key)).toEqual([
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
    expect(connector.planWindows({ ...base, checkpoint: cp, lookbackDays: 0, full: true })).toHaveLength(4);
  });

  it('re-fetches a partial day after its checkpoint', () => {
    const partial = connector.planWindows({ ...base, checkpoint: null }).at(-1)!;
    const cp = connector.checkpointAfter(partial, null);
    expect(connector.planWindows({ ...base, checkpoint: cp, lookbackDays: 0 }).map((w) => w.key)).toEqual(['2026-11-20']);
    expect(connector.planWindows({ ...base, now: NOW + 2 * D, checkpoint: cp, lookbackDays: 0 }).map((w) => w.key)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
  });

  it('treats an unreadable checkpoint as none and keeps checkpoints monotonic', () => {
    expect(connector.planWindows({ ...base, checkpoint: 'garbage' })).toHaveLength(4);
    const later = connector.checkpointAfter({ ...dayWindow, key: '2026-11-20', toMs: Date.UTC(2026, 10, 21) }, null);
    const after = connector.checkpointAfter(dayWindow, later);
    expect(JSON.parse(after).uploadedThroughMs).toBe(Date.UTC(2026, 10, 21));
  });
});

describe('fetchWindow', () => {
  it('requests the UTC upload day T00..T23 with Basic auth, through schedule, and parses every entry', async () => {
    const entries: FixtureEntry[] = [
      { name: '123/', data: Buffer.alloc(0) },
      { name: '123/123_2026-11-19_10#627.json.gz', data: gz([ev(1, 'a1'), ev(2, ['a1', 'a2'])]) },
      {
        name: '123/123_2026-11-19_9#70.json.gz',
        data: gz([ev(3, null), '{"broken":', ev(4, 'a2')]),
        method: 8,
        descriptor: true,
      },
      { name: '123/123_2026-11-19_9#627.json.gz', data: gz([]), method: 8 },
    ];
    const { connector, calls, auths } = makeConnector(() => zipResponse(entries));
    const sink = collectingSink();
    const ctx = countingContext();
    await connector.fetchWindow(dayWindow, sink, ctx);
    expect(calls.map((u) => `${u.pathname}?${u.searchParams}`)).toEqual(['/api/2/export?start=20261119T00&end=20261119T23']);
    expect(auths[0]).toBe(`Basic ${Buffer.from('KEY:SECRET').toString('base64')}`);
    expect(ctx.scheduled).toBe(1);
    expect(sink.events.map((e) => [e.insertId, e.accountId])).toEqual([
      ['u-1', 'a1'],
      ['u-2', 'a1'],
      ['u-2', 'a2'],
      ['u-3', null],
      ['u-4', 'a2'],
    ]);
    expect(sink.rejections).toEqual(['Amplitude export: a line is not valid JSON.']);
    expect(connector.accountsSeen()).toEqual([
      { accountId: 'a1', name: 'Name a1', domain: 'a1.example', properties: { name: 'Name a1', domain: 'a1.example' } },
      { accountId: 'a2', name: 'Name a2', domain: 'a2.example', properties: { name: 'Name a2', domain: 'a2.example' } },
    ]);
    expect(tempLeftovers()).toEqual([]);
  });

  it('stops at the hour containing now − 2 h for today', async () => {
    const { connector, calls } = makeConnector(() => new Response('Raw data files were not found.', { status: 404 }));
    const today = connector.planWindows({ now: NOW, backfillDays: 0, lookbackDays: 0, full: false, checkpoint: null });
    expect(today.map((w) => w.key)).toEqual(['2026-11-20']);
    await connector.fetchWindow(today[0]!, collectingSink(), countingContext());
    expect(calls[0]?.search).toBe('?start=20261120T00&end=20261120T13');
  });

  it('treats 404 as an empty window', async () => {
    const { connector } = makeConnector(() => new Response('Raw data files were not found.', { status: 404 }));
    const sink = collectingSink();
    await connector.fetchWindow(dayWindow, sink, countingContext());
    expect(sink.events).toEqual([]);
  });

  it('splits a too-large (400) or timed-out (504) range down into halves feeding one sink', async () => {
    const ranges: string[] = [];
    const { connector } = makeConnector((url) => {
      const start = url.searchParams.get('start')!;
      const end = url.searchParams.get('end')!;
      ranges.push(`${start.slice(9)}-${end.slice(9)}`);
      const hours = Number(end.slice(9)) - Number(start.slice(9)) + 1;
      if (hours > 6) {
        return hours === 24
          ? new Response(
              'Raw data files were too large to export. Please reduce the time range of your request (maximum export size is 4GB).',
              { status: 400 },
            )
          : new Response('Gateway Timeout', { status: 504 });
      }
      const h = Number(start.slice(9));
      return hours === 6 && h === 18
        ? new Response('', { status: 404 })
        : zipResponse([{ name: `1/1_2026-11-19_${h}#1.json.gz`, data: gz([ev(h, 'a1')]) }]);
    });
    const sink = collectingSink();
    const ctx = countingContext();
    await connector.fetchWindow(dayWindow, sink, ctx);
    expect(ranges).toEqual(['00-23', '00-11', '00-05', '06-11', '12-23', '12-17', '18-23']);
    expect(sink.events.map((e) => e.insertId)).toEqual(['u-0', 'u-6', 'u-12']);
    expect(ctx.scheduled).toBe(7);
  });

  it('gives up on one hour over the 4 GB limit with a clear, final error', async () => {
    const { connector } = makeConnector(() => new Response('Raw data files were too large to export.', { status: 400 }));
    const error = await failure(connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect(error.code).toBe('VENDOR_BAD_RESPONSE');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/One hour .* 4 GB .* S3 export/);
  });

  it('maps 429 with Retry-After and 5xx to retryable errors', async () => {
    const rl = makeConnector(
      () => new Response('{"error":"Too many requests"}', { status: 429, headers: { 'Retry-After': '7' } }),
    );
    const e429 = await failure(rl.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect([e429.code, e429.retryable, e429.retryAfterMs]).toEqual(['VENDOR_RATE_LIMITED', true, 7000]);
    const se = makeConnector(() => new Response('oops', { status: 503 }));
    const e503 = await failure(se.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect([e503.code, e503.retryable]).toEqual(['VENDOR_UNAVAILABLE', true]);
  });

  it('maps 401 to VENDOR_AUTH without leaking the keys', async () => {
    const { connector } = makeConnector(() => new Response('{"error":"Missing API/Secret Key"}', { status: 401 }));
    const error = await failure(connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect(error.code).toBe('VENDOR_AUTH');
    expect(error.message).toContain('Settings → Connections');
    expect(error.message).not.toMatch(/KEY:|SECRET/);
  });

  it('maps 403 to VENDOR_REGION when the other region accepts the keys', async () => {
    const { connector, calls } = makeConnector((url) =>
      url.host === 'eu.test'
        ? Response.json({ data: { series: [[1]], xValues: ['2026-11-19'] } })
        : new Response('{}', { status: 403 }),
    );
    const error = await failure(connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect(error.code).toBe('VENDOR_REGION');
    expect(error.message).toContain('EU region');
    expect(calls.map((u) => u.host)).toEqual(['us.test', 'eu.test']);
  });

  it('maps 403 to VENDOR_AUTH when no region accepts them, and does not probe with a base URL', async () => {
    const a = makeConnector(() => new Response('{}', { status: 403 }));
    const e1 = await failure(a.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect(e1.code).toBe('VENDOR_AUTH');
    const b = makeConnector(() => new Response('{}', { status: 403 }), { baseUrl: 'http://proxy.test/amp' });
    const e2 = await failure(b.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect(e2.code).toBe('VENDOR_AUTH');
    expect(e2.message).toMatch(/key .* wrong, or the project is in a region/);
    expect(b.calls.map((u) => u.href)).toEqual(['http://proxy.test/amp/api/2/export?start=20261119T00&end=20261119T23']);
  });

  it('refuses an HTML page or JSON with status 200', async () => {
    const html = makeConnector(
      () => new Response('<!doctype html><html>Login</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    );
    const e1 = await failure(html.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect([e1.code, e1.retryable]).toEqual(['VENDOR_BAD_RESPONSE', false]);
    expect(e1.message).toContain('HTML page');
    const json = makeConnector(() => Response.json({ data: [] }));
    const e2 = await failure(json.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect(e2.message).toContain('expected a ZIP archive');
    expect(tempLeftovers()).toEqual([]);
  });

  it('treats a truncated ZIP or gzip and a dropped connection as retryable', async () => {
    const zip = buildZip([{ name: '1/1_2026-11-19_1#1.json.gz', data: gz([ev(1, 'a'), ev(2, 'b')]) }]);
    const cut = makeConnector(() => new Response(new Uint8Array(zip.subarray(0, zip.length - 30)), { status: 200 }));
    const e1 = await failure(cut.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect([e1.code, e1.retryable]).toEqual(['VENDOR_BAD_RESPONSE', true]);
    expect(e1.message).toContain('cut off');

    const shortGz = gz([ev(1, 'a'), ev(2, 'b')]);
    const badEntry = buildZip([{ name: '1/1_2026-11-19_1#1.json.gz', data: shortGz.subarray(0, shortGz.length - 12) }]);
    const gzCut = makeConnector(() => new Response(new Uint8Array(badEntry), { status: 200 }));
    const e2 = await failure(gzCut.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect([e2.code, e2.retryable]).toEqual(['VENDOR_BAD_RESPONSE', true]);
    expect(e2.message).toContain('cut off');

    const dropped = makeConnector(() => new Response(droppingBody(zip.subarray(0, 100)), { status: 200 }));
    const e3 = await failure(dropped.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect([e3.code, e3.retryable]).toEqual(['NETWORK', true]);
    expect(tempLeftovers()).toEqual([]);
  });

  it('reports a stalled download as a retryable timeout', async () => {
    const zip = buildZip([{ name: '1/1_2026-11-19_1#1.json.gz', data: gz([ev(1, 'a')]) }]);
    const { connector } = makeConnector(
      (_url, init) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(zip.subarray(0, 50));
              init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
            },
          }),
          { status: 200 },
        ),
      {},
      { idleTimeoutMs: 50 },
    );
    const error = await failure(connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect([error.code, error.retryable]).toEqual(['TIMEOUT', true]);
  });

  it('reports missing keys and a bad group type setting before any request', async () => {
    const { connector, calls } = makeConnector(() => new Response(null, { status: 500 }), { secrets: { apiKey: 'KEY' } });
    const error = await failure(connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect(error.code).toBe('VENDOR_AUTH');
    expect(error.message).toContain('secret key is missing');
    expect(calls).toEqual([]);
    const bad = makeConnector(() => new Response(null, { status: 500 }), { settings: { groupType: '' } });
    const e2 = await failure(bad.connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
    expect(e2.message).toContain('groupType');
  });
});

describe('test()', () => {
  it('says the keys work', async () => {
    const { connector, calls } = makeConnector(() => Response.json({ data: { series: [[3]], xValues: ['2026-11-19'] } }));
    const result = await connector.test(countingContext());
    expect(result).toEqual({
      ok: true,
      message: 'Connected to Amplitude (US region): the API key and secret key work.',
      suggestedRegion: null,
    });
    expect(calls[0]?.pathname).toBe('/api/2/users');
  });

  it('suggests the other region on 403 when it accepts the keys', async () => {
    const { connector } = makeConnector((url) =>
      url.host === 'eu.test' ? new Response('', { status: 404 }) : new Response('', { status: 403 }),
    );
    const result = await connector.test(countingContext());
    expect(result.ok).toBe(false);
    expect(result.suggestedRegion).toBe('eu');
    expect(result.message).toContain('these Amplitude keys belong to the EU region'.replace('these', 'These'));
  });

  it('turns wrong keys, HTML, and unreachable hosts into plain messages', async () => {
    const wrong = await makeConnector(() => new Response('', { status: 403 })).connector.test(countingContext());
    expect(wrong).toMatchObject({ ok: false, suggestedRegion: null });
    expect(wrong.message).toContain('Check the key in Settings → Connections');
    const html = await makeConnector(() => new Response('<html>proxy</html>', { status: 200 })).connector.test(countingContext());
    expect(html.message).toContain('HTML page');
    const down = await makeConnector(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    }).connector.test(countingContext());
    expect(down.ok).toBe(false);
    expect(down.message).toContain('Cannot reach Amplitude');
  });
});

describe('accuracySamples', () => {
  it('reads the documented sample (seriesMeta, two segments summed)', () => {
    const byDay = parseActiveUsers(JSON.parse(sample('dashboard-users-response.json')));
    expect([...byDay]).toEqual([
      ['2017-08-14', 46109 + 42845],
      ['2017-08-15', 47542 + 42626],
    ]);
  });

  it('reads seriesLabels, picks the (none) row, and fails on the wrong shape', () => {
    const byDay = parseActiveUsers({
      data: { series: [[5, 6]], seriesLabels: ['(none)'], xValues: ['2026-11-18', '2026-11-19'] },
    });
    expect(byDay.get('2026-11-19')).toBe(6);
    expect(() => parseActiveUsers({ data: { rows: [] } })).toThrow(/expected/);
  });

  it('asks /api/2/users for the day range and returns the requested days only', async () => {
    const { connector, calls } = makeConnector(() =>
      Response.json({
        data: { series: [[5, 6, 7]], seriesMeta: ['(none)'], xValues: ['2026-11-17', '2026-11-18', '2026-11-19'] },
      }),
    );
    const samples = await connector.accuracySamples!(['2026-11-19', '2026-11-17', 'bogus'], countingContext());
    expect(calls[0]?.search).toBe('?start=20261117&end=20261119&m=active&i=1');
    expect(samples).toEqual([
      { metric: 'active_users', vendorValue: 5, day: '2026-11-17' },
      { metric: 'active_users', vendorValue: 7, day: '2026-11-19' },
    ]);
  });

  it('refuses a truncated JSON answer as retryable', async () => {
    const { connector } = makeConnector(() => new Response('{"data":{"series":[[5', { status: 200 }));
    const error = await failure(connector.accuracySamples!(['2026-11-19'], countingContext()));
    expect([error.code, error.retryable]).toEqual(['VENDOR_BAD_RESPONSE', true]);
  });
});

describe('cohorts and catalog', () => {
  it('lists cohorts and downloads members through the async flow', async () => {
    let polls = 0;
    const { connector, calls } = makeConnector((url) => {
      if (url.pathname === '/api/3/cohorts') return new Response(sample('cohorts-list-response.json'), { status: 200 });
      if (url.pathname === '/api/5/cohorts/request/id_12345')
        return Response.json({ request_id: 'r1', cohort_id: 'id_12345' }, { status: 202 });
      if (url.pathname === '/api/5/cohorts/request-status/r1') {
        polls++;
        return Response.json(
          { request_id: 'r1', async_status: polls > 1 ? 'JOB COMPLETED' : 'JOB INPROGRESS' },
          { status: polls > 1 ? 200 : 202 },
        );
      }
      if (url.pathname === '/api/5/cohorts/request/r1/file')
        return new Response('\uFEFFamplitude_id,user_id\n111,"a,b"\n222,c\n111,a\n', { status: 200 });
      return new Response('', { status: 404 });
    });
    const cohorts = await connector.cohorts!(countingContext());
    expect(cohorts).toEqual([{ cohortId: 'id_12345', name: 'Test Cohort 1', size: 111, memberUserIds: ['111', '222'] }]);
    expect(calls.map((u) => u.pathname)).toEqual([
      '/api/3/cohorts',
      '/api/5/cohorts/request/id_12345',
      '/api/5/cohorts/request-status/r1',
      '/api/5/cohorts/request-status/r1',
      '/api/5/cohorts/request/r1/file',
    ]);
  });

  it('respects the download limit and refuses a list of the wrong shape', async () => {
    const list = {
      cohorts: [
        { id: 'a', name: 'A', size: 1 },
        { id: 'b', name: 'B', archived: true },
      ],
    };
    const { connector, calls } = makeConnector(() => Response.json(list), { settings: { cohortDownloadLimit: 0 } });
    expect(await connector.cohorts!(countingContext())).toEqual([
      { cohortId: 'a', name: 'A', size: 1, memberUserIds: null },
      { cohortId: 'b', name: 'B', size: null, memberUserIds: null },
    ]);
    expect(calls).toHaveLength(1);
    const wrong = makeConnector(() => Response.json({ data: [] }));
    const error = await failure(wrong.connector.cohorts!(countingContext()));
    expect(error.message).toContain('expected {"cohorts"');
  });

  it('maps the event list to catalog items and skips a missing endpoint', async () => {
    const ok = makeConnector(() =>
      Response.json({
        data: [
          { value: 'Signed Up', totals: 5, display: 'Signed up' },
          { value: 'Old', deleted: true },
        ],
      }),
    );
    expect(await ok.connector.catalog!(countingContext())).toEqual([
      {
        kind: 'event',
        itemId: 'Signed Up',
        name: 'Signed up',
        group: null,
        isCore: false,
        details: { totals: 5, display: 'Signed up' },
      },
    ]);
    const missing = makeConnector(() => new Response('{}', { status: 404 }));
    expect(await missing.connector.catalog!(countingContext())).toEqual([]);
  });
});

describe('cancellation', () => {
  it('throws CANCELLED when the context is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { connector } = makeConnector(() => zipResponse([]));
    const error = await failure(connector.fetchWindow(dayWindow, collectingSink(), countingContext(controller.signal)));
    expect(error.code).toBe('CANCELLED');
  });
});

it('keeps the event timestamps of the window rows in UTC', () => {
  expect(Date.UTC(2026, 10, 19) + 9 * H).toBe(Date.parse('2026-11-19T09:00:00Z'));
});

it('times out an export whose headers never come, as retryable', async () => {
  const { connector } = makeConnector(
    (_url, init) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
    {},
    { exportTimeoutMs: 50 },
  );
  const error = await failure(connector.fetchWindow(dayWindow, collectingSink(), countingContext()));
  expect([error.code, error.retryable]).toEqual(['TIMEOUT', true]);
  expect(error.message).toContain('did not start sending the export');
});
