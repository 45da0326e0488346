/**
 * The Pendo connector against the real local sandbox over HTTP: exact counts against the demo
 * portfolio's ground truth (activity, feature, page buckets and guide events per local day in the
 * subscription zone), accounts/visitors keyset paging, catalogue, accuracy samples, test(), and the
 * fault toggles (429 + Retry-After, 5xx, truncated and dropped bodies, broken JSON, HTML, wrong shape,
 * slow and hanging answers).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isVendorError, type VendorError } from '../../../src-main/core/connectors/http';
import {
  createPendoConnector,
  localDate,
  type PendoSettings,
  pendoSettingsSchema,
} from '../../../src-main/core/connectors/pendo';
import type {
  CanonicalBucket,
  CanonicalGuideEvent,
  Connector,
  FetchContext,
  IngestSink,
  SyncWindow,
} from '../../../src-main/core/connectors/types';
import {
  DEMO_FEATURES,
  DEMO_GUIDES,
  DEMO_PAGES,
  groundTruth,
  type RunningSandboxes,
  startSandboxes,
} from '../../../src-main/core/demo';

const NOW = Date.parse('2025-03-12T15:30:00Z'); // the days before include the US DST change (2025-03-09)
const clock = { now: () => NOW };
const DAYS = 14;

let sb: RunningSandboxes;

beforeAll(async () => {
  sb = await startSandboxes({ seed: 31, accounts: 8, days: DAYS, clock });
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => sb.clearFaults());

function connector(over: { settings?: Partial<PendoSettings>; key?: string; baseUrl?: string } = {}): Connector {
  return createPendoConnector({
    connectionId: 'pendo-test',
    region: 'us',
    baseUrl: over.baseUrl ?? sb.pendo.baseUrl,
    settings: pendoSettingsSchema.parse({ subscriptionTimeZone: sb.pendo.timeZone, pageSize: 7, ...over.settings }),
    secrets: { integrationKey: over.key ?? sb.pendo.integrationKey },
    http: fetch,
    clock,
  });
}

function context(): FetchContext & { requests: () => number } {
  let requests = 0;
  return {
    signal: new AbortController().signal,
    schedule<T>(request: () => Promise<T>): Promise<T> {
      requests++;
      return request();
    },
    requests: () => requests,
  };
}

interface Collected {
  buckets: CanonicalBucket[];
  guides: CanonicalGuideEvent[];
  reasons: string[];
}

function collectingSink(): IngestSink & Collected {
  const sink: IngestSink & Collected = {
    buckets: [],
    guides: [],
    reasons: [],
    event: () => {
      throw new Error('Pendo emits no raw events');
    },
    bucket: (b) => sink.buckets.push(b),
    guideEvent: (g) => sink.guides.push(g),
    rejected: (r) => sink.reasons.push(r),
  };
  return sink;
}

/** What the engine does: a fresh sink per attempt, retry while the error is retryable. */
async function fetchWithRetry(
  conn: Connector,
  window: SyncWindow,
  attempts = 4,
): Promise<{ sink: IngestSink & Collected; errors: VendorError[]; reasons: string[] }> {
  const errors: VendorError[] = [];
  for (let i = 0; i < attempts; i++) {
    const sink = collectingSink();
    try {
      await conn.fetchWindow(window, sink, context());
      return { sink, errors, reasons: sink.reasons };
    } catch (error) {
      if (!isVendorError(error)) throw error;
      errors.push(error);
      if (!error.retryable) throw error;
      await new Promise((r) => setTimeout(r, Math.min(error.retryAfterMs ?? 0, 20)));
    }
  }
  throw errors.at(-1);
}

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (isVendorError(error)) return error;
    throw error;
  }
  throw new Error('expected a VendorError');
}

function plan(conn: Connector, backfillDays = DAYS - 2): SyncWindow[] {
  return conn.planWindows({ checkpoint: null, now: NOW, backfillDays, lookbackDays: 2, full: false });
}

const k = (...parts: (string | null)[]): string => parts.map((p) => p ?? '∅').join('|');

