import { CoreError, type ErrorCode } from '../../../../src-shared/contract';

/**
 * A failure talking to a vendor, classified so the sync engine knows whether to retry (429, 5xx,
 * timeouts, dropped or truncated streams) or stop the run with the message (wrong key, wrong region,
 * missing permission, a payload we cannot read).
 */
export class VendorError extends CoreError {
  override name = 'VendorError';
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryable: boolean,
    /** From Retry-After, when the vendor sent one. */
    readonly retryAfterMs: number | null = null,
    /** The HTTP status, when there was a response. */
    readonly status: number | null = null,
  ) {
    super(code, message);
  }
}

export function isVendorError(error: unknown): error is VendorError {
  return error instanceof VendorError;
}
