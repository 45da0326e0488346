/**
 * The Mixpanel connector against the real local sandbox over HTTP: exact counts against the demo
 * portfolio's ground truth, auth failures, and the fault toggles (429, 5xx, terminated early, split
 * and malformed lines, HTML, wrong shape, dropped and truncated streams).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isVendorError, type VendorError } from '../../../src-main/core/connectors/http';
import {
  createMixpanelConnector,
  type MixpanelSettings,
  mixpanelSettingsSchema,
} from '../../../src-main/core/connectors/mixpanel';
import type { CanonicalEvent, Connector, FetchContext, IngestSink, SyncWindow } from '../../../src-main/core/connectors/types';
import { FUNNEL_STEPS, groundTruth, type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';

const NOW = Date.parse('2025-03-15T15:30:00Z');
const clock = { now: () => NOW };
const DAYS = 12;

let sb: RunningSandboxes;

beforeAll(async () => {
  sb = await startSandboxes({
    seed: 23,
    accounts: 8,
    days: DAYS,
    clock,
    // The sandbox's limiters run on the fixed clock, so per-second and hourly budgets never refill here;
    // the engine's scheduler enforces the real budgets in production.
    mixpanelQueryLimitPerHour: 10_000,
    mixpanelExportLimitPerSecond: 1_000_000,
    mixpanelEngagePageSize: 10,
  });
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => sb.clearFaults());

function connector(over: { settings?: Record<string, unknown>; secret?: string; baseUrl?: string } = {}): Connector {
  return createMixpanelConnector({
    connectionId: 'mp-test',
    region: 'us',
    baseUrl: over.baseUrl ?? sb.mixpanel.baseUrl,
    settings: mixpanelSettingsSchema.parse({
      projectId: String(sb.mixpanel.projectId),
      username: sb.mixpanel.username,
      dataGroupId: sb.mixpanel.companyDataGroupId,
      ...over.settings,
    }) as MixpanelSettings,
    secrets: { secret: over.secret ?? sb.mixpanel.secret },
    http: fetch,
    clock,
  });
}

function context(): FetchContext & { requests: () => number; budgets: Array<string | undefined> } {
  let requests = 0;
  const budgets: Array<string | undefined> = [];
  return {
    signal: new AbortController().signal,
    schedule: (fn, budget) => {
      requests++;
      budgets.push(budget);
      return fn();
    },
    requests: () => requests,
    budgets,
  };
}

interface Collected {
  sink: IngestSink;
  events: CanonicalEvent[];
  rejected: string[];
}
function collect(): Collected {
  const events: CanonicalEvent[] = [];
  const rejected: string[] = [];
  return {
    events,
    rejected,
    sink: { event: (e) => events.push(e), bucket: () => {}, guideEvent: () => {}, rejected: (r) => rejected.push(r) },
  };
}

async function failure(p: Promise<unknown>): Promise<VendorError> {
  try {
    await p;
  } catch (error) {
    if (isVendorError(error)) return error;
    throw error;
  }
  throw new Error('expected a VendorError');
}

/** What the engine does per window: a fresh sink per attempt, retrying retryable errors. */
async function runWindow(
  c: Connector,
  window: SyncWindow,
  ctx: FetchContext,
  maxAttempts = 3,
): Promise<{ got: Collected; errors: VendorError[] }> {
  const errors: VendorError[] = [];
  for (let attempt = 1; ; attempt++) {
    const got = collect();
    try {
      await c.fetchWindow(window, got.sink, ctx);
      return { got, errors };
    } catch (error) {
      if (!isVendorError(error) || !error.retryable || attempt >= maxAttempts) throw error;
      errors.push(error);
    }
  }
}