function addTo(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

describe('Pendo connector × sandbox: exact counts', () => {
  it('syncs every planned window and matches the ground truth exactly', async () => {
    const conn = connector();
    const windows = plan(conn);
    expect(windows.length).toBe(DAYS - 2);
    const first = windows[0]?.key ?? '';
    const last = windows.at(-1)?.key ?? '';
    expect(last).toBe(localDate(NOW - 86_400_000, sb.pendo.timeZone)); // yesterday, local
    // the DST day is 23 hours long
    const dst = windows.find((w) => w.key === '2025-03-09');
    expect(dst && (dst.toMs - dst.fromMs) / 3_600_000).toBe(23);

    const userDays = new Map<string, number>();
    const features = new Map<string, number>();
    const pages = new Map<string, number>();
    const guides = new Map<string, number>();
    let checkpoint: string | null = null;
    for (const w of windows) {
      const { sink, errors, reasons } = await fetchWithRetry(conn, w);
      expect(errors).toEqual([]);
      expect(reasons).toEqual([]);
      for (const b of sink.buckets) {
        expect(b.day).toBe(w.key);
        if (b.kind === 'activity') addTo(userDays, k(b.accountId, b.day, b.userId), b.events);
        if (b.kind === 'feature') addTo(features, k(b.accountId, b.day, b.itemId), b.events);
        if (b.kind === 'page') addTo(pages, k(b.accountId, b.day, b.itemId), b.events);
      }
      for (const g of sink.guides) addTo(guides, k(g.accountId, localDate(g.ts, sb.pendo.timeZone), g.guideId, g.type), 1);
      checkpoint = conn.checkpointAfter(w, checkpoint);
    }
    expect(JSON.parse(checkpoint ?? '{}')).toEqual({ v: 1, lastDay: last });

    const truth = groundTruth(sb.portfolio, { vendor: 'pendo', fromDay: first, toDay: last, timeZone: sb.pendo.timeZone });
    expect(truth.totals.events).toBeGreaterThan(100);
    expect(truth.totals.guideEvents).toBeGreaterThan(0);
    expect(userDays).toEqual(new Map(truth.userDays.map((r) => [k(r.accountId, r.day, r.userId), r.events])));
    expect(features).toEqual(new Map(truth.features.map((r) => [k(r.accountId, r.day, r.feature), r.events])));
    expect(pages).toEqual(new Map(truth.pages.map((r) => [k(r.accountId, r.day, r.page), r.events])));
    expect(guides).toEqual(new Map(truth.guides.map((r) => [k(r.accountId, r.day, r.guideId, r.type), r.events])));

    // after the checkpoint, only the look-back days are planned again
    expect(conn.planWindows({ checkpoint, now: NOW, backfillDays: 90, lookbackDays: 2, full: false }).map((w) => w.key)).toEqual(
      windows.slice(-2).map((w) => w.key),
    );
  });

  it('re-fetching a window gives identical records (idempotent windows)', async () => {
    const conn = connector();
    const w = plan(conn).at(-3) as SyncWindow;
    const a = await fetchWithRetry(conn, w);
    const b = await fetchWithRetry(conn, w);
    expect(b.sink.buckets).toEqual(a.sink.buckets);
    expect(b.sink.guides).toEqual(a.sink.guides);
  });

  it('accuracy samples equal the distinct active visitors per local day', async () => {
    const conn = connector();
    const days = plan(conn).map((w) => w.key);
    const samples = await conn.accuracySamples!(days, context());
    const truth = groundTruth(sb.portfolio, {
      vendor: 'pendo',
      fromDay: days[0],
      toDay: days.at(-1),
      timeZone: sb.pendo.timeZone,
    });
    const distinct = new Map<string, Set<string>>();
    for (const r of truth.userDays) {
      const s = distinct.get(r.day) ?? new Set<string>();
      s.add(r.userId);
      distinct.set(r.day, s);
    }
    expect(samples).toEqual(days.map((day) => ({ metric: 'active_users', vendorValue: distinct.get(day)?.size ?? 0, day })));
    expect(samples.some((s) => s.vendorValue > 0)).toBe(true);
  });

  it('accounts and visitors come back complete through keyset paging', async () => {
    const conn = connector();
    const ctx = context();
    const accounts = [];
    for await (const a of conn.accounts!(ctx)) accounts.push(a);
    const expected = sb.portfolio.customers.filter((c) => c.vendorIds.pendo !== undefined);
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.length).toBeLessThanOrEqual(expected.length);
    expect(new Set(accounts.map((a) => a.accountId)).size).toBe(accounts.length);
    for (const a of accounts) {
      const c = expected.find((x) => x.vendorIds.pendo === a.accountId);
      expect(c).toBeDefined();
      expect(a.name).toBe(c?.name);
      expect(a.domain).toBe(c?.domain);
    }
    expect(ctx.requests()).toBe(Math.floor(accounts.length / 7) + 1);

    const users = [];
    for await (const u of conn.users!(context())) users.push(u);
    expect(users.length).toBeGreaterThan(7);
    expect(new Set(users.map((u) => u.userId)).size).toBe(users.length);
    const people = new Map(sb.portfolio.people.map((p) => [p.pendoVisitorId, p]));
    for (const u of users) {
      expect(u.readableUserId).toBe(people.get(u.userId)?.email);
      expect(u.accountIds.length).toBeGreaterThan(0);
      for (const id of u.accountIds) expect(accounts.some((a) => a.accountId === id)).toBe(true);
    }
    // every visitor active in the synced days is known
    const truth = groundTruth(sb.portfolio, { vendor: 'pendo', timeZone: sb.pendo.timeZone });
    const known = new Set(users.map((u) => u.userId));
    for (const r of truth.userDays) expect(known.has(r.userId)).toBe(true);
  });

  it('catalogue: features, pages and guides with ordered step ids', async () => {
    const items = await connector().catalog!(context());
    expect(items.filter((i) => i.kind === 'feature')).toHaveLength(DEMO_FEATURES.length);
    expect(items.filter((i) => i.kind === 'page')).toHaveLength(DEMO_PAGES.length);
    const guides = items.filter((i) => i.kind === 'guide');
    expect(guides).toHaveLength(DEMO_GUIDES.length);
    guides.forEach((g, i) => {
      expect(g.details.stepIds).toEqual(sb.portfolio.catalog.pendoGuideStepIds[i]);
      expect(g.name).toBe(DEMO_GUIDES[i]?.name);
    });
    expect(items.filter((i) => i.isCore).length).toBeGreaterThan(0);
    expect(items.filter((i) => i.kind !== 'guide').every((i) => i.group === 'Uncategorized')).toBe(true);
  });
});

