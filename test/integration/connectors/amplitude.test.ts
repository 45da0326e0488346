/**
 * The Amplitude connector against the real local sandbox over HTTP: exact counts against the demo
 * portfolio's ground truth, auth/region failures, and every fault toggle the export can suffer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmplitudeConnector } from '../../../src-main/core/connectors/amplitude';
import { createAmplitudeConnector } from '../../../src-main/core/connectors/amplitude';
import { type CollectingSink, collectingSink, countingContext } from '../../../src-main/core/connectors/amplitude/testFixtures';
import { isVendorError, type VendorError } from '../../../src-main/core/connectors/http';
import type { CanonicalEvent, FetchContext, SyncWindow } from '../../../src-main/core/connectors/types';
import { groundTruth, type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';

const NOW = Date.parse('2025-03-15T15:30:00Z');
const clock = { now: () => NOW };
const DAYS = 20;
const OPTS = { seed: 11, accounts: 10, days: DAYS, clock };

function connectorFor(
  sb: RunningSandboxes,
  over: { region?: string; baseUrl?: string | null; secretKey?: string; http?: typeof fetch } = {},
): AmplitudeConnector {
  return createAmplitudeConnector(
    {
      connectionId: 'amp-test',
      region: over.region ?? 'us',
      baseUrl: over.baseUrl === undefined ? null : over.baseUrl,
      settings: { groupType: 'company', cohortPollMs: 5 },
      secrets: { apiKey: sb.amplitude.apiKey, secretKey: over.secretKey ?? sb.amplitude.secretKey },
      http: over.http ?? fetch,
      clock,
    },
    { hosts: { us: sb.amplitude.usBaseUrl, eu: sb.amplitude.euBaseUrl }, idleTimeoutMs: 10_000 },
  );
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

/** What the sync engine does per window: a fresh sink per attempt, retrying retryable errors. */
async function runWindow(
  connector: AmplitudeConnector,
  window: SyncWindow,
  ctx: FetchContext,
  maxAttempts = 4,
): Promise<{ sink: CollectingSink; errors: VendorError[] }> {
  const errors: VendorError[] = [];
  for (let attempt = 1; ; attempt++) {
    const sink = collectingSink();
    try {
      await connector.fetchWindow(window, sink, ctx);
      return { sink, errors };
    } catch (error) {
      if (!isVendorError(error) || !error.retryable || attempt >= maxAttempts) throw error;
      errors.push(error);
      await new Promise((r) => setTimeout(r, Math.min(error.retryAfterMs ?? 0, 1_500)));
    }
  }
}