/** Events per (account, user, day) after dedupe on insertId, as ingest would count them. */
function userDays(events: CanonicalEvent[]): Map<string, number> {
  const seen = new Set<string>();
  const out = new Map<string, number>();
  for (const e of events) {
    if (e.insertId !== null) {
      if (seen.has(e.insertId)) continue;
      seen.add(e.insertId);
    }
    const k = `${e.accountId}|${e.userId}|${new Date(e.ts).toISOString().slice(0, 10)}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function plan(c: Connector): SyncWindow[] {
  return c.planWindows({ checkpoint: null, now: NOW, backfillDays: DAYS, lookbackDays: 3, full: false });
}

describe('Mixpanel connector against the sandbox', () => {
  it('syncs every day with exact per-user-day counts against the ground truth', async () => {
    const c = connector();
    const ctx = context();
    const windows = plan(c);
    expect(windows).toHaveLength(DAYS + 1);
    expect(windows.at(-1)?.key).toBe('2025-03-15');
    const all: CanonicalEvent[] = [];
    let rejected = 0;
    let checkpoint: string | null = null;
    for (const w of windows) {
      const { got } = await runWindow(c, w, ctx);
      for (const e of got.events) {
        expect(e.ts).toBeGreaterThanOrEqual(w.fromMs);
        expect(e.ts).toBeLessThan(w.toMs);
      }
      all.push(...got.events);
      rejected += got.rejected.length;
      checkpoint = c.checkpointAfter(w, checkpoint);
    }
    expect(rejected).toBe(0);
    expect(ctx.requests()).toBe(DAYS + 1);
    const truth = groundTruth(sb.portfolio, { vendor: 'mixpanel' });
    const expected = new Map(truth.userDays.map((r) => [`${r.accountId}|${r.userId}|${r.day}`, r.events]));
    const actual = userDays(all);
    expect(actual.size).toBe(expected.size);
    expect(actual).toEqual(expected);
    expect([...actual.values()].reduce((a, b) => a + b, 0)).toBe(truth.totals.events);
    // The sandbox delivers some events twice: they carry the same insert id.
    expect(all.length).toBeGreaterThan(truth.totals.events);
    // Resume: today is not complete, so the next run starts at today minus the look-back.
    expect(JSON.parse(checkpoint ?? '')).toEqual({ v: 1, next: '2025-03-15' });
    const resumed = c.planWindows({ checkpoint, now: NOW, backfillDays: DAYS, lookbackDays: 2, full: false });
    expect(resumed.map((w) => w.key)).toEqual(['2025-03-13', '2025-03-14', '2025-03-15']);
  });

  it('re-running a window gives identical events', async () => {
    const c = connector();
    const w = plan(c)[5]!;
    const a = await runWindow(c, w, context());
    const b = await runWindow(c, w, context());
    expect(b.got.events).toEqual(a.got.events);
    expect(a.got.events.length).toBeGreaterThan(0);
  });

  it('accepts the legacy project secret', async () => {
    const c = connector({ settings: { username: undefined, projectId: undefined }, secret: sb.mixpanel.apiSecret });
    expect((await c.test(context())).ok).toBe(true);
    const { got } = await runWindow(c, plan(c)[3]!, context());
    expect(got.events.length).toBeGreaterThan(0);
  });
});

describe('connection test', () => {
  it('passes with the demo service account', async () => {
    const r = await connector().test(context());
    expect(r).toMatchObject({ ok: true, suggestedRegion: null });
  });

  it('explains a wrong secret without echoing it', async () => {
    const r = await connector({ secret: 'wrong-secret-123' }).test(context());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/Settings → Connections/);
    expect(r.message).not.toContain('wrong-secret-123');
  });

  it('explains a service account without a project id before calling', async () => {
    const ctx = context();
    const c = createMixpanelConnector({
      connectionId: 'x',
      region: 'us',
      baseUrl: sb.mixpanel.baseUrl,
      settings: { username: sb.mixpanel.username } as unknown as MixpanelSettings,
      secrets: { secret: sb.mixpanel.secret },
      http: fetch,
      clock,
    });
    const r = await c.test(ctx);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/project id/);
    expect(ctx.requests()).toBe(0);
  });

  it('explains a project the service account cannot access', async () => {
    const r = await connector({ settings: { projectId: '999' } }).test(context());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/no access to project 999/);
  });

  it('explains an unreachable host', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = await connector({ baseUrl: `http://127.0.0.1:${port}/mixpanel` }).test(context());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/Cannot reach Mixpanel/);
  });
});