describe('Pendo connector × sandbox: test() and auth', () => {
  it('test() succeeds with the demo key', async () => {
    const r = await connector().test(context());
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(/Connected to Pendo at 127\.0\.0\.1:\d+: \d+ accounts? visible\./);
  });

  it('a wrong key: test() explains, fetchWindow stops with VENDOR_AUTH (403), never echoing the key', async () => {
    const bad = connector({ key: 'wrong-key-123456' });
    const r = await bad.test(context());
    expect(r).toMatchObject({ ok: false, suggestedRegion: null });
    expect(r.message).toContain('Check the integration key in Settings → Connections');
    expect(r.message).not.toContain('wrong-key-123456');
    const e = await failure(bad.fetchWindow(plan(bad)[0] as SyncWindow, collectingSink(), context()));
    expect([e.code, e.retryable, e.status]).toEqual(['VENDOR_AUTH', false, 403]);
  });

  it('a wrong base URL path is a clear 404', async () => {
    const conn = connector({ baseUrl: `${sb.baseUrl}/nowhere` });
    const e = await failure(conn.fetchWindow(plan(conn)[0] as SyncWindow, collectingSink(), context()));
    expect(e.message).toContain('404');
  });

  it('an unreachable host is a NETWORK error in test()', async () => {
    // a port that was just free (port 1 is on fetch's bad-port list and fails differently)
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = await connector({ baseUrl: `http://127.0.0.1:${port}` }).test(context());
    expect(r.ok).toBe(false);
    expect(r.message).toContain('Cannot reach Pendo');
  });
});

