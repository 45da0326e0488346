import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VendorError } from '../http';
import type { CanonicalBucket, CanonicalGuideEvent, ConnectorConfig, FetchContext, IngestSink, SyncWindow } from '../types';
import { createPendoConnector, type PendoSettings, pendoSettingsSchema, pendoString } from './index';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const samples = join(repoRoot, '..', 'shared', 'vendor-samples', 'pendo');
const sampleText = (file: string): string => readFileSync(join(samples, file), 'utf8');

const KEY = 'test-integration-key-0123';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
}
type Handler = (call: Call) => Response | Promise<Response>;

function fakeHttp(handler: Handler): { http: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const http = (async (input: string | URL | Request, init?: RequestInit) => {
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null,
    };
    calls.push(call);
    return handler(call);
  }) as typeof fetch;
  return { http, calls };
}

const json = (value: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(typeof value === 'string' ? value : JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

function connector(
  http: typeof fetch,
  over: Partial<ConnectorConfig<Partial<PendoSettings>>> = {},
  settings: Partial<PendoSettings> = {},
) {
  return createPendoConnector({
    connectionId: 'c1',
    region: 'us',
    baseUrl: 'http://pendo.test',
    settings: pendoSettingsSchema.parse(settings),
    secrets: { integrationKey: KEY },
    http,
    clock: { now: () => Date.parse('2026-11-20T12:00:00Z') },
    ...over,
  } as ConnectorConfig<PendoSettings>);
}

function context(): FetchContext & { scheduled: number } {
  const ctx = {
    signal: new AbortController().signal,
    scheduled: 0,
    schedule<T>(request: () => Promise<T>): Promise<T> {
      ctx.scheduled++;
      return request();
    },
  };
  return ctx;
}

function sink() {
  const s = {
    buckets: [] as CanonicalBucket[],
    guides: [] as CanonicalGuideEvent[],
    reasons: [] as string[],
    event: () => {
      throw new Error('Pendo emits no raw events');
    },
    bucket: (b: CanonicalBucket) => s.buckets.push(b),
    guideEvent: (g: CanonicalGuideEvent) => s.guides.push(g),
    rejected: (r: string) => s.reasons.push(r),
  };
  return s as IngestSink & typeof s;
}

/** The aggregation pipeline of a call. */
function pipelineOf(call: Call | undefined): Record<string, Record<string, unknown>>[] {
  const request = call?.body?.request as { pipeline?: Record<string, Record<string, unknown>>[] } | undefined;
  return request?.pipeline ?? [];
}

/** The pipeline's source name of an aggregation call. */
function sourceOf(call: Call): string {
  const pipeline = pipelineOf(call);
  return Object.keys(pipeline[0]?.source ?? {}).find((k) => k !== 'timeSeries') ?? '';
}

// 2018-12-02 in New York: the real pageEvents sample's day
const SAMPLE_WINDOW: SyncWindow = { key: '2018-12-02', stream: 'usage', fromMs: 1543726800000, toMs: 1543813200000 };

function sampleServer(overrides: Record<string, () => Response> = {}): Handler {
  return (call) => {
    const source = sourceOf(call);
    const o = overrides[source];
    if (o) return o();
    if (source === 'pageEvents')
      return new Response(sampleText('page-events-response.json'), { headers: { 'content-type': 'application/json' } });
    if (source === 'events') {
      const rows = (JSON.parse(sampleText('page-events-response.json')) as { results: Record<string, unknown>[] }).results.map(
        ({ pageId: _, ...r }) => r,
      );
      return json({ results: rows });
    }
    if (source === 'featureEvents') {
      const [row] = (JSON.parse(sampleText('feature-events-response.json')) as { results: Record<string, unknown>[] }).results;
      return json({ results: [{ ...row, day: 1543726800000 }] });
    }
    if (source === 'guideEvents') {
      return json({
        results: [
          {
            type: 'guideSeen',
            guideId: 'g1',
            guideStepId: 's1',
            visitorId: 'temp',
            accountId: 'tempAccount',
            browserTime: 1543730000000,
          },
          {
            type: 'guideAdvanced',
            guideId: 'g1',
            guideStepId: 's1',
            visitorId: 'temp',
            accountId: 'tempAccount',
            browserTime: 1543730001000,
          },
        ],
      });
    }
    return json({ results: null });
  };
}

describe('Pendo planWindows / checkpointAfter', () => {
  const c = connector(fakeHttp(() => json({ results: [] })).http);
  const now = Date.parse('2026-11-20T12:00:00Z'); // 07:00 in New York

  it('first sync: the whole backfill of local days, oldest first, up to yesterday', () => {
    const w = c.planWindows({ checkpoint: null, now, backfillDays: 3, lookbackDays: 2, full: false });
    expect(w.map((x) => x.key)).toEqual(['2026-11-17', '2026-11-18', '2026-11-19']);
    expect(w[0]).toEqual({
      key: '2026-11-17',
      stream: 'usage',
      fromMs: Date.parse('2026-11-17T05:00:00Z'),
      toMs: Date.parse('2026-11-18T05:00:00Z'),
    });
  });

  it('uses the subscription zone for "today": 03:00Z on the 20th is still the 19th in New York', () => {
    const w = c.planWindows({
      checkpoint: null,
      now: Date.parse('2026-11-20T03:00:00Z'),
      backfillDays: 2,
      lookbackDays: 0,
      full: false,
    });
    expect(w.map((x) => x.key)).toEqual(['2026-11-17', '2026-11-18']);
  });

  it('resumes after the checkpoint with a look-back, bounded by the backfill; full ignores the checkpoint', () => {
    const cp = c.checkpointAfter(SAMPLE_WINDOW, null);
    expect(JSON.parse(cp)).toEqual({ v: 1, lastDay: '2018-12-02' });
    const at = (lastDay: string) => JSON.stringify({ v: 1, lastDay });
    expect(
      c.planWindows({ checkpoint: at('2026-11-15'), now, backfillDays: 90, lookbackDays: 2, full: false }).map((x) => x.key),
    ).toEqual(['2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);
    expect(c.planWindows({ checkpoint: at('2026-11-19'), now, backfillDays: 90, lookbackDays: 0, full: false })).toEqual([]);
    expect(c.planWindows({ checkpoint: at('2020-01-01'), now, backfillDays: 2, lookbackDays: 3, full: false })).toHaveLength(2);
    expect(c.planWindows({ checkpoint: at('2026-11-19'), now, backfillDays: 5, lookbackDays: 0, full: true })).toHaveLength(5);
    expect(c.planWindows({ checkpoint: 'garbage', now, backfillDays: 4, lookbackDays: 0, full: false })).toHaveLength(4);
  });

  it('windows across DST are 23 and 25 hours long', () => {
    const march = c.planWindows({
      checkpoint: null,
      now: Date.parse('2026-03-10T12:00:00Z'),
      backfillDays: 3,
      lookbackDays: 0,
      full: false,
    });
    expect(march.map((w) => [w.key, (w.toMs - w.fromMs) / 3_600_000])).toEqual([
      ['2026-03-07', 24],
      ['2026-03-08', 23],
      ['2026-03-09', 24],
    ]);
    const nov = c.planWindows({
      checkpoint: null,
      now: Date.parse('2026-11-03T12:00:00Z'),
      backfillDays: 2,
      lookbackDays: 0,
      full: false,
    });
    expect(nov.map((w) => (w.toMs - w.fromMs) / 3_600_000)).toEqual([25, 24]);
  });

  it('the checkpoint never moves backwards when look-back windows are re-committed', () => {
    const later = JSON.stringify({ v: 1, lastDay: '2026-11-19' });
    expect(JSON.parse(c.checkpointAfter({ ...SAMPLE_WINDOW, key: '2026-11-17' }, later)).lastDay).toBe('2026-11-19');
    expect(JSON.parse(c.checkpointAfter({ ...SAMPLE_WINDOW, key: '2026-11-20' }, later)).lastDay).toBe('2026-11-20');
  });
});

describe('Pendo fetchWindow', () => {
  it('streams the four sources of one local day into the sink, every request scheduled and authenticated', async () => {
    const { http, calls } = fakeHttp(sampleServer());
    const ctx = context();
    const s = sink();
    await connector(http).fetchWindow(SAMPLE_WINDOW, s, ctx);
    expect(calls.map(sourceOf)).toEqual(['events', 'featureEvents', 'pageEvents', 'guideEvents']);
    expect(ctx.scheduled).toBe(4);
    for (const call of calls) {
      expect(call.url).toBe('http://pendo.test/api/v1/aggregation');
      expect(call.method).toBe('POST');
      expect(call.headers['x-pendo-integration-key']).toBe(KEY);
      expect(call.headers['Content-Type']).toBe('application/json');
      const pipeline = pipelineOf(call);
      const source = pipeline[0]?.source as Record<string, unknown>;
      expect(source.timeSeries).toEqual({ period: 'dayRange', first: 1543726800000, count: 1 });
      expect(source[sourceOf(call)]).toEqual({ appId: 'expandAppIds("*")', blacklist: 'apply' });
      expect(pipeline[1]).toEqual({ identified: 'visitorId' });
      expect(Object.keys(pipeline[2] ?? {})).toEqual(['select']);
    }
    expect(s.reasons).toEqual([]);
    expect(s.buckets.filter((b) => b.kind === 'activity')).toHaveLength(3);
    expect(s.buckets.filter((b) => b.kind === 'page')).toHaveLength(3);
    expect(s.buckets.filter((b) => b.kind === 'feature')).toEqual([
      {
        accountId: 'tempAccount',
        userId: 'temp',
        readableUserId: null,
        day: '2018-12-02',
        kind: 'feature',
        itemId: 'uQZVeRyEAODXLqvQJYvN51Ffsek',
        events: 5,
        minutes: 1,
      },
    ]);
    expect(s.buckets.every((b) => b.day === '2018-12-02')).toBe(true);
    expect(s.guides.map((g) => g.type)).toEqual(['guideSeen', 'guideAdvanced']);
  });

  it('passes a numeric app id and keeps anonymous visitors when asked', async () => {
    const { http, calls } = fakeHttp(sampleServer());
    await connector(http, {}, { appId: -323232, excludeAnonymous: false }).fetchWindow(SAMPLE_WINDOW, sink(), context());
    const pipeline = pipelineOf(calls[0]);
    expect(pipeline[0]?.source?.events).toEqual({ appId: -323232, blacklist: 'apply' });
    expect(pipeline.some((s) => 'identified' in s)).toBe(false);
  });

  it('malformed rows and malformed elements are rejected, the rest goes on', async () => {
    const { http } = fakeHttp(
      sampleServer({
        events: () =>
          json(
            '{"results":[{"visitorId":"a","day":1543726800000,"numEvents":2},{"visitorId":"b","day":1543726800000,"numEvents":nope},42,{"day":1543726800000,"numEvents":1}]}',
          ),
        guideEvents: () => json({ results: [{ type: 'guideSeen', guideId: 'g', visitorId: 'v' }] }),
      }),
    );
    const s = sink();
    await connector(http).fetchWindow(SAMPLE_WINDOW, s, context());
    expect(s.buckets.filter((b) => b.kind === 'activity').map((b) => b.userId)).toEqual(['a']);
    expect(s.reasons).toEqual([
      expect.stringContaining('not valid JSON'),
      'a Pendo events row is not a JSON object',
      'a Pendo events row has no visitorId',
      'a Pendo guideEvents row has no numeric browserTime',
    ]);
  });

  const failWith = async (
    handler: Handler,
    settings: Partial<PendoSettings> = {},
    secrets = { integrationKey: KEY },
  ): Promise<VendorError> => {
    const { http } = fakeHttp(handler);
    try {
      await connector(http, { secrets }, settings).fetchWindow(SAMPLE_WINDOW, sink(), context());
    } catch (error) {
      expect(error).toBeInstanceOf(VendorError);
      const e = error as VendorError;
      expect(e.message).not.toContain(KEY);
      return e;
    }
    throw new Error('expected failure');
  };

  it('maps every failure to a specific VendorError', async () => {
    const auth = await failWith(() => new Response('Forbidden', { status: 403 }));
    expect([auth.code, auth.retryable, auth.status]).toEqual(['VENDOR_AUTH', false, 403]);
    expect(auth.message).toContain('check the integration key in Settings → Connections'.replace('check', 'Check'));

    const missing = await failWith(() => json({ results: [] }), {}, { integrationKey: ' ' });
    expect(missing.code).toBe('VENDOR_AUTH');

    const limited = await failWith(() => json({ error: 'Too Many Requests' }, 429, { 'retry-after': '7' }));
    expect([limited.code, limited.retryable, limited.retryAfterMs]).toEqual(['VENDOR_RATE_LIMITED', true, 7000]);

    const down = await failWith(
      () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    expect([down.code, down.retryable]).toEqual(['VENDOR_UNAVAILABLE', true]);

    const html = await failWith(
      () => new Response('<!doctype html><title>Login</title>', { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    expect([html.code, html.retryable]).toEqual(['VENDOR_BAD_RESPONSE', false]);
    expect(html.message).toContain('web page');
    const htmlUntyped = await failWith(() => new Response('\n<html>oops</html>', { status: 200 }));
    expect(htmlUntyped.message).toContain('web page');

    const shape = await failWith(() => json({ data: [] }));
    expect([shape.code, shape.retryable]).toEqual(['VENDOR_BAD_RESPONSE', false]);
    expect(shape.message).toContain('expected an aggregation answer {"results": [...]}');

    const cut = await failWith(() => json('{"results":[{"visitorId":"a","day":1543726800000,"numEvents":2},{"visi'));
    expect([cut.code, cut.retryable]).toEqual(['VENDOR_BAD_RESPONSE', true]);
    expect(cut.message).toContain('the response was cut off');

    const bad = await failWith(() => new Response('aggregation error: unknown source', { status: 400 }));
    expect([bad.code, bad.retryable]).toEqual(['VENDOR_BAD_RESPONSE', false]);
    expect(bad.message).toContain('aggregation error: unknown source');

    const notFound = await failWith(() => new Response('Not Found', { status: 404 }));
    expect(notFound.message).toContain('404');
  });

  it('a slow answer past the timeout is a retryable TIMEOUT', async () => {
    const e = await failWith(
      (call) =>
        new Promise<Response>((_, reject) => {
          void call;
          setTimeout(() => reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), 300);
        }),
      { requestTimeoutMs: 100 },
    );
    expect([e.code, e.retryable]).toEqual(['TIMEOUT', true]);
  });

  it('refuses day buckets that do not start at local midnight: the time zone setting is wrong', async () => {
    const e = await failWith(
      sampleServer({
        events: () => json({ results: [{ visitorId: 'a', day: Date.parse('2018-12-02T00:00:00Z'), numEvents: 1 }] }),
      }),
    );
    expect([e.code, e.retryable]).toEqual(['VENDOR_BAD_RESPONSE', false]);
    expect(e.message).toContain('subscription time zone setting (America/New_York)');
  });

  it('never leaks the key in messages, even when the vendor echoes it', async () => {
    const e = await failWith(() => new Response(`bad key ${KEY}`, { status: 400 }));
    expect(e.message).toContain('[key]');
  });
});

describe('Pendo accounts / users (keyset paging)', () => {
  function pagingServer(all: Record<string, unknown>[], idField: string) {
    return (call: Call): Response => {
      const pipeline = pipelineOf(call);
      const filter = String(pipeline.find((s) => 'filter' in s)?.filter);
      const m = /^(\w+)>"(.*)"$/.exec(filter);
      expect(m?.[1]).toBe(idField);
      const after = (m?.[2] ?? '').replace(/\\(.)/g, '$1');
      expect(pipeline.find((s) => 'sort' in s)).toEqual({ sort: [idField] });
      const limit = Number(pipeline.find((s) => 'limit' in s)?.limit);
      const rows = all
        .filter((r) => String(r[idField]) > after)
        .sort((a, b) => (String(a[idField]) < String(b[idField]) ? -1 : 1))
        .slice(0, limit);
      return json({ results: rows });
    };
  }

  it('pages accounts with filter/sort/limit until a short page', async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({
      accountId: `acc-${i}"q`,
      metadata: { agent: { name: `Account ${i}`, domain: `a${i}.example` } },
    }));
    const { http, calls } = fakeHttp(pagingServer(all, 'accountId'));
    const ctx = context();
    const out = [];
    for await (const a of connector(http, {}, { pageSize: 3 }).accounts!(ctx)) out.push(a);
    expect(out.map((a) => a.accountId)).toEqual(all.map((a) => a.accountId));
    expect(out[2]).toMatchObject({ name: 'Account 2', domain: 'a2.example' });
    expect(calls).toHaveLength(3);
    expect(ctx.scheduled).toBe(3);
    expect(pendoString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('an exact multiple of the page size ends with an empty page', async () => {
    const all = Array.from({ length: 4 }, (_, i) => ({
      visitorId: `v${i}`,
      metadata: { agent: { email: `v${i}@x.example` }, auto: { accountid: 'A' } },
    }));
    const { http, calls } = fakeHttp(pagingServer(all, 'visitorId'));
    const out = [];
    for await (const u of connector(http, {}, { pageSize: 2 }).users!(context())) out.push(u);
    expect(out.map((u) => [u.userId, u.readableUserId, u.accountIds])).toEqual(
      all.map((v, i) => [v.visitorId, `v${i}@x.example`, ['A']]),
    );
    expect(calls).toHaveLength(3);
    const source = pipelineOf(calls[0])[0]?.source;
    expect(source).toEqual({ visitors: { identified: true } });
  });

  it('stops with an error when paging does not advance', async () => {
    const { http } = fakeHttp(() => json({ results: [{ accountId: '' }, { accountId: '' }] }));
    await expect(
      (async () => {
        for await (const _ of connector(http, {}, { pageSize: 2 }).accounts!(context())) {
          // drain
        }
      })(),
    ).rejects.toThrow(/did not advance/);
  });
});

describe('Pendo catalog, accuracy and test()', () => {
  it('reads features, pages and guides (bare arrays) into catalogue items', async () => {
    const { http, calls } = fakeHttp((call) => {
      if (call.url.endsWith('/api/v1/feature'))
        return json([{ id: 'f1', name: 'Export', isCoreEvent: true, group: { name: 'Reports' } }]);
      if (call.url.endsWith('/api/v1/page')) return json([{ id: 'p1', name: 'Home' }]);
      return json([
        {
          id: 'g1',
          name: 'Tour',
          steps: [
            { id: 'b', rank: 1 },
            { id: 'a', rank: 0 },
          ],
        },
      ]);
    });
    const items = await connector(http).catalog!(context());
    expect(calls.map((c) => [c.method, c.url])).toEqual([
      ['GET', 'http://pendo.test/api/v1/feature'],
      ['GET', 'http://pendo.test/api/v1/page'],
      ['GET', 'http://pendo.test/api/v1/guide'],
    ]);
    expect(items.map((i) => [i.kind, i.itemId, i.group, i.isCore])).toEqual([
      ['feature', 'f1', 'Reports', true],
      ['page', 'p1', null, false],
      ['guide', 'g1', null, false],
    ]);
    expect(items[2]?.details.stepIds).toEqual(['a', 'b']);
  });

  it('accuracy samples: distinct visitors per local day, ≤ 30 days per request, missing days = 0', async () => {
    const { http, calls } = fakeHttp((call) => {
      const pipeline = pipelineOf(call);
      const ts = pipeline[0]?.source?.timeSeries as { first: number; count: number };
      expect(pipeline.at(-1)).toEqual({ group: { group: ['day'], fields: { activeUsers: { count: 'visitorId' } } } });
      return json({ results: [{ day: ts.first, activeUsers: ts.count * 10 }] });
    });
    const samples = await connector(http).accuracySamples!(
      ['2026-11-02', '2026-11-01', 'bad', '2026-12-15', '2026-11-02'],
      context(),
    );
    expect(samples).toEqual([
      { metric: 'active_users', vendorValue: 20, day: '2026-11-01' },
      { metric: 'active_users', vendorValue: 0, day: '2026-11-02' },
      { metric: 'active_users', vendorValue: 10, day: '2026-12-15' },
    ]);
    expect(calls).toHaveLength(2);
  });

  it('test(): ok with the number of accounts', async () => {
    const { http, calls } = fakeHttp(() => json({ results: [{ count: 12 }] }));
    const r = await connector(http).test(context());
    expect(r).toEqual({ ok: true, message: 'Connected to Pendo at pendo.test: 12 accounts visible.', suggestedRegion: null });
    expect(pipelineOf(calls[0])).toEqual([{ source: { accounts: null } }, { count: null }]);
  });

  it('test(): a 403 from the configured region probes the other data centers and suggests the one that answers', async () => {
    const { http, calls } = fakeHttp((call) =>
      call.url.startsWith('https://app.eu.pendo.io')
        ? json({ results: [{ count: 3 }] })
        : new Response('Forbidden', { status: 403 }),
    );
    const r = await connector(http, { baseUrl: null }).test(context());
    expect(r.ok).toBe(false);
    expect(r.suggestedRegion).toBe('eu');
    expect(r.message).toContain('Switch the region to "eu"');
    expect(calls.map((c) => new URL(c.url).host)).toEqual([
      'app.pendo.io',
      'app.pendo.io',
      'us1.app.pendo.io',
      'app.eu.pendo.io',
    ]);
  });

  it('test(): a key refused everywhere, a key without write access, a missing key, an unreachable host', async () => {
    const refused = await connector(fakeHttp(() => new Response('Forbidden', { status: 403 })).http, { baseUrl: null }).test(
      context(),
    );
    expect(refused).toMatchObject({ ok: false, suggestedRegion: null });
    expect(refused.message).toContain('Check the integration key in Settings → Connections');

    const readOnly = await connector(
      fakeHttp((call) => (call.method === 'GET' ? json([]) : new Response('Forbidden', { status: 403 }))).http,
    ).test(context());
    expect(readOnly.message).toContain('Allow Write Access');

    const none = await connector(fakeHttp(() => json({})).http, { secrets: {} }).test(context());
    expect(none).toMatchObject({ ok: false, message: expect.stringContaining('No Pendo integration key') });

    const offline = await connector(
      fakeHttp(() => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      }).http,
    ).test(context());
    expect(offline.ok).toBe(false);
    expect(offline.message).toContain('Cannot reach Pendo');
  });

  it('rejects invalid settings and unknown regions at creation', () => {
    const { http } = fakeHttp(() => json({}));
    expect(() => connector(http, {}, { subscriptionTimeZone: 'Mars/Base' } as Partial<PendoSettings>)).toThrow();
    expect(() =>
      createPendoConnector({
        connectionId: 'x',
        region: 'mars',
        baseUrl: null,
        settings: pendoSettingsSchema.parse({}),
        secrets: {},
        http,
        clock: { now: () => 0 },
      }),
    ).toThrow(/Unknown Pendo region/);
    expect(pendoSettingsSchema.parse({})).toEqual({
      appId: 'expandAppIds("*")',
      subscriptionTimeZone: 'America/New_York',
      excludeAnonymous: true,
      pageSize: 5000,
      requestTimeoutMs: 300000,
    });
  });
});
