/** One HTTP request/response as the vendor handlers see it, with the fault toggles applied to the body. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../ports';
import type { ActiveFaults } from './faults';

export class Exchange {
  readonly url: URL;
  /** Path after the vendor prefix, e.g. "/api/2/export". */
  readonly path: string;
  readonly method: string;
  private sent = 0;
  private cut = false;
  private bodyText: string | null = null;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    path: string,
    readonly faults: ActiveFaults,
    readonly clock: Clock,
  ) {
    this.url = new URL(req.url ?? '/', 'http://sandbox.local');
    this.path = path;
    this.method = (req.method ?? 'GET').toUpperCase();
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  query(name: string): string | null {
    return this.url.searchParams.get(name);
  }

  /** True once the client went away or the body was cut by a fault. */
  get done(): boolean {
    return this.cut || this.res.destroyed || this.res.writableEnded;
  }

  async body(): Promise<string> {
    if (this.bodyText !== null) return this.bodyText;
    const chunks: Buffer[] = [];
    for await (const c of this.req) chunks.push(c as Buffer);
    this.bodyText = Buffer.concat(chunks).toString('utf8');
    return this.bodyText;
  }

  head(status: number, headers: Record<string, string | number> = {}): void {
    if (this.res.headersSent) return;
    this.res.writeHead(status, headers);
  }

  /** Writes a chunk honouring backpressure and the truncate/drop faults; false = stop producing. */
  async write(chunk: Buffer | string): Promise<boolean> {
    if (this.done) return false;
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const limitFault = this.faults.truncate ?? this.faults.drop;
    if (limitFault) {
      const budget = (limitFault.bytes ?? 0) - this.sent;
      if (buf.length >= budget) {
        buf = buf.subarray(0, Math.max(0, budget));
        this.cut = true;
        if (!this.res.headersSent) this.res.writeHead(this.res.statusCode);
        if (buf.length > 0) this.res.write(buf);
        this.sent += buf.length;
        if (this.faults.truncate) {
          this.res.end();
        } else {
          // let the bytes leave, then reset the connection
          setTimeout(() => this.res.socket?.destroy(), 20);
        }
        return false;
      }
    }
    this.sent += buf.length;
    if (!this.res.write(buf)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.res.off('drain', done);
          this.res.off('close', done);
          resolve();
        };
        this.res.on('drain', done);
        this.res.on('close', done);
      });
    }
    return !this.done;
  }

  async end(chunk?: Buffer | string): Promise<void> {
    if (chunk !== undefined && chunk.length > 0) await this.write(chunk);
    if (!this.done) this.res.end();
  }

  async send(
    status: number,
    body: string | Buffer,
    contentType: string,
    headers: Record<string, string | number> = {},
  ): Promise<void> {
    this.head(status, { 'Content-Type': contentType, ...headers });
    await this.end(body);
  }

  async json(status: number, value: unknown, headers: Record<string, string | number> = {}): Promise<void> {
    let text = JSON.stringify(value);
    if (this.faults.malformed) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    await this.send(status, text, 'application/json', headers);
  }
}

/** Parses "Authorization: Basic ..." into user and password (password may be empty or absent). */
export function basicAuth(ex: Exchange): { user: string; password: string } | null {
  const h = ex.header('authorization');
  if (!h) return null;
  const m = /^Basic\s+(.+)$/i.exec(h.trim());
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? { user: decoded, password: '' } : { user: decoded.slice(0, i), password: decoded.slice(i + 1) };
}
