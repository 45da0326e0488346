/**
 * The Mixpanel sandbox: service-account Basic auth (project_id required) or legacy project-secret auth;
 * raw export on /api/2.0/export (the data host path) and the Query API under both /api/query/... and
 * /api/2.0/...; query rate limits (5 concurrent, N per hour) answered with Mixpanel's real 429 body.
 */
import type { Clock } from '../../ports';
import type { Portfolio } from '../portfolio/model';
import { basicAuth, type Exchange } from './exchange';
import { MixpanelLines, mixpanelError, serveMixpanelExport } from './mixpanelExport';
import {
  type MixpanelQueryConfig,
  serveCohortsList,
  serveEngage,
  serveFunnel,
  serveFunnelsList,
  serveInsights,
  serveRetention,
  serveSegmentation,
} from './mixpanelQuery';

export interface MixpanelSandboxConfig extends MixpanelQueryConfig {
  /** Service account username (`<name>.<id>.mp-service-account`) and secret. */
  username: string;
  secret: string;
  /** Legacy project API secret (Basic with the secret as username, empty password). */
  apiSecret: string;
  queryMaxConcurrent: number;
  queryLimitPerHour: number;
  exportMaxConcurrent: number;
  exportLimitPerHour: number;
  exportLimitPerSecond: number;
}

const RATE_DOC = 'https://help.mixpanel.com/hc/en-us/articles/115004602563-Rate-Limits-for-Export-API-Endpoints';

class Limiter {
  inFlight = 0;
  private stamps: number[] = [];
  constructor(private readonly clock: Clock) {}

  countSince(windowMs: number): number {
    const since = this.clock.now() - windowMs;
    while (this.stamps.length && (this.stamps[0] ?? 0) <= since - 3_600_000) this.stamps.shift();
    let n = 0;
    for (let i = this.stamps.length - 1; i >= 0 && (this.stamps[i] ?? 0) > since; i--) n++;
    return n;
  }

  record(): void {
    this.stamps.push(this.clock.now());
  }
}

export class MixpanelSandbox {
  private readonly lines: MixpanelLines;
  private readonly query: Limiter;
  private readonly export: Limiter;

  constructor(
    private readonly p: Portfolio,
    readonly config: MixpanelSandboxConfig,
    clock: Clock,
  ) {
    this.lines = new MixpanelLines(p);
    this.query = new Limiter(clock);
    this.export = new Limiter(clock);
  }

  async handle(ex: Exchange): Promise<void> {
    const cfg = this.config;
    const auth = basicAuth(ex);
    if (!auth) return ex.json(401, mixpanelError(ex, 'Unable to authenticate request'));
    const serviceAccount = auth.user === cfg.username && auth.password === cfg.secret;
    const legacy = auth.user === cfg.apiSecret;
    if (!serviceAccount && !legacy) return ex.json(401, mixpanelError(ex, 'Unable to authenticate request'));
    const projectId = ex.query('project_id');
    if (serviceAccount) {
      if (!projectId) return ex.json(400, mixpanelError(ex, 'project_id is required when authenticating with a service account'));
      if (projectId !== String(cfg.projectId))
        return ex.json(403, mixpanelError(ex, `You do not have access to project ${projectId}`));
    }

    const path = ex.path.replace(/\/+$/, '');
    if (path === '/api/2.0/export') {
      const perSecond = this.export.countSince(1000);
      const perHour = this.export.countSince(3_600_000);
      if (
        this.export.inFlight >= cfg.exportMaxConcurrent ||
        perSecond >= cfg.exportLimitPerSecond ||
        perHour >= cfg.exportLimitPerHour
      ) {
        return ex.json(
          429,
          mixpanelError(
            ex,
            `Export rate limit exceeded for project_id: ${cfg.projectId}. ${this.export.inFlight + 1}/${cfg.exportMaxConcurrent} queries running concurrently, ${perSecond + 1}/${cfg.exportLimitPerSecond} queries in the last second and ${perHour + 1}/${cfg.exportLimitPerHour === Number.POSITIVE_INFINITY ? 'unlimited' : cfg.exportLimitPerHour} queries in the last hour. For more information, please consult our documentation at ${RATE_DOC}`,
          ),
        );
      }
      return this.run(this.export, ex, () => serveMixpanelExport(ex, this.p, this.lines));
    }

    const m = /^\/api\/(?:query|2\.0)(\/.*)$/.exec(path);
    const endpoint = m?.[1];
    const handler = endpoint ? this.queryHandler(endpoint, ex) : undefined;
    if (!handler) return ex.json(404, mixpanelError(ex, 'Not found'));
    const perHour = this.query.countSince(3_600_000);
    if (this.query.inFlight >= cfg.queryMaxConcurrent || perHour >= cfg.queryLimitPerHour) {
      return ex.json(
        429,
        mixpanelError(
          ex,
          `Query rate limit exceeded for project_id: ${cfg.projectId}. ${this.query.inFlight + (perHour >= cfg.queryLimitPerHour ? 0 : 1)}/${cfg.queryMaxConcurrent} queries running concurrently and ${perHour + 1}/${cfg.queryLimitPerHour} queries running in the last hour. For more information, please consult our documentation at ${RATE_DOC}`,
        ),
      );
    }
    return this.run(this.query, ex, handler);
  }

  private queryHandler(endpoint: string, ex: Exchange): (() => Promise<void>) | undefined {
    const p = this.p;
    const cfg = this.config;
    switch (endpoint) {
      case '/engage':
        return () => serveEngage(ex, p, cfg);
      case '/funnels/list':
        return () => serveFunnelsList(ex);
      case '/funnels':
        return () => serveFunnel(ex, p);
      case '/cohorts/list':
        return () => serveCohortsList(ex, p, cfg);
      case '/retention':
        return () => serveRetention(ex, p);
      case '/segmentation':
        return () => serveSegmentation(ex, p);
      case '/insights':
        return () => serveInsights(ex, p);
      default:
        return undefined;
    }
  }

  private async run(limiter: Limiter, ex: Exchange, fn: () => Promise<void>): Promise<void> {
    limiter.inFlight++;
    limiter.record();
    let released = false;
    const release = (): void => {
      if (!released) {
        released = true;
        limiter.inFlight--;
      }
    };
    ex.res.once('close', release);
    try {
      await fn();
    } finally {
      if (ex.res.writableEnded || ex.res.destroyed) release();
    }
  }
}
