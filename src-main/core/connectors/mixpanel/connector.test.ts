import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Http } from '../../ports';
import { isVendorError, type VendorError } from '../http';
import type { CanonicalEvent, ConnectorConfig, FetchContext, IngestSink } from '../types';
import { createMixpanelConnector, MixpanelConnector } from './connector';
import type { MixpanelSettings } from './settings';
import { mixpanelSettingsSchema } from './settings';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const sample = (name: string) => readFileSync(join(repoRoot, '..', 'shared', 'vendor-samples', 'mixpanel', name), 'utf8');

const NOW = Date.UTC(2026, 10, 20, 15, 0); // 2026-11-20 15:00Z

interface Seen {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

type Reply = (req: Seen) => Response | Promise<Response>;

function setup(
  reply: Reply,
  settings: Partial<MixpanelSettings> & Record<string, unknown> = {},
  extra: Partial<ConnectorConfig<MixpanelSettings>> = {},
) {
  const seen: Seen[] = [];
  let scheduled = 0;
  const http = (async (input: string | URL | Request, init?: RequestInit) => {
    const req: Seen = {
      url: new URL(String(input)),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(
        Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
      ),
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal: init?.signal ?? undefined,
    };
    seen.push(req);
    return reply(req);
  }) as Http;
  const controller = new AbortController();
  const context: FetchContext = {
    signal: controller.signal,
    schedule: (fn) => {
      scheduled++;
      return fn();
    },
  };
  const config: ConnectorConfig<MixpanelSettings> = {
    connectionId: 'c1',
    region: 'us',
    baseUrl: null,
    settings: mixpanelSettingsSchema.parse({ projectId: '3141592', username: 'svc.1.mp-service-account', ...settings }),
    secrets: { secret: 'top-secret-value' },
    http,
    clock: { now: () => NOW },
    ...extra,
  };
  return { connector: new MixpanelConnector(config), seen, context, scheduled: () => scheduled, controller };
}

function collect(): { sink: IngestSink; events: CanonicalEvent[]; rejected: string[] } {
  const events: CanonicalEvent[] = [];
  const rejected: string[] = [];
  return {
    events,
    rejected,
    sink: { event: (e) => events.push(e), bucket: () => {}, guideEvent: () => {}, rejected: (r) => rejected.push(r) },
  };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });
const text = (status: number, body: string, type = 'text/plain') =>
  new Response(body, { status, headers: { 'content-type': type } });

async function failure(p: Promise<unknown>): Promise<VendorError> {
  try {
    await p;
  } catch (error) {
    if (isVendorError(error)) return error;
    throw error;
  }
  throw new Error('expected a VendorError');
}

const window = (day: string) => ({
  key: day,
  stream: 'events',
  fromMs: Date.parse(`${day}T00:00:00Z`),
  toMs: Date.parse(`${day}T00:00:00Z`) + 86_400_000,
});

