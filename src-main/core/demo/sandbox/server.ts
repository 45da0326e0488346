/**
 * startSandboxes: one loopback HTTP server hosting every vendor under its own prefix:
 *   /amplitude (US instance), /amplitude-eu (EU instance), /mixpanel, /pendo, plus /__sandbox (faults, stats).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../ports';
import { systemClock } from '../../ports';
import { generatePortfolio } from '../portfolio/generate';
import type { Portfolio } from '../portfolio/model';
import { type AmplitudeRegion, AmplitudeSandbox, amplitudeRateLimitBody } from './amplitude';
import { Exchange } from './exchange';
import { type ActiveFaults, FaultBoard, type FaultSpec, faultRequestSchema } from './faults';
import { MixpanelSandbox } from './mixpanel';
import { PendoSandbox } from './pendo';

/** Fixed, obviously fake demo credentials. */
export const DEMO_CREDENTIALS = {
  amplitude: { apiKey: 'demo-amplitude-api-key-0000', secretKey: 'demo-amplitude-secret-key-0000', projectId: 187520 },
  mixpanel: {
    projectId: 3141592,
    username: 'pulse-demo.2f9c1a.mp-service-account',
    secret: 'demo-mixpanel-service-secret-0000',
    apiSecret: 'demo-mixpanel-project-secret-0000',
    companyDataGroupId: '4411',
  },
  pendo: { integrationKey: 'demo-pendo-integration-key-0000' },
} as const;

export interface SandboxOptions {
  seed?: number;
  accounts?: number;
  days?: number;
  /** Port of the single server (0 = any free port). */
  port?: number;
  host?: string;
  clock?: Clock;
  /** Reuse an existing portfolio instead of generating one. */
  portfolio?: Portfolio;
  /** Region of the Amplitude demo project (default 'us'); the other region's host answers 403. */
  amplitudeRegion?: AmplitudeRegion;
  amplitudeMaxConcurrent?: number;
  /** Estimated export size above which Amplitude's export answers 400 (default 4 GB). */
  amplitudeExportSizeLimitBytes?: number;
  amplitudeExportDirectoryEntry?: boolean;
  amplitudeLinesPerEntry?: number;
  mixpanelQueryLimitPerHour?: number;
  mixpanelQueryMaxConcurrent?: number;
  /** Default unlimited so benchmarks can pull; set 60 to mimic the real hourly budget. */
  mixpanelExportLimitPerHour?: number;
  mixpanelExportLimitPerSecond?: number;
  mixpanelEngagePageSize?: number;
  /** Pendo subscription time zone (default America/New_York). */
  pendoTimeZone?: string;
}

export interface RequestCounts {
  total: number;
  byVendor: Record<string, number>;
  /** "<vendor> <METHOD> <path>" → count */
  byPath: Record<string, number>;
}

export interface RunningSandboxes {
  baseUrl: string;
  amplitude: {
    baseUrl: string;
    usBaseUrl: string;
    euBaseUrl: string;
    apiKey: string;
    secretKey: string;
    projectId: number;
    region: AmplitudeRegion;
  };
  mixpanel: {
    baseUrl: string;
    projectId: number;
    username: string;
    secret: string;
    apiSecret: string;
    companyDataGroupId: string;
  };
  pendo: { baseUrl: string; integrationKey: string; timeZone: string };
  portfolio: Portfolio;
  setFaults(faults: FaultSpec[]): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  requestCounts(): RequestCounts;
  resetRequestCounts(): void;
  close(): Promise<void>;
}

const VENDOR_PREFIXES: [string, 'amplitude' | 'amplitude-eu' | 'mixpanel' | 'pendo'][] = [
  ['/amplitude-eu', 'amplitude-eu'],
  ['/amplitude', 'amplitude'],
  ['/mixpanel', 'mixpanel'],
  ['/pendo', 'pendo'],
];

