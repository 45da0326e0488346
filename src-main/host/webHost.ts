import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  type Channel,
  type CoreEvents,
  type ErrorCode,
  type EventName,
  eventNames,
  isChannel,
  parseRequest,
  type Requests,
  type Responses,
  rendererChannels,
  toWireError,
  type WireError,
} from '../../src-shared/contract';
import {
  assertLoopbackBind,
  isAllowedHostHeader,
  isAllowedOrigin,
  minimumTokenLength,
  newLaunchToken,
  readBearer,
  readCookie,
  tokensMatch,
} from './guards';
import { cacheControlFor, lookupStatic, openStatic } from './staticFiles';

/** What the web host needs from the core: the same two methods `CoreClient` offers. */
export interface CoreClientLike {
  call<C extends Channel>(channel: C, request: Requests[C]): Promise<Responses[C]>;
  on<E extends EventName>(name: E, listener: (payload: CoreEvents[E]) => void): () => void;
}

export interface WebHostOptions {
  client: CoreClientLike;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Loopback only: 127.0.0.0/8, ::1 or localhost. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Per-launch token; generated (256 bits) when omitted. */
  token?: string;
  /** Largest accepted request body; 1 MB by default. */
  maxBodyBytes?: number;
}

export interface WebHost {
  /** The launch URL, token included: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  /** The origin without the token, for building further URLs. */
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export const contentSecurityPolicy =
  "default-src 'self'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const rendererChannelSet = new Set<string>(rendererChannels);

/**
 * A development and test host: serves the built renderer on loopback and carries the contract over
 * HTTP (`POST /api/call/<channel>`) and a WebSocket (`/api/events`), guarded by a per-launch token.
 * Same validation as IPC; errors cross as `{code, message}` only.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindHost = options.host ?? '127.0.0.1';
  assertLoopbackBind(bindHost);
  const token = options.token ?? newLaunchToken();
  if (token.length < minimumTokenLength || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new Error(`The web host token must be at least ${minimumTokenLength} URL-safe characters (128 bits or more).`);
  }
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const { client, rendererDir } = options;
  let port = 0;
  const cookieName = (): string => `pulse_token_${port}`;

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const unsubscribe = eventNames.map((event) =>
    client.on(event, (payload) => {
      const message = JSON.stringify({ event, payload });
      for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message);
    }),
  );

  /** Host, Origin and token checks shared by HTTP and the WebSocket upgrade. Returns a status or null. */
  const refusal = (req: IncomingMessage, stateChanging: boolean): { status: number; message: string } | null => {
    const hostHeader = req.headers.host;
    if (!isAllowedHostHeader(hostHeader, port)) return { status: 403, message: 'Wrong Host header.' };
    if (
      stateChanging &&
      !isAllowedOrigin(headerValue(req.headers.origin), hostHeader ?? '', headerValue(req.headers['sec-fetch-site']))
    ) {
      return { status: 403, message: 'Cross-origin requests are refused.' };
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const presented =
      readBearer(req.headers.authorization) ??
      readCookie(req.headers.cookie, cookieName()) ??
      (req.method === 'GET' && !url.pathname.startsWith('/api/') ? url.searchParams.get('token') : null);
    if (!tokensMatch(presented, token))
      return { status: 401, message: 'This Pulse window needs the launch link with its token.' };
    return null;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    if (isApi) res.setHeader('Cache-Control', 'no-store');
    const refused = refusal(req, method !== 'GET' && method !== 'HEAD');
    if (refused) {
      req.resume();
      sendPlain(res, refused.status, refused.message);
      return;
    }

    if (!isApi) {
      if (method !== 'GET' && method !== 'HEAD') {
        req.resume();
        res.setHeader('Allow', 'GET, HEAD');
        sendPlain(res, 405, 'Method not allowed.');
        return;
      }
      // First load with ?token=…: remember it in a cookie and drop it from the address bar.
      if (url.searchParams.has('token')) {
        res.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
        url.searchParams.delete('token');
        res.statusCode = 303;
        res.setHeader('Location', `${url.pathname}${url.search}`);
        res.end();
        return;
      }
      await serveStatic(res, rendererDir, url.pathname, method === 'HEAD');
      return;
    }

    if (url.pathname === '/api/events') {
      req.resume();
      sendPlain(res, 426, 'Open this path as a WebSocket.');
      return;
    }
    const callPrefix = '/api/call/';
    if (!url.pathname.startsWith(callPrefix)) {
      req.resume();
      sendJson(res, 404, failure('NOT_FOUND', 'There is no such API path.'));
      return;
    }
    if (method !== 'POST') {
      req.resume();
      res.setHeader('Allow', 'POST');
      sendJson(res, 405, failure('BAD_REQUEST', 'Calls are made with POST.'));
      return;
    }
    const channel = safeDecode(url.pathname.slice(callPrefix.length));
    if (!isChannel(channel)) {
      req.resume();
      sendJson(res, 404, failure('UNKNOWN_CHANNEL', `There is no channel named "${(channel ?? '').slice(0, 80)}".`));
      return;
    }
    if (!rendererChannelSet.has(channel)) {
      req.resume();
      sendJson(res, 403, failure('FORBIDDEN', `The channel "${channel}" is not available to the window.`));
      return;
    }
    const contentType = headerValue(req.headers['content-type']) ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      req.resume();
      sendJson(res, 415, failure('BAD_REQUEST', 'Send the request body as application/json.'));
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body.kind === 'tooLarge') {
      sendJson(res, 413, failure('BAD_REQUEST', `The request is larger than ${Math.round(maxBodyBytes / 1024)} KB.`));
      return;
    }
    if (body.kind === 'aborted') return;
    let payload: unknown;
    try {
      payload = body.text.trim() === '' ? {} : JSON.parse(body.text);
    } catch {
      sendJson(res, 400, failure('BAD_REQUEST', `Invalid request for ${channel}: the body is not valid JSON.`));
      return;
    }
    try {
      const request = parseRequest(channel, payload);
      const value = await client.call(channel, request);
      sendJson(res, 200, { ok: true, value });
    } catch (error) {
      const wire = toWireError(error);
      sendJson(res, statusFor(wire.code), { ok: false, error: wire });
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, failure('INTERNAL', 'The web host failed to answer.'));
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const refused = refusal(req, true);
    const status = refused?.status ?? (url.pathname === '/api/events' ? null : 404);
    if (status !== null) {
      const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found';
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      // The window only listens; anything it sends is ignored.
      ws.on('message', () => {});
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
  const origin = `http://${urlHost}:${port}`;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      for (const off of unsubscribe) off();
      for (const socket of sockets) socket.terminate();
      sockets.clear();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return closed;
  };

  return { url: `${origin}/?token=${token}`, origin, token, port, close };
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

async function serveStatic(res: ServerResponse, root: string, pathname: string, headOnly: boolean): Promise<void> {
  const found = await lookupStatic(root, pathname);
  if (found.kind === 'forbidden') {
    sendPlain(res, 403, 'Forbidden.');
    return;
  }
  if (found.kind === 'missing') {
    sendPlain(res, 404, 'Not found.');
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', found.contentType);
  res.setHeader('Content-Length', String(found.size));
  res.setHeader('Cache-Control', cacheControlFor(pathname));
  if (headOnly) {
    res.end();
    return;
  }
  const stream = openStatic(found.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

type BodyResult = { kind: 'ok'; text: string } | { kind: 'tooLarge' } | { kind: 'aborted' };

function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ kind: 'tooLarge' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        resolve({ kind: 'tooLarge' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', () => {
      if (done) return;
      done = true;
      resolve({ kind: 'aborted' });
    });
    req.on('aborted', () => {
      if (done) return;
      done = true;
      resolve({ kind: 'aborted' });
    });
  });
}

function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
      return 400;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'UNKNOWN_CHANNEL':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'CORE_UNAVAILABLE':
    case 'CORE_RESTARTED':
      return 503;
    case 'INTERNAL':
      return 500;
    default:
      // A domain answer (keychain locked, vendor refused…): the request was fine, the outcome is not.
      return 422;
  }
}

function failure(code: ErrorCode, message: string): { ok: false; error: WireError } {
  return { ok: false, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}

function sendPlain(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(message)));
  res.end(message);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