describe('Pendo connector × sandbox: faults', () => {
  const windowOf = (conn: Connector): SyncWindow => plan(conn).at(-2) as SyncWindow;

  async function cleanRun(conn: Connector, w: SyncWindow) {
    sb.clearFaults();
    return (await fetchWithRetry(conn, w)).sink;
  }

  it('429 with Retry-After is retryable and carries the wait; the retry gives the exact rows', async () => {
    const conn = connector();
    const w = windowOf(conn);
    const clean = await cleanRun(conn, w);
    sb.setFaults([{ kind: 'rateLimit', vendor: 'pendo', path: '/api/v1/aggregation', retryAfterSeconds: 3 }]);
    const { sink, errors } = await fetchWithRetry(conn, w);
    expect(errors.map((e) => [e.code, e.retryable, e.retryAfterMs, e.status])).toEqual([
      ['VENDOR_RATE_LIMITED', true, 3000, 429],
    ]);
    expect(sink.buckets).toEqual(clean.buckets);
    expect(sink.guides).toEqual(clean.guides);
  });

  it('5xx is retryable', async () => {
    const conn = connector();
    const w = windowOf(conn);
    const clean = await cleanRun(conn, w);
    sb.setFaults([{ kind: 'serverError', vendor: 'pendo', status: 502, count: 2 }]);
    const { sink, errors } = await fetchWithRetry(conn, w);
    expect(errors.map((e) => [e.code, e.retryable, e.status])).toEqual([
      ['VENDOR_UNAVAILABLE', true, 502],
      ['VENDOR_UNAVAILABLE', true, 502],
    ]);
    expect(sink.buckets).toEqual(clean.buckets);
  });

  it('a truncated body, a dropped connection and broken JSON are retryable; the retry is exact', async () => {
    const conn = connector();
    const w = windowOf(conn);
    const clean = await cleanRun(conn, w);
    expect(clean.buckets.length).toBeGreaterThan(5);
    for (const fault of [{ kind: 'truncate', bytes: 300 }, { kind: 'drop', bytes: 250 }, { kind: 'malformed' }] as const) {
      sb.setFaults([{ ...fault, vendor: 'pendo', path: '/api/v1/aggregation' }]);
      const { sink, errors } = await fetchWithRetry(conn, w);
      expect(errors).toHaveLength(1);
      const e = errors[0] as VendorError;
      expect(e.retryable).toBe(true);
      if (fault.kind === 'drop') expect(['NETWORK', 'VENDOR_BAD_RESPONSE']).toContain(e.code);
      else expect(e.message).toContain('the response was cut off');
      expect(sink.buckets).toEqual(clean.buckets);
    }
  });

  it('an HTML page with status 200 and JSON of the wrong shape stop the run with a clear message', async () => {
    const conn = connector();
    const w = windowOf(conn);
    sb.setFaults([{ kind: 'html200', vendor: 'pendo' }]);
    const html = await failure(conn.fetchWindow(w, collectingSink(), context()));
    expect([html.code, html.retryable]).toEqual(['VENDOR_BAD_RESPONSE', false]);
    expect(html.message).toContain('web page');

    sb.setFaults([{ kind: 'wrongShape', vendor: 'pendo' }]);
    const shape = await failure(conn.fetchWindow(w, collectingSink(), context()));
    expect([shape.code, shape.retryable]).toEqual(['VENDOR_BAD_RESPONSE', false]);
    expect(shape.message).toContain('expected an aggregation answer {"results": [...]}');

    sb.setFaults([{ kind: 'wrongShape', vendor: 'pendo', path: '/api/v1/feature' }]);
    const catalogShape = await failure(conn.catalog!(context()));
    expect(catalogShape.message).toContain('expected a JSON array of features');
  });

  it('a slow or hanging answer past the timeout is a retryable TIMEOUT', async () => {
    const conn = connector({ settings: { requestTimeoutMs: 300 } });
    const w = windowOf(conn);
    sb.setFaults([{ kind: 'delay', vendor: 'pendo', delayMs: 1_000 }]);
    const slow = await failure(conn.fetchWindow(w, collectingSink(), context()));
    expect([slow.code, slow.retryable]).toEqual(['TIMEOUT', true]);
    sb.setFaults([{ kind: 'hang', vendor: 'pendo' }]);
    const hung = await failure(conn.fetchWindow(w, collectingSink(), context()));
    expect([hung.code, hung.retryable]).toEqual(['TIMEOUT', true]);
  });

  it('a 429 during keyset paging surfaces as retryable', async () => {
    sb.setFaults([{ kind: 'rateLimit', vendor: 'pendo', retryAfterSeconds: 1 }]);
    const e = await failure(
      (async () => {
        for await (const _ of connector().accounts!(context())) {
          // drain
        }
      })(),
    );
    expect([e.code, e.retryable, e.retryAfterMs]).toEqual(['VENDOR_RATE_LIMITED', true, 1000]);
  });

  it('a cancelled sync is CANCELLED, not retried', async () => {
    const conn = connector();
    const controller = new AbortController();
    sb.setFaults([{ kind: 'delay', vendor: 'pendo', delayMs: 2_000 }]);
    const ctx: FetchContext = { signal: controller.signal, schedule: (r) => r() };
    setTimeout(() => controller.abort(), 100);
    const e = await failure(conn.fetchWindow(windowOf(conn), collectingSink(), ctx));
    expect([e.code, e.retryable]).toEqual(['CANCELLED', false]);
  });
});

