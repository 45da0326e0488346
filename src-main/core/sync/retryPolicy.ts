import { isVendorError } from '../connectors/http';

export interface RetryPolicy {
  /** Attempts per window, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 120_000 };

/**
 * How long to wait before the next attempt, or null to give up. Retry-After wins when the vendor
 * sent one; otherwise exponential backoff with full jitter (deterministic `random` in tests).
 */
export function nextRetryDelay(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | null {
  if (!isVendorError(error) || !error.retryable) return null;
  if (attempt >= policy.maxAttempts) return null;
  if (error.retryAfterMs !== null) return Math.min(error.retryAfterMs, policy.maxDelayMs * 5);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