async function applyStatusFaults(ex: Exchange, vendor: string, f: ActiveFaults): Promise<boolean> {
  if (f.hang) return true;
  if (f.rateLimit) {
    const headers: Record<string, string | number> = {};
    if (f.rateLimit.retryAfterSeconds !== undefined) headers['Retry-After'] = Math.ceil(f.rateLimit.retryAfterSeconds);
    if (vendor === 'mixpanel') {
      await ex.json(
        429,
        {
          request: `${ex.path}${ex.url.search}`,
          error: `Query rate limit exceeded for project_id: ${DEMO_CREDENTIALS.mixpanel.projectId}. 1/5 queries running concurrently and 61/60 queries running in the last hour. For more information, please consult our documentation at https://help.mixpanel.com/hc/en-us/articles/115004602563-Rate-Limits-for-Export-API-Endpoints`,
        },
        headers,
      );
    } else if (vendor === 'pendo') {
      await ex.send(429, 'Too Many Requests', 'text/plain; charset=utf-8', headers);
    } else {
      await ex.json(429, amplitudeRateLimitBody(5), headers);
    }
    return true;
  }
  if (f.serverError) {
    const status = f.serverError.status ?? 503;
    if (vendor === 'pendo') await ex.send(status, 'Service Unavailable', 'text/plain; charset=utf-8');
    else if (vendor === 'mixpanel')
      await ex.json(status, { request: `${ex.path}${ex.url.search}`, error: 'Internal server error' });
    else
      await ex.json(status, { error: { http_code: status, type: 'server_error', message: 'Service Unavailable', metadata: {} } });
    return true;
  }
  if (f.html200) {
    await ex.send(
      200,
      '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>We&#39;ll be right back</h1><p>Scheduled maintenance.</p></body></html>',
      'text/html; charset=utf-8',
    );
    return true;
  }
  if (f.wrongShape) {
    await ex.json(200, { status: 'ok', message: 'unexpected payload', items: null });
    return true;
  }
  return false;
}

