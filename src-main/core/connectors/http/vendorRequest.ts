import type { Http } from '../../ports';
import { VendorError } from './vendorError';

export interface VendorRequest {
  /** For messages: "Amplitude", "Mixpanel", "Pendo". */
  vendorName: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Time allowed until the response headers arrive. Streaming bodies have their own idle timeout. */
  timeoutMs?: number;
  signal: AbortSignal;
}

/**
 * One HTTP request to a vendor with a timeout and cancellation. Network failures become specific
 * VendorErrors; HTTP status handling stays with each connector (each vendor means different things
 * by 400/403/404). The URL in messages has its query string removed: it may carry keys.
 */
export async function vendorFetch(http: Http, request: VendorRequest): Promise<Response> {
  const timeoutMs = request.timeoutMs ?? 60_000;
  // The timeout covers the wait for the response headers only: a long export body may stream for
  // many minutes, and connectors guard that with their own idle timeout.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('timeout')), timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout.signal]);
  try {
    return await http(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'follow',
    });
  } catch (error) {
    if (request.signal.aborted) throw new VendorError('CANCELLED', 'The sync was cancelled.', false);
    if (timeout.signal.aborted) {
      throw new VendorError(
        'TIMEOUT',
        `${request.vendorName} did not answer within ${Math.round(timeoutMs / 1000)} s (${safeUrl(request.url)}). Pulse will retry.`,
        true,
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? cause?.message ?? (error as Error).message;
    const unreachable = code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED' || /bad port/i.test(String(code));
    throw new VendorError(
      'NETWORK',
      unreachable
        ? `Cannot reach ${request.vendorName} at ${new URL(request.url).host} (${code}). Check the network, the region, or the base URL.`
        : `The connection to ${request.vendorName} failed (${code}). Pulse will retry.`,
      true,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After as milliseconds: seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(response: Response, now: number): number | null {
  const value = response.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Reads a short error body for a message (never more than 300 characters, never a whole HTML page). */
export async function briefBody(response: Response): Promise<string> {
  try {
    const text = (await response.text()).slice(0, 2000);
    if (/^\s*</.test(text)) return '(an HTML page instead of an API answer)';
    return text.replace(/\s+/g, ' ').slice(0, 300);
  } catch {
    return '(unreadable body)';
  }
}

/** The common mapping of statuses every vendor shares; connectors handle their own special cases first. */
export function statusError(vendorName: string, response: Response, body: string, now: number): VendorError {
  const status = response.status;
  if (status === 429) {
    return new VendorError(
      'VENDOR_RATE_LIMITED',
      `${vendorName} is rate limiting Pulse (429). Pulse waits and retries. ${body}`.trim(),
      true,
      retryAfterMs(response, now),
      status,
    );
  }
  if (status >= 500) {
    return new VendorError(
      'VENDOR_UNAVAILABLE',
      `${vendorName} had a server error (${status}). Pulse will retry.`,
      true,
      retryAfterMs(response, now),
      status,
    );
  }
  if (status === 401) {
    return new VendorError(
      'VENDOR_AUTH',
      `${vendorName} rejected the credentials (401). Check the keys in Settings → Connections. ${body}`.trim(),
      false,
      null,
      status,
    );
  }
  if (status === 402) {
    return new VendorError(
      'VENDOR_PERMISSION',
      `${vendorName} says your plan does not include this API (402).`,
      false,
      null,
      status,
    );
  }
  if (status === 403) {
    return new VendorError(
      'VENDOR_PERMISSION',
      `${vendorName} refused access (403): the key lacks permission, or it belongs to another region. ${body}`.trim(),
      false,
      null,
      status,
    );
  }
  return new VendorError('VENDOR_BAD_RESPONSE', `${vendorName} answered ${status}: ${body}`, false, null, status);
}