describe('planWindows / checkpointAfter', () => {
  const { connector } = setup(() => text(200, ''));
  it('back-fills oldest first up to today in the project zone', () => {
    const w = connector.planWindows({ checkpoint: null, now: NOW, backfillDays: 3, lookbackDays: 2, full: false });
    expect(w.map((x) => x.key)).toEqual(['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    expect(w[0]).toMatchObject({ stream: 'events', fromMs: Date.UTC(2026, 10, 17), toMs: Date.UTC(2026, 10, 18) });
  });

  it('resumes from the checkpoint minus the look-back, bounded by the back-fill', () => {
    const cp = JSON.stringify({ v: 1, next: '2026-11-19' });
    expect(
      connector.planWindows({ checkpoint: cp, now: NOW, backfillDays: 90, lookbackDays: 2, full: false }).map((x) => x.key),
    ).toEqual(['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    expect(
      connector.planWindows({ checkpoint: cp, now: NOW, backfillDays: 1, lookbackDays: 5, full: false }).map((x) => x.key),
    ).toEqual(['2026-11-19', '2026-11-20']);
    expect(connector.planWindows({ checkpoint: cp, now: NOW, backfillDays: 5, lookbackDays: 0, full: true })).toHaveLength(6);
    expect(
      connector.planWindows({ checkpoint: 'garbage', now: NOW, backfillDays: 2, lookbackDays: 0, full: false }),
    ).toHaveLength(3);
  });

  it('uses project-zone days (Asia/Kolkata is already on the 21st at 20:00Z)', () => {
    const { connector: ist } = setup(() => text(200, ''), { projectTimeZone: 'Asia/Kolkata' });
    const w = ist.planWindows({
      checkpoint: null,
      now: Date.UTC(2026, 10, 20, 20),
      backfillDays: 1,
      lookbackDays: 0,
      full: false,
    });
    expect(w.map((x) => x.key)).toEqual(['2026-11-20', '2026-11-21']);
    expect(new Date(w[1]?.fromMs ?? 0).toISOString()).toBe('2026-11-20T18:30:00.000Z');
  });

  it('advances past finished days only and never moves back', () => {
    expect(JSON.parse(connector.checkpointAfter(window('2026-11-19'), null))).toEqual({ v: 1, next: '2026-11-20' });
    expect(JSON.parse(connector.checkpointAfter(window('2026-11-20'), null))).toEqual({ v: 1, next: '2026-11-20' });
    const later = JSON.stringify({ v: 1, next: '2026-11-20' });
    expect(JSON.parse(connector.checkpointAfter(window('2026-11-15'), later))).toEqual({ v: 1, next: '2026-11-20' });
  });
});

describe('fetchWindow', () => {
  it('asks for one day with auth, project_id, gzip, through schedule with the signal', async () => {
    const { connector, seen, context, scheduled } = setup(() => text(200, `${sample('export-sample.jsonl')}`));
    const c = collect();
    await connector.fetchWindow(window('2026-11-19'), c.sink, context);
    expect(c.events).toHaveLength(1);
    expect(c.rejected).toHaveLength(2);
    const req = seen[0]!;
    expect(`${req.url.origin}${req.url.pathname}`).toBe('https://data.mixpanel.com/api/2.0/export');
    expect(Object.fromEntries(req.url.searchParams)).toEqual({
      from_date: '2026-11-19',
      to_date: '2026-11-19',
      project_id: '3141592',
    });
    expect(req.headers.authorization).toBe(
      `Basic ${Buffer.from('svc.1.mp-service-account:top-secret-value').toString('base64')}`,
    );
    expect(req.headers['accept-encoding']).toBe('gzip');
    expect(req.signal).toBeDefined();
    expect(scheduled()).toBe(1);
  });

  it('uses the legacy secret as username and the regional hosts', async () => {
    const { connector, seen, context } = setup(
      () => text(200, ''),
      { username: undefined, projectId: undefined },
      { region: 'eu' },
    );
    await connector.fetchWindow(window('2026-11-19'), collect().sink, context);
    expect(seen[0]?.url.host).toBe('data-eu.mixpanel.com');
    expect(seen[0]?.url.searchParams.has('project_id')).toBe(false);
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('top-secret-value:').toString('base64')}`);
  });

  it('does not ask for days after today', async () => {
    const { connector, seen, context } = setup(() => text(200, ''));
    await connector.fetchWindow(window('2026-11-21'), collect().sink, context);
    expect(seen).toHaveLength(0);
  });

  it('maps failures to specific errors without the secret', async () => {
    const cases: [Response, string, boolean][] = [
      [json(401, { request: '/api/2.0/export', error: 'Unable to authenticate request' }), 'VENDOR_AUTH', false],
      [json(400, { request: '/api/2.0/export', error: 'Unable to authenticate request' }), 'VENDOR_AUTH', false],
      [json(400, { request: '/x', error: 'request failed with error: invalid project id for cluster.' }), 'VENDOR_REGION', false],
      [json(403, { request: '/x', error: 'You do not have access to project 3141592' }), 'VENDOR_PERMISSION', false],
      [json(402, { error: 'plan' }), 'VENDOR_PERMISSION', false],
      [json(503, { error: 'Internal server error' }), 'VENDOR_UNAVAILABLE', true],
      [text(200, '<!DOCTYPE html><html><body>maintenance</body></html>', 'text/html'), 'VENDOR_BAD_RESPONSE', false],
      [text(200, '<html><body>maintenance</body></html>'), 'VENDOR_BAD_RESPONSE', false],
      [json(200, { status: 'ok', message: 'unexpected payload', items: null }), 'VENDOR_BAD_RESPONSE', false],
      [text(200, '{"event":"a","properties":{"time":1,"distinct_id":"u"}}\nterminated early\n'), 'VENDOR_UNAVAILABLE', true],
      [json(404, { error: 'Not found' }), 'VENDOR_BAD_RESPONSE', false],
    ];
    for (const [response, code, retryable] of cases) {
      const { connector, context } = setup(() => response);
      const error = await failure(connector.fetchWindow(window('2026-11-19'), collect().sink, context));
      expect([error.code, error.retryable], error.message).toEqual([code, retryable]);
      expect(error.message).not.toContain('top-secret-value');
    }
  });

  it('names the other regions on a wrong-cluster answer', async () => {
    const { connector, context } = setup(() =>
      json(400, { error: 'request failed with error: invalid project id for cluster.' }),
    );
    const error = await failure(connector.fetchWindow(window('2026-11-19'), collect().sink, context));
    expect(error.message).toMatch(/try EU or India/);
  });

  it('429 with the real body is retryable and honours Retry-After', async () => {
    const { connector, context } = setup(
      () => new Response(sample('error-429-query-rate-limit.json'), { status: 429, headers: { 'retry-after': '7' } }),
    );
    const error = await failure(connector.fetchWindow(window('2026-11-19'), collect().sink, context));
    expect(error).toMatchObject({ code: 'VENDOR_RATE_LIMITED', retryable: true, retryAfterMs: 7000, status: 429 });
    expect(error.message).toContain('61/60 queries');
    const { connector: c2, context: ctx2 } = setup(
      () => new Response(sample('error-429-query-rate-limit.json'), { status: 429 }),
    );
    expect((await failure(c2.fetchWindow(window('2026-11-19'), collect().sink, ctx2))).retryAfterMs).toBe(60_000);
  });

  it('a dropped connection mid-stream is retryable', async () => {
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(enc.encode('{"event":"a","properties":{"time":1,"distinct_id":"u"}}\n{"event":"a","prop'));
        controller.error(Object.assign(new TypeError('terminated'), { cause: { code: 'ECONNRESET' } }));
      },
    });
    const { connector, context } = setup(() => new Response(body, { status: 200 }));
    const error = await failure(connector.fetchWindow(window('2026-11-19'), collect().sink, context));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
  });

  it("treats today's 'to_date cannot be later than today' as no data yet, other days as an error", async () => {
    const reply = () => json(400, { request: '/api/2.0/export', error: 'to_date cannot be later than today' });
    const { connector, context } = setup(reply);
    await connector.fetchWindow(window('2026-11-20'), collect().sink, context);
    const error = await failure(connector.fetchWindow(window('2026-11-19'), collect().sink, context));
    expect(error.code).toBe('VENDOR_BAD_RESPONSE');
    expect(error.message).toMatch(/time zone/);
  });

  it('reports incomplete settings before calling', async () => {
    const config = {
      connectionId: 'c',
      region: 'us',
      baseUrl: null,
      settings: { username: 'svc.mp-service-account' } as unknown as MixpanelSettings,
      secrets: { secret: 's3cr3t' },
      http: (() => {
        throw new Error('no call expected');
      }) as unknown as Http,
      clock: { now: () => NOW },
    };
    const connector = createMixpanelConnector(config);
    const ctx: FetchContext = { signal: new AbortController().signal, schedule: (fn) => fn() };
    const result = await connector.test(ctx);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/project id/);
    expect((await failure(connector.fetchWindow(window('2026-11-19'), collect().sink, ctx))).code).toBe('VENDOR_AUTH');
  });
});

describe('test()', () => {
  it('succeeds with one cheap export call', async () => {
    const { connector, seen, context } = setup(() => text(200, `${sample('export-sample.jsonl').split('\n')[0]}\n`));
    const result = await connector.test(context);
    expect(result).toMatchObject({ ok: true, suggestedRegion: null });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url.searchParams.get('limit')).toBe('1');
    expect(seen[0]?.url.searchParams.get('to_date')).toBe('2026-11-19');
  });

  it('finds the region where the project lives', async () => {
    const { connector, seen, context } = setup((req) =>
      req.url.host === 'data-in.mixpanel.com'
        ? text(200, '')
        : json(400, { error: 'request failed with error: invalid project id for cluster.' }),
    );
    const result = await connector.test(context);
    expect(result).toMatchObject({ ok: false, suggestedRegion: 'in' });
    expect(result.message).toMatch(/India/);
    expect(seen.map((s) => s.url.host)).toEqual(['data.mixpanel.com', 'data-eu.mixpanel.com', 'data-in.mixpanel.com']);
  });

  it('explains a wrong secret, missing permission and an unreachable host', async () => {
    const wrong = await setup(() => json(401, { error: 'Unable to authenticate request' })).connector.test(
      setup(() => text(200, '')).context,
    );
    expect(wrong).toMatchObject({ ok: false, suggestedRegion: null });
    expect(wrong.message).toMatch(/Settings → Connections/);
    const perm = setup(() => json(403, { error: 'You do not have access to project 3141592' }));
    expect((await perm.connector.test(perm.context)).message).toMatch(/no access to project 3141592/);
    const down = setup(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    });
    const r = await down.connector.test(down.context);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/Cannot reach Mixpanel/);
  });
});

describe('profiles, cohorts, funnels, accuracy', () => {
  it('pages engage with session_id until a short page', async () => {
    const page = (n: number, count: number) =>
      json(200, {
        page: n,
        page_size: 2,
        session_id: 'S-1',
        status: 'ok',
        total: 5,
        results: Array.from({ length: count }, (_, i) => ({
          $distinct_id: `u${n}-${i}`,
          $properties: { $email: `u${n}${i}@x.example`, company_id: i === 0 ? ['a', 'b'] : 'a' },
        })),
      });
    const { connector, seen, context } = setup((req) => {
      const form = new URLSearchParams(req.body);
      const n = Number(form.get('page') ?? 0);
      return page(n, n < 2 ? 2 : 1);
    });
    const users = [];
    for await (const u of connector.users(context)) users.push(u);
    expect(users).toHaveLength(5);
    expect(users[0]).toMatchObject({ userId: 'u0-0', readableUserId: 'u00@x.example', accountIds: ['a', 'b'] });
    expect(seen.map((s) => new URLSearchParams(s.body).get('session_id'))).toEqual([null, 'S-1', 'S-1']);
    expect(
      seen.every(
        (s) =>
          s.method === 'POST' && s.url.pathname === '/api/query/engage' && s.url.searchParams.get('project_id') === '3141592',
      ),
    ).toBe(true);
  });

  it('reads the documented engage sample (numeric $distinct_id)', async () => {
    const { connector, context } = setup(() => text(200, sample('engage-response.json'), 'application/json'));
    const users = [];
    for await (const u of connector.users(context)) users.push(u);
    expect(users).toEqual([
      {
        userId: '4',
        readableUserId: 'example@mixpanel.com',
        accountIds: [],
        properties: expect.objectContaining({ $first_name: 'Example' }),
      },
    ]);
  });

  it('engage of the wrong shape names what was expected', async () => {
    const { connector, context } = setup(() => json(200, { status: 'ok', message: 'unexpected payload', items: null }));
    const error = await failure(
      (async () => {
        for await (const _ of connector.users(context)) void _;
      })(),
    );
    expect(error.code).toBe('VENDOR_BAD_RESPONSE');
    expect(error.message).toMatch(/expected \{"results"/);
  });

  it('reads group profiles only with a data group id', async () => {
    const { connector, seen, context } = setup(
      () =>
        json(200, {
          page: 0,
          page_size: 1000,
          session_id: 's',
          results: [{ $distinct_id: 'acme', $properties: { $name: 'Acme', domain: 'acme.example' } }],
        }),
      { dataGroupId: '4411' },
    );
    const accounts = [];
    for await (const a of connector.accounts(context)) accounts.push(a);
    expect(accounts).toEqual([
      { accountId: 'acme', name: 'Acme', domain: 'acme.example', properties: { $name: 'Acme', domain: 'acme.example' } },
    ]);
    expect(new URLSearchParams(seen[0]?.body).get('data_group_id')).toBe('4411');
    const none = setup(() => text(500, ''));
    for await (const _ of none.connector.accounts(none.context)) throw new Error('none expected');
    expect(none.seen).toHaveLength(0);
  });

  it('lists the documented cohorts and reads members through engage', async () => {
    const { connector, seen, context } = setup((req) =>
      req.url.pathname.endsWith('/cohorts/list')
        ? text(200, sample('cohorts-list-response.json'), 'application/json')
        : json(200, {
            page: 0,
            page_size: 1000,
            session_id: 's',
            results: [{ $distinct_id: `m-${JSON.parse(new URLSearchParams(req.body).get('filter_by_cohort') ?? '{}').id}` }],
          }),
    );
    const cohorts = await connector.cohorts(context);
    expect(cohorts).toEqual([
      { cohortId: '1000', name: 'Cohort One', size: 150, memberUserIds: ['m-1000'] },
      { cohortId: '2000', name: 'Cohort Two', size: 25, memberUserIds: ['m-2000'] },
    ]);
    expect(seen).toHaveLength(3);
  });

  it('reads funnel steps from the documented funnels answer', async () => {
    const { connector, seen, context } = setup((req) =>
      req.url.pathname.endsWith('/funnels/list')
        ? json(200, [{ funnel_id: 7509, name: 'Signup funnel' }])
        : text(200, sample('funnels-response.json'), 'application/json'),
    );
    expect(await connector.savedFunnels(context)).toEqual([
      { funnelId: '7509', name: 'Signup funnel', steps: ['App Open', '$custom_event:12345'], windowSeconds: null },
    ]);
    expect(seen[1]?.url.searchParams.get('funnel_id')).toBe('7509');
  });

  it('returns daily counts of one event from one segmentation query', async () => {
    const { connector, seen, context } = setup(
      () =>
        json(200, {
          data: { series: ['2026-11-18', '2026-11-19'], values: { 'Report Viewed': { '2026-11-18': 12, '2026-11-19': 7 } } },
          legend_size: 1,
        }),
      { accuracyEvent: 'Report Viewed' },
    );
    expect(await connector.accuracySamples(['2026-11-19', '2026-11-18', '2026-12-01'], context)).toEqual([
      { metric: 'events:Report Viewed', day: '2026-11-18', vendorValue: 12 },
      { metric: 'events:Report Viewed', day: '2026-11-19', vendorValue: 7 },
    ]);
    expect(seen).toHaveLength(1);
    expect(Object.fromEntries(seen[0]?.url.searchParams ?? [])).toMatchObject({
      event: 'Report Viewed',
      from_date: '2026-11-18',
      to_date: '2026-11-19',
      unit: 'day',
      type: 'general',
    });
  });

  it('uses the first exported event name when none is configured', async () => {
    const { connector, seen, context } = setup((req) =>
      req.url.pathname.endsWith('/export')
        ? text(200, sample('export-sample.jsonl'))
        : json(200, { data: { series: [], values: {} } }),
    );
    expect(await connector.accuracySamples(['2026-11-19'], context)).toEqual([]);
    await connector.fetchWindow(window('2026-11-19'), collect().sink, context);
    expect(await connector.accuracySamples(['2026-11-19'], context)).toEqual([
      { metric: 'events:Viewed E-commerce Page', day: '2026-11-19', vendorValue: 0 },
    ]);
    expect(seen).toHaveLength(2);
  });
});

describe('429 waits without Retry-After', () => {
  it('derives the pause from the body', async () => {
    const { impliedWait } = await import('./client');
    expect(impliedWait(JSON.parse(sample('error-429-query-rate-limit.json')).error)).toBe(60_000);
    expect(
      impliedWait(
        'Export rate limit exceeded for project_id: 1. 1/100 queries running concurrently, 4/3 queries in the last second and 4/60 queries in the last hour.',
      ),
    ).toBe(1_000);
    expect(
      impliedWait(
        'Query rate limit exceeded for project_id: 1. 6/5 queries running concurrently and 10/60 queries running in the last hour.',
      ),
    ).toBeNull();
  });

  it('cancellation mid-stream is CANCELLED, not retried', async () => {
    const controller = new AbortController();
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(enc.encode('{"event":"a","properties":{"time":1,"distinct_id":"u"}}\n'));
        controller.abort();
        return new Promise(() => {});
      },
    });
    const { connector } = setup(() => new Response(body, { status: 200 }));
    const ctx: FetchContext = { signal: controller.signal, schedule: (fn) => fn() };
    const error = await failure(connector.fetchWindow(window('2026-11-19'), collect().sink, ctx));
    expect(error).toMatchObject({ code: 'CANCELLED', retryable: false });
  });
});