function dedupe(events: CanonicalEvent[]): CanonicalEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = `${e.accountId}\u0000${e.insertId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

describe('Amplitude connector against the sandbox', () => {
  let sb: RunningSandboxes;
  let connector: AmplitudeConnector;
  let windows: SyncWindow[];
  const perWindow = new Map<string, CanonicalEvent[]>();
  const rejectedPerWindow = new Map<string, number>();

  beforeAll(async () => {
    sb = await startSandboxes(OPTS);
    connector = connectorFor(sb);
    windows = connector.planWindows({ checkpoint: null, now: NOW, backfillDays: DAYS + 5, lookbackDays: 3, full: false });
    const ctx = countingContext();
    for (const w of windows) {
      const { sink } = await runWindow(connector, w, ctx, 1);
      perWindow.set(w.key, sink.events);
      rejectedPerWindow.set(w.key, sink.rejections.length);
    }
  });

  afterAll(async () => {
    await sb?.close();
  });

  it('says the connection works', async () => {
    expect(await connector.test(countingContext())).toEqual({
      ok: true,
      message: 'Connected to Amplitude (US region): the API key and secret key work.',
      suggestedRegion: null,
    });
  });

  it('plans UTC upload days up to now − 2 h', () => {
    expect(windows.at(-1)).toMatchObject({ key: '2025-03-15', toMs: Date.parse('2025-03-15T14:00:00Z') });
    expect(windows.every((w, i) => i === 0 || w.fromMs === (windows[i - 1] as SyncWindow).fromMs + 86_400_000)).toBe(true);
  });

  it('matches the ground truth exactly: events per account, user and event day', () => {
    const truth = groundTruth(sb.portfolio, { vendor: 'amplitude' });
    const userIdOf = new Map(sb.portfolio.people.map((pe) => [String(pe.amplitudeId), pe.amplitudeUserId]));
    const all = dedupe([...perWindow.values()].flat());
    expect([...rejectedPerWindow.values()].every((n) => n === 0)).toBe(true);
    const counts = new Map<string, number>();
    let total = 0;
    for (const e of all) {
      const day = utcDay(e.ts);
      if (day < truth.fromDay || day > truth.toDay) continue;
      expect(e.accountId).not.toBeNull();
      const userId = userIdOf.get(e.userId);
      expect(userId, e.userId).toBeDefined();
      const key = `${e.accountId}|${day}|${userId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      total++;
    }
    const expected = new Map(truth.userDays.map((u) => [`${u.accountId}|${u.day}|${u.userId}`, u.events]));
    expect(total).toBe(truth.totals.events);
    expect(counts.size).toBe(expected.size);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(expected));
    const sessions = new Map<string, Set<string>>();
    for (const e of all) {
      const day = utcDay(e.ts);
      if (day < truth.fromDay || day > truth.toDay || e.sessionId === null) continue;
      const key = `${e.accountId}|${day}`;
      const set = sessions.get(key) ?? new Set<string>();
      set.add(`${e.userId}|${e.sessionId}`);
      sessions.set(key, set);
    }
    expect(Object.fromEntries([...sessions].map(([k, v]) => [k, v.size]))).toEqual(
      Object.fromEntries(truth.sessions.map((s) => [`${s.accountId}|${s.day}`, s.sessions])),
    );
  });

  it('gives readable user ids and names every account from group properties', () => {
    const all = [...perWindow.values()].flat();
    expect(all.every((e) => e.readableUserId?.includes('@') === true)).toBe(true);
    const customers = sb.portfolio.customers.filter((c) => c.vendorIds.amplitude !== undefined);
    const seen = connector.accountsSeen();
    expect(seen.map((a) => a.accountId).sort()).toEqual(customers.map((c) => c.vendorIds.amplitude as string).sort());
    for (const c of customers) {
      const a = seen.find((x) => x.accountId === c.vendorIds.amplitude);
      expect(a).toMatchObject({ name: c.name, domain: c.domain });
    }
  });

  it('matches the active users of the Dashboard API for settled days', async () => {
    const days = windows.slice(1, -4).map((w) => w.key);
    const samples = await connector.accuracySamples!(days, countingContext());
    expect(samples.map((s) => s.day)).toEqual(days);
    const truth = groundTruth(sb.portfolio, { vendor: 'amplitude', fromDay: days[0], toDay: days.at(-1) });
    const perDay = new Map<string, number>();
    for (const a of truth.activeUsers) perDay.set(a.day, (perDay.get(a.day) ?? 0) + a.users);
    for (const s of samples) expect(s.vendorValue, s.day).toBe(perDay.get(s.day) ?? 0);
  });

  it('downloads cohort members through the async flow', async () => {
    const cohorts = await connector.cohorts!(countingContext());
    expect(cohorts.length).toBeGreaterThan(0);
    const ids = new Set(sb.portfolio.people.map((pe) => String(pe.amplitudeId)));
    for (const c of cohorts.slice(0, 3)) {
      expect(c.memberUserIds).not.toBeNull();
      expect(c.memberUserIds?.length).toBe(c.size);
      expect(c.memberUserIds?.every((id) => ids.has(id))).toBe(true);
    }
  });

  it('downloads the cohorts side by side: every download is asked for before the first file comes back', async () => {
    const paths: string[] = [];
    const recording: typeof fetch = (input, init) => {
      paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return fetch(input, init);
    };
    const cohorts = await connectorFor(sb, { http: recording }).cohorts!(countingContext());
    const downloaded = cohorts.filter((c) => c.memberUserIds !== null);
    expect(downloaded).toHaveLength(3);
    const starts = paths.flatMap((p, i) => (/\/api\/5\/cohorts\/request\/coh_/.test(p) ? [i] : []));
    const firstFile = paths.findIndex((p) => p.endsWith('/file'));
    expect(starts).toHaveLength(3);
    expect(firstFile).toBeGreaterThan(Math.max(...starts));
  });

  it('returns an empty catalog when the event list endpoint is missing', async () => {
    expect(await connector.catalog!(countingContext())).toEqual([]);
  });

  it('stores a checkpoint that resumes at the partial last day', () => {
    let cp: string | null = null;
    for (const w of windows) cp = connector.checkpointAfter(w, cp);
    const next = connector.planWindows({ checkpoint: cp, now: NOW, backfillDays: DAYS + 5, lookbackDays: 0, full: false });
    expect(next.map((w) => w.key)).toEqual(['2025-03-15']);
  });

  describe('failures', () => {
    const busy = '2025-03-12';
    const windowOf = (key: string): SyncWindow => windows.find((w) => w.key === key) as SyncWindow;
    const cleanCount = (): number => (perWindow.get(busy) ?? []).length;

    it('wrong secret → VENDOR_AUTH in test() and fetchWindow, without the secret in the message', async () => {
      const bad = connectorFor(sb, { secretKey: 'wrong-secret-123' });
      const result = await bad.test(countingContext());
      expect(result.ok).toBe(false);
      expect(result.suggestedRegion).toBeNull();
      expect(result.message).toContain('Check the key in Settings → Connections');
      const error = await failure(bad.fetchWindow(windowOf(busy), collectingSink(), countingContext()));
      expect(error.code).toBe('VENDOR_AUTH');
      expect(error.message).not.toContain('wrong-secret-123');
    });

    it('EU keys on the US host → VENDOR_REGION suggesting EU; with a base URL override → key-or-region message', async () => {
      const eu = await startSandboxes({ ...OPTS, amplitudeRegion: 'eu' });
      try {
        const c = connectorFor(eu, { region: 'us' });
        const result = await c.test(countingContext());
        expect(result).toMatchObject({ ok: false, suggestedRegion: 'eu' });
        expect(result.message).toContain('belong to the EU region');
        const error = await failure(c.fetchWindow(windowOf(busy), collectingSink(), countingContext()));
        expect(error.code).toBe('VENDOR_REGION');
        const pinned = connectorFor(eu, { region: 'us', baseUrl: eu.amplitude.usBaseUrl });
        const r2 = await pinned.test(countingContext());
        expect(r2).toMatchObject({ ok: false, suggestedRegion: null });
        expect(r2.message).toMatch(/key is wrong, or the project is in a region/);
        const ok = await connectorFor(eu, { region: 'eu' }).test(countingContext());
        expect(ok.ok).toBe(true);
      } finally {
        await eu.close();
      }
    });

    it('429 with Retry-After is retried and gives the same rows', async () => {
      sb.setFaults([{ kind: 'rateLimit', vendor: 'amplitude', path: '/api/2/export', retryAfterSeconds: 1 }]);
      const started = Date.now();
      const { sink, errors } = await runWindow(connector, windowOf(busy), countingContext());
      expect(errors.map((e) => [e.code, e.retryAfterMs])).toEqual([['VENDOR_RATE_LIMITED', 1000]]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(sink.events.length).toBe(cleanCount());
    });

    it('5xx is retryable; 504 splits the window and still gives the same rows', async () => {
      sb.setFaults([{ kind: 'serverError', vendor: 'amplitude', path: '/api/2/export', status: 500 }]);
      const first = await runWindow(connector, windowOf(busy), countingContext());
      expect(first.errors.map((e) => [e.code, e.retryable])).toEqual([['VENDOR_UNAVAILABLE', true]]);
      expect(first.sink.events.length).toBe(cleanCount());
      sb.setFaults([{ kind: 'serverError', vendor: 'amplitude', path: '/api/2/export', status: 504, count: 2 }]);
      sb.resetRequestCounts();
      const split = await runWindow(connector, windowOf(busy), countingContext(), 1);
      expect(split.sink.events.length).toBe(cleanCount());
      expect(sb.requestCounts().total).toBeGreaterThanOrEqual(4);
    });

    it('a truncated ZIP and a dropped connection are retryable and nothing partial is kept', async () => {
      sb.setFaults([{ kind: 'truncate', vendor: 'amplitude', path: '/api/2/export', bytes: 20_000 }]);
      const cut = await failure(connector.fetchWindow(windowOf(busy), collectingSink(), countingContext()));
      expect([cut.code, cut.retryable]).toEqual(['VENDOR_BAD_RESPONSE', true]);
      expect(cut.message).toContain('cut off');
      sb.setFaults([{ kind: 'drop', vendor: 'amplitude', path: '/api/2/export', bytes: 20_000 }]);
      const sink = collectingSink();
      const dropped = await failure(connector.fetchWindow(windowOf(busy), sink, countingContext()));
      expect(dropped.retryable).toBe(true);
      expect(['NETWORK', 'VENDOR_BAD_RESPONSE']).toContain(dropped.code);
      expect(sink.events).toEqual([]);
      sb.setFaults([{ kind: 'truncate', vendor: 'amplitude', path: '/api/2/export', bytes: 20_000 }]);
      const retried = await runWindow(connector, windowOf(busy), countingContext());
      expect(retried.sink.events.length).toBe(cleanCount());
    });

    it('a malformed line is rejected and the rest of the window is kept', async () => {
      sb.setFaults([{ kind: 'malformed', vendor: 'amplitude', path: '/api/2/export' }]);
      const { sink } = await runWindow(connector, windowOf(busy), countingContext(), 1);
      expect(sink.rejections).toEqual(['Amplitude export: a line is not valid JSON.']);
      expect(sink.events.length).toBe(cleanCount());
    });

    it('an HTML page or JSON with status 200 stops the run with a plain reason', async () => {
      sb.setFaults([{ kind: 'html200', vendor: 'amplitude', path: '/api/2/export' }]);
      const html = await failure(connector.fetchWindow(windowOf(busy), collectingSink(), countingContext()));
      expect([html.code, html.retryable]).toEqual(['VENDOR_BAD_RESPONSE', false]);
      expect(html.message).toContain('HTML page');
      sb.setFaults([{ kind: 'wrongShape', vendor: 'amplitude', path: '/api/2/export' }]);
      const json = await failure(connector.fetchWindow(windowOf(busy), collectingSink(), countingContext()));
      expect(json.message).toContain('expected a ZIP archive');
      sb.setFaults([{ kind: 'wrongShape', vendor: 'amplitude', path: '/api/2/users' }]);
      const users = await failure(connector.accuracySamples!([busy], countingContext()));
      expect(users.message).toContain('expected {"data"');
      sb.clearFaults();
    });
  });

  it('splits a day that is over the export size limit into hour ranges with the same rows', async () => {
    const perDay = sb.portfolio.expectedEventsPerDay.reduce((a, b) => a + b, 0);
    // Ranges of ≤ 5 hours fit; a whole day does not.
    const small = await startSandboxes({
      ...OPTS,
      portfolio: sb.portfolio,
      amplitudeExportSizeLimitBytes: Math.ceil((perDay * 0.8 * 1550 * 5.5) / 24),
    });
    try {
      const c = connectorFor(small);
      small.resetRequestCounts();
      const w = windows.find((x) => x.key === '2025-03-12') as SyncWindow;
      const { sink } = await runWindow(c, w, countingContext(), 1);
      expect(sink.events.length).toBe((perWindow.get('2025-03-12') ?? []).length);
      expect(small.requestCounts().total).toBeGreaterThan(4);
    } finally {
      await small.close();
    }
  });
});
