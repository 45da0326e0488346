import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The checks the web host makes before anything else: loopback-only binding, the per-launch token,
 * the Host header (DNS-rebinding defence) and the Origin of state-changing requests.
 * Pure functions over strings so they are easy to test and to read.
 */

/** 256 bits from the OS CSPRNG, URL-safe. */
export function newLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens shorter than this (128 bits as base64url) are refused when passed in by a caller. */
export const minimumTokenLength = 22;

/** True for 127.0.0.0/8, ::1 (with or without brackets) and 'localhost'. */
export function isLoopbackName(host: string): boolean {
  const name = host.trim().toLowerCase();
  if (name === 'localhost') return true;
  const unbracketed = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  if (isIPv6(unbracketed)) return unbracketed === '::1' || unbracketed === '0:0:0:0:0:0:0:1';
  if (isIPv4(unbracketed)) return unbracketed.split('.')[0] === '127';
  return false;
}

export function assertLoopbackBind(host: string): void {
  if (!isLoopbackName(host)) {
    throw new Error(
      `The Pulse web host only listens on this computer (127.0.0.1, ::1 or localhost); refusing to bind to "${host}". ` +
        'It is a development and test host, not a server: it must never be reachable from the network.',
    );
  }
}

/**
 * The Host header must name a loopback address with the port we listen on; anything else is a
 * DNS-rebinding attempt (evil.example resolving to 127.0.0.1) or a misdirected request.
 */
export function isAllowedHostHeader(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+):(\d{1,5})$/i.exec(hostHeader.trim());
  if (!match) return false;
  const [, name = '', portText = ''] = match;
  return Number(portText) === port && isLoopbackName(name);
}

/** Constant-time comparison; hashing first makes the lengths equal so nothing leaks through timing. */
export function tokensMatch(candidate: string | null | undefined, token: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 512) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** Reads one cookie by name from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function readBearer(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/**
 * A browser sends Origin on POST and on WebSocket upgrades; it must be the host's own origin
 * (scheme + the validated Host header). Non-browser clients (tests, curl) send none: the token still
 * has to be right. `Sec-Fetch-Site`, when present, must not say the request came from elsewhere.
 */
export function isAllowedOrigin(origin: string | undefined, hostHeader: string, secFetchSite?: string): boolean {
  if (secFetchSite && secFetchSite !== 'same-origin' && secFetchSite !== 'none') return false;
  if (origin === undefined) return true;
  return origin.toLowerCase() === `http://${hostHeader.trim().toLowerCase()}`;
}
