/** The Amplitude sandbox: Basic auth, region check, 5-concurrent limit, export, dashboard and cohorts. */
import type { Portfolio } from '../portfolio/model';
import { hashString } from '../portfolio/random';
import { serveSavedChart } from './amplitudeCharts';
import {
  amplitudeCohorts,
  cohortCsv,
  cohortListBody,
  dashboardError,
  serveFunnels,
  serveRetention,
  serveSegmentation,
  serveUsers,
} from './amplitudeDashboard';
import { type AmplitudeExportOptions, serveAmplitudeExport } from './amplitudeExport';
import { AmplitudeLines } from './amplitudeLines';
import { basicAuth, type Exchange } from './exchange';

export type AmplitudeRegion = 'us' | 'eu';

export interface AmplitudeSandboxConfig {
  projectId: number;
  apiKey: string;
  secretKey: string;
  /** Where the demo project lives. */
  region: AmplitudeRegion;
  /** Max concurrent requests across all endpoints (Amplitude: 5). */
  maxConcurrent: number;
  export: AmplitudeExportOptions;
}

export const AMPLITUDE_FORBIDDEN_BODY = {
  error: {
    http_code: 403,
    type: 'unspecified',
    message: 'Forbidden',
    metadata: { details: 'Invalid API/Secret Key combination' },
  },
};

export const AMPLITUDE_UNAUTHORIZED_BODY = {
  error: { http_code: 401, type: 'unauthorized', message: 'Unauthorized', metadata: { details: 'Missing API/Secret Key' } },
};

export function amplitudeRateLimitBody(maxConcurrent: number): unknown {
  return {
    error: {
      http_code: 429,
      type: 'rate_limit',
      message: 'Too many requests',
      metadata: { details: `Exceeded the concurrent request limit of ${maxConcurrent} for this project` },
    },
  };
}

export class AmplitudeSandbox {
  private inFlight = 0;
  private readonly lines: AmplitudeLines;
  private readonly cohortRequests = new Map<string, { cohortId: string; polls: number; props: boolean }>();

  constructor(
    private readonly p: Portfolio,
    readonly config: AmplitudeSandboxConfig,
  ) {
    this.lines = new AmplitudeLines(p, config.projectId);
  }

  /** Handles one request on the host of `hostRegion` (the US or the EU instance). */
  async handle(ex: Exchange, hostRegion: AmplitudeRegion): Promise<void> {
    const auth = basicAuth(ex);
    if (!auth) return ex.json(401, AMPLITUDE_UNAUTHORIZED_BODY);
    if (auth.user !== this.config.apiKey || auth.password !== this.config.secretKey || hostRegion !== this.config.region) {
      return ex.json(403, AMPLITUDE_FORBIDDEN_BODY);
    }
    if (this.inFlight >= this.config.maxConcurrent) {
      return ex.json(429, amplitudeRateLimitBody(this.config.maxConcurrent));
    }
    this.inFlight++;
    let released = false;
    const release = (): void => {
      if (!released) {
        released = true;
        this.inFlight--;
      }
    };
    ex.res.once('close', release);
    try {
      await this.route(ex);
    } finally {
      if (ex.res.writableEnded || ex.res.destroyed) release();
    }
  }

  private async route(ex: Exchange): Promise<void> {
    const path = ex.path.replace(/\/+$/, '');
    const p = this.p;
    if (ex.method !== 'GET') return ex.send(405, 'Method Not Allowed', 'text/plain');
    switch (path) {
      case '/api/2/export':
        return serveAmplitudeExport(ex, p, this.lines, this.config.export);
      case '/api/2/users':
        return serveUsers(ex, p);
      case '/api/2/events/segmentation':
        return serveSegmentation(ex, p);
      case '/api/2/funnels':
        return serveFunnels(ex, p);
      case '/api/2/retention':
        return serveRetention(ex, p);
      case '/api/3/cohorts':
        return ex.json(200, cohortListBody(p, this.config.projectId));
    }
    if (await serveSavedChart(ex, p, path)) return;
    let m = /^\/api\/5\/cohorts\/request-status\/([^/]+)$/.exec(path);
    if (m?.[1]) {
      const req = this.cohortRequests.get(m[1]);
      if (!req) return ex.json(404, { error: { http_code: 404, type: 'not_found', message: 'Request not found' } });
      req.polls++;
      const done = req.polls > 1;
      return ex.json(done ? 200 : 202, {
        request_id: m[1],
        cohort_id: req.cohortId,
        async_status: done ? 'JOB COMPLETED' : 'JOB INPROGRESS',
      });
    }
    m = /^\/api\/5\/cohorts\/request\/([^/]+)\/file$/.exec(path);
    if (m?.[1]) {
      const req = this.cohortRequests.get(m[1]);
      const cohort = req ? amplitudeCohorts(p).find((c) => c.id === req.cohortId) : undefined;
      if (!req || !cohort) return ex.json(404, { error: { http_code: 404, type: 'not_found', message: 'Request not found' } });
      if (req.polls < 2) return ex.json(400, dashboardError('The cohort download is not ready yet', 'Job not completed'));
      return ex.send(200, cohortCsv(p, cohort, req.props), 'text/csv; charset=utf-8', {
        'Content-Disposition': `attachment; filename="${cohort.id}.csv"`,
      });
    }
    m = /^\/api\/5\/cohorts\/request\/([^/]+)$/.exec(path);
    if (m?.[1]) {
      const cohortId = decodeURIComponent(m[1]);
      if (!amplitudeCohorts(p).some((c) => c.id === cohortId)) {
        return ex.json(404, { error: { http_code: 404, type: 'not_found', message: `Cohort ${cohortId} not found` } });
      }
      const requestId = `${(hashString(`${cohortId}:${this.cohortRequests.size}`) >>> 0).toString(16)}-${this.cohortRequests.size}`;
      this.cohortRequests.set(requestId, { cohortId, polls: 0, props: ex.query('props') === '1' });
      return ex.json(202, { request_id: requestId, cohort_id: cohortId });
    }
    return ex.json(404, { error: { http_code: 404, type: 'not_found', message: `No route for ${path}` } });
  }
}
