/** The Pendo sandbox: x-pendo-integration-key auth, POST /api/v1/aggregation, catalogue GETs. */
import type { Portfolio } from '../portfolio/model';
import type { Exchange } from './exchange';
import { pendoFeatures, pendoGuides, pendoPages } from './pendoCatalog';
import type { Row } from './pendoExpression';
import { PipelineError, runPipeline } from './pendoPipeline';

export interface PendoSandboxConfig {
  integrationKey: string;
  /** Subscription time zone for day/hour buckets. */
  timeZone: string;
}

export class PendoSandbox {
  constructor(
    private readonly p: Portfolio,
    readonly config: PendoSandboxConfig,
  ) {}

  async handle(ex: Exchange): Promise<void> {
    const key = ex.header('x-pendo-integration-key');
    if (!key || key !== this.config.integrationKey) {
      return ex.send(403, 'Forbidden', 'text/plain; charset=utf-8');
    }
    const path = ex.path.replace(/\/+$/, '');
    const p = this.p;
    if (path === '/api/v1/aggregation') {
      if (ex.method !== 'POST') return ex.send(405, 'Method Not Allowed', 'text/plain; charset=utf-8');
      let body: unknown;
      try {
        body = JSON.parse(await ex.body());
      } catch {
        return ex.send(400, 'invalid JSON body', 'text/plain; charset=utf-8');
      }
      const pipeline = (body as { request?: { pipeline?: unknown } } | null)?.request?.pipeline;
      let rows: Row[];
      try {
        rows = runPipeline(p, pipeline, this.config.timeZone);
      } catch (e) {
        if (e instanceof PipelineError) return ex.send(400, `aggregation error: ${e.message}`, 'text/plain; charset=utf-8');
        throw e;
      }
      return this.streamResults(ex, rows);
    }
    if (ex.method !== 'GET') return ex.send(405, 'Method Not Allowed', 'text/plain; charset=utf-8');
    const ids = ex.query('id')?.split(',').filter(Boolean);
    const pick = (items: Record<string, unknown>[]): Record<string, unknown>[] =>
      ids ? items.filter((i) => ids.includes(String(i.id))) : items;
    if (path === '/api/v1/feature') return ex.json(200, pick(pendoFeatures(p)));
    if (path === '/api/v1/page') return ex.json(200, pick(pendoPages(p)));
    if (path === '/api/v1/guide') return ex.json(200, pick(pendoGuides(p)));
    return ex.send(404, 'Not Found', 'text/plain; charset=utf-8');
  }

  private async streamResults(ex: Exchange, rows: Row[]): Promise<void> {
    ex.head(200, { 'Content-Type': 'application/json' });
    let buf = '{"results":[';
    for (let i = 0; i < rows.length; i++) {
      buf += (i ? ',' : '') + JSON.stringify(rows[i]);
      if (buf.length > 65_536) {
        if (!(await ex.write(buf))) return;
        buf = '';
      }
    }
    buf += ']}';
    if (ex.faults.malformed) buf = buf.slice(0, Math.max(1, buf.length - 5));
    await ex.end(buf);
  }
}