describe('Pendo connector × sandbox: settings and malformed rows', () => {
  it('a numeric app id (-323232, the default app) gives the same rows; another app gives none', async () => {
    const w = plan(connector()).at(-1) as SyncWindow;
    const all = (await fetchWithRetry(connector(), w)).sink;
    const byNumber = (await fetchWithRetry(connector({ settings: { appId: -323232 } }), w)).sink;
    expect(byNumber.buckets).toEqual(all.buckets);
    const other = (await fetchWithRetry(connector({ settings: { appId: 5 } }), w)).sink;
    expect(other.buckets).toEqual([]);
    expect(other.guides).toEqual([]);
  });

  it('a subscription time zone that does not match the vendor stops the run with a clear message', async () => {
    const conn = connector({ settings: { subscriptionTimeZone: 'UTC' } });
    const w = plan(conn).at(-2) as SyncWindow;
    const e = await failure(conn.fetchWindow(w, collectingSink(), context()));
    expect([e.code, e.retryable]).toEqual(['VENDOR_BAD_RESPONSE', false]);
    expect(e.message).toContain('subscription time zone setting (UTC) does not match');
  });

  it('malformed rows (through a rewriting proxy in front of the sandbox) are rejected and the rest is kept', async () => {
    // The sandbox's Pendo "malformed" fault breaks the whole JSON; row-level damage is injected here.
    const proxy = createServer((req, res) => {
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const upstream = await fetch(`${sb.pendo.baseUrl}${req.url ?? ''}`, {
          method: req.method,
          headers: {
            'x-pendo-integration-key': String(req.headers['x-pendo-integration-key'] ?? ''),
            'content-type': 'application/json',
          },
          body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
        });
        let text = await upstream.text();
        const source = /"source":\{"(\w+)"/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
        if (source === 'featureEvents') {
          text = text.replace(
            '{"results":[',
            '{"results":[{"visitorId":"x","day":"yesterday","numEvents":1,"featureId":"f"},{"visitorId":"y","numEvents":},"not a row",',
          );
        }
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
      })();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const w = plan(connector()).at(-2) as SyncWindow;
      const clean = (await fetchWithRetry(connector(), w)).sink;
      const { sink, reasons } = await fetchWithRetry(connector({ baseUrl: base }), w);
      expect(reasons).toEqual([
        'a Pendo featureEvents row has no numeric day',
        expect.stringContaining('not valid JSON'),
        'a Pendo featureEvents row is not a JSON object',
      ]);
      expect(sink.buckets).toEqual(clean.buckets);
      expect(sink.guides).toEqual(clean.guides);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