export async function startSandboxes(options: SandboxOptions = {}): Promise<RunningSandboxes> {
  const clock = options.clock ?? systemClock;
  const portfolio =
    options.portfolio ??
    generatePortfolio({ seed: options.seed, accounts: options.accounts, days: options.days, now: clock.now() });
  const region: AmplitudeRegion = options.amplitudeRegion ?? 'us';
  const amplitude = new AmplitudeSandbox(portfolio, {
    projectId: DEMO_CREDENTIALS.amplitude.projectId,
    apiKey: DEMO_CREDENTIALS.amplitude.apiKey,
    secretKey: DEMO_CREDENTIALS.amplitude.secretKey,
    region,
    maxConcurrent: options.amplitudeMaxConcurrent ?? 5,
    export: {
      projectId: DEMO_CREDENTIALS.amplitude.projectId,
      sizeLimitBytes: options.amplitudeExportSizeLimitBytes ?? 4 * 1024 ** 3,
      directoryEntry: options.amplitudeExportDirectoryEntry ?? true,
      linesPerEntry: options.amplitudeLinesPerEntry ?? 20_000,
    },
  });
  const mixpanel = new MixpanelSandbox(
    portfolio,
    {
      projectId: DEMO_CREDENTIALS.mixpanel.projectId,
      username: DEMO_CREDENTIALS.mixpanel.username,
      secret: DEMO_CREDENTIALS.mixpanel.secret,
      apiSecret: DEMO_CREDENTIALS.mixpanel.apiSecret,
      companyDataGroupId: DEMO_CREDENTIALS.mixpanel.companyDataGroupId,
      engagePageSize: options.mixpanelEngagePageSize ?? 1000,
      queryMaxConcurrent: options.mixpanelQueryMaxConcurrent ?? 5,
      queryLimitPerHour: options.mixpanelQueryLimitPerHour ?? 60,
      exportMaxConcurrent: 100,
      exportLimitPerHour: options.mixpanelExportLimitPerHour ?? Number.POSITIVE_INFINITY,
      exportLimitPerSecond: options.mixpanelExportLimitPerSecond ?? 3,
    },
    clock,
  );
  const pendoTz = options.pendoTimeZone ?? 'America/New_York';
  const pendo = new PendoSandbox(portfolio, { integrationKey: DEMO_CREDENTIALS.pendo.integrationKey, timeZone: pendoTz });
  const faults = new FaultBoard();
  let counts: RequestCounts = { total: 0, byVendor: {}, byPath: {} };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sandbox.local');
      const pathname = url.pathname;
      if (pathname.startsWith('/__sandbox/')) return control(req, res, pathname);
      const match = VENDOR_PREFIXES.find(([prefix]) => pathname === prefix || pathname.startsWith(`${prefix}/`));
      if (!match) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
        return;
      }
      const [prefix, name] = match;
      const vendor = name === 'amplitude-eu' ? 'amplitude' : name;
      const path = pathname.slice(prefix.length) || '/';
      counts.total++;
      counts.byVendor[vendor] = (counts.byVendor[vendor] ?? 0) + 1;
      const pathKey = `${vendor} ${req.method ?? 'GET'} ${path}`;
      counts.byPath[pathKey] = (counts.byPath[pathKey] ?? 0) + 1;
      // Faults match the query too (e.g. one Mixpanel export by its from_date).
      const active = faults.take(vendor, `${path}${url.search}`);
      const ex = new Exchange(req, res, path, active, clock);
      if (active.delay?.delayMs) await new Promise((r) => setTimeout(r, active.delay?.delayMs));
      if (await applyStatusFaults(ex, vendor, active)) return;
      if (vendor === 'amplitude') await amplitude.handle(ex, name === 'amplitude-eu' ? 'eu' : 'us');
      else if (vendor === 'mixpanel') await mixpanel.handle(ex);
      else await pendo.handle(ex);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      if (!res.writableEnded) res.end(`sandbox error: ${(err as Error).message}`);
    });
  });

  async function control(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (pathname === '/__sandbox/faults') {
      if (req.method === 'GET') return send(200, { faults: faults.list() });
      if (req.method === 'DELETE') {
        faults.clear();
        return send(200, { faults: [] });
      }
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        try {
          const parsed = faultRequestSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
          if ('faults' in parsed) {
            if (parsed.replace === false) for (const f of parsed.faults) faults.add(f);
            else faults.set(parsed.faults);
          } else faults.add(parsed);
          return send(200, { faults: faults.list() });
        } catch (e) {
          return send(400, { error: (e as Error).message });
        }
      }
    }
    if (pathname === '/__sandbox/stats') {
      if (req.method === 'DELETE') counts = { total: 0, byVendor: {}, byPath: {} };
      return send(200, counts);
    }
    return send(404, { error: 'unknown sandbox control path' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const base = `http://${options.host ?? '127.0.0.1'}:${addr.port}`;
  const usBaseUrl = `${base}/amplitude`;
  const euBaseUrl = `${base}/amplitude-eu`;
  return {
    baseUrl: base,
    amplitude: {
      baseUrl: region === 'us' ? usBaseUrl : euBaseUrl,
      usBaseUrl,
      euBaseUrl,
      apiKey: DEMO_CREDENTIALS.amplitude.apiKey,
      secretKey: DEMO_CREDENTIALS.amplitude.secretKey,
      projectId: DEMO_CREDENTIALS.amplitude.projectId,
      region,
    },
    mixpanel: {
      baseUrl: `${base}/mixpanel`,
      projectId: DEMO_CREDENTIALS.mixpanel.projectId,
      username: DEMO_CREDENTIALS.mixpanel.username,
      secret: DEMO_CREDENTIALS.mixpanel.secret,
      apiSecret: DEMO_CREDENTIALS.mixpanel.apiSecret,
      companyDataGroupId: DEMO_CREDENTIALS.mixpanel.companyDataGroupId,
    },
    pendo: { baseUrl: `${base}/pendo`, integrationKey: DEMO_CREDENTIALS.pendo.integrationKey, timeZone: pendoTz },
    portfolio,
    setFaults: (f) => faults.set(f),
    addFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    requestCounts: () => JSON.parse(JSON.stringify(counts)) as RequestCounts,
    resetRequestCounts: () => {
      counts = { total: 0, byVendor: {}, byPath: {} };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