describe('faults', () => {
  const day = (c: Connector) => plan(c)[6]!;

  it('429 with Retry-After is retryable with the wait; the retry succeeds', async () => {
    const c = connector();
    sb.addFault({ kind: 'rateLimit', vendor: 'mixpanel', retryAfterSeconds: 3, count: 1 });
    const error = await failure(c.fetchWindow(day(c), collect().sink, context()));
    expect(error).toMatchObject({ code: 'VENDOR_RATE_LIMITED', retryable: true, retryAfterMs: 3000, status: 429 });
    expect(error.message).toContain('Query rate limit exceeded');
    const { got } = await runWindow(c, day(c), context());
    expect(got.events.length).toBeGreaterThan(0);
  });

  it('5xx is retryable', async () => {
    const c = connector();
    sb.addFault({ kind: 'serverError', vendor: 'mixpanel', status: 502 });
    expect(await failure(c.fetchWindow(day(c), collect().sink, context()))).toMatchObject({
      code: 'VENDOR_UNAVAILABLE',
      retryable: true,
    });
  });

  it('"terminated early" is retryable and the retry gives the full day', async () => {
    const c = connector();
    const clean = await runWindow(c, day(c), context());
    sb.addFault({ kind: 'terminatedEarly', vendor: 'mixpanel', path: '/export' });
    const { got, errors } = await runWindow(c, day(c), context());
    expect(errors.map((e) => e.retryable)).toEqual([true]);
    expect(got.events).toEqual(clean.got.events);
  });

  it('repairs a record split across two lines', async () => {
    const c = connector();
    const clean = await runWindow(c, day(c), context());
    sb.addFault({ kind: 'splitLine', vendor: 'mixpanel', path: '/export' });
    const { got } = await runWindow(c, day(c), context());
    expect(got.rejected).toEqual([]);
    expect(got.events).toEqual(clean.got.events);
  });

  it('rejects a malformed line and keeps the rest', async () => {
    const c = connector();
    const clean = await runWindow(c, day(c), context());
    sb.addFault({ kind: 'malformed', vendor: 'mixpanel', path: '/export' });
    const { got } = await runWindow(c, day(c), context());
    expect(got.rejected).toHaveLength(1);
    expect(got.events).toEqual(clean.got.events);
  });

  it('an HTML page with status 200 is a bad response', async () => {
    const c = connector();
    sb.addFault({ kind: 'html200', vendor: 'mixpanel' });
    const error = await failure(c.fetchWindow(day(c), collect().sink, context()));
    expect(error).toMatchObject({ code: 'VENDOR_BAD_RESPONSE', retryable: false });
    expect(error.message).toMatch(/HTML/);
  });

  it('JSON of the wrong shape is a bad response naming what was expected', async () => {
    const c = connector();
    sb.addFault({ kind: 'wrongShape', vendor: 'mixpanel', path: '/export' });
    const error = await failure(c.fetchWindow(day(c), collect().sink, context()));
    expect(error).toMatchObject({ code: 'VENDOR_BAD_RESPONSE', retryable: false });
    expect(error.message).toMatch(/expected one \{"event"/);
    sb.addFault({ kind: 'wrongShape', vendor: 'mixpanel', path: '/engage' });
    const users = failure(
      (async () => {
        for await (const _ of c.users!(context())) void _;
      })(),
    );
    expect((await users).message).toMatch(/expected \{"results"/);
  });

  it('a connection dropped mid-stream is retryable', async () => {
    const c = connector();
    sb.addFault({ kind: 'drop', vendor: 'mixpanel', path: '/export', bytes: 3000 });
    const error = await failure(c.fetchWindow(day(c), collect().sink, context()));
    expect(error).toMatchObject({ retryable: true });
    expect(['NETWORK', 'TIMEOUT']).toContain(error.code);
  });

  it('a body cut mid-record is retryable', async () => {
    const c = connector();
    sb.addFault({ kind: 'truncate', vendor: 'mixpanel', path: '/export', bytes: 3001 });
    const error = await failure(c.fetchWindow(day(c), collect().sink, context()));
    expect(error).toMatchObject({ retryable: true });
  });
});

describe('profiles, cohorts, funnels, accuracy', () => {
  it('reads every user profile through engage paging', async () => {
    const ctx = context();
    const users = [];
    for await (const u of connector().users!(ctx)) users.push(u);
    const truth = groundTruth(sb.portfolio, { vendor: 'mixpanel' });
    const synced = new Set(truth.userDays.map((r) => r.userId));
    expect(users.length).toBeGreaterThan(10); // more than one page of 10
    expect(ctx.requests()).toBe(Math.floor(users.length / 10) + 1);
    expect(new Set(users.map((u) => u.userId)).size).toBe(users.length);
    for (const id of synced) expect(users.some((u) => u.userId === id)).toBe(true);
    expect(users.every((u) => u.accountIds.length > 0 && u.readableUserId?.includes('@'))).toBe(true);
    // Engage spends the Query API's budget, not the raw export's (Mixpanel counts them apart).
    expect(new Set(ctx.budgets)).toEqual(new Set(['query']));
    const exportCtx = context();
    const c = connector();
    await c.fetchWindow(plan(c)[6] as SyncWindow, collect().sink, exportCtx);
    expect(exportCtx.budgets).toEqual(['export']);
  });

  it('reads group profiles as accounts', async () => {
    const accounts = [];
    for await (const a of connector().accounts!(context())) accounts.push(a);
    const expected = sb.portfolio.customers.filter((c) => c.vendorIds.mixpanel !== undefined);
    expect(accounts.map((a) => a.accountId).sort()).toEqual(expected.map((c) => c.vendorIds.mixpanel).sort());
    const first = expected[0]!;
    expect(accounts.find((a) => a.accountId === first.vendorIds.mixpanel)).toMatchObject({
      name: first.name,
      domain: first.domain,
    });
  });

  it('reads cohorts with their members', async () => {
    const cohorts = await connector().cohorts!(context());
    expect(cohorts.length).toBeGreaterThan(0);
    for (const c of cohorts) {
      expect(c.memberUserIds).not.toBeNull();
      expect(c.memberUserIds?.length).toBe(c.size);
    }
  });

  it('reads saved funnels with their steps', async () => {
    const ctx = context();
    const funnels = await connector().savedFunnels!(ctx);
    expect(funnels.find((f) => f.name === 'Onboarding funnel')?.steps).toEqual([...FUNNEL_STEPS]);
    expect(ctx.requests()).toBe(1 + funnels.length);
  });

  it('accuracy: one segmentation query matches the synced daily counts of the event', async () => {
    const c = connector();
    const windows = plan(c).slice(-4);
    const all: CanonicalEvent[] = [];
    for (const w of windows) all.push(...(await runWindow(c, w, context())).got.events);
    const ctx = context();
    const samples = await c.accuracySamples!(
      windows.map((w) => w.key),
      ctx,
    );
    expect(ctx.requests()).toBe(1);
    const name = samples[0]?.metric.replace(/^events:/, '') ?? '';
    const seen = new Set<string>();
    const ours = new Map<string, number>();
    for (const e of all) {
      if (e.name !== name || (e.insertId && seen.has(e.insertId))) continue;
      if (e.insertId) seen.add(e.insertId);
      const d = new Date(e.ts).toISOString().slice(0, 10);
      ours.set(d, (ours.get(d) ?? 0) + 1);
    }
    expect(samples.map((s) => s.day)).toEqual(windows.map((w) => w.key));
    for (const s of samples) expect(s.vendorValue).toBe(ours.get(s.day) ?? 0);
  });
});
