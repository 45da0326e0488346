/**
 * Errors cross every boundary (worker, IPC, web host) as plain `{code, message}`: no stacks, no causes,
 * nothing a secret could hide in. Codes are stable so the UI can react to them; messages say what
 * happened and what to do.
 */
export const errorCodes = [
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'KEYCHAIN_UNAVAILABLE',
  'DB_CORRUPT',
  'DB_NEWER_VERSION',
  'DB_READ_ONLY',
  'DB_FULL',
  'DB_BUSY',
  'DB_MIGRATION_FAILED',
  'VENDOR_AUTH',
  'VENDOR_REGION',
  'VENDOR_PERMISSION',
  'VENDOR_RATE_LIMITED',
  'VENDOR_UNAVAILABLE',
  'VENDOR_BAD_RESPONSE',
  'NETWORK',
  'TIMEOUT',
  'CANCELLED',
  'CORE_RESTARTED',
  'CORE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

export class CoreError extends Error {
  override name = 'CoreError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    (errorCodes as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === 'string'
  );
}

/**
 * Turns anything thrown into a wire error. Unknown errors become INTERNAL with a generic message:
 * their text may carry paths, SQL or vendor bodies that were never meant for the user.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof CoreError) return error.toWire();
  if (isWireError(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: 'Something went wrong inside Pulse. The details were written to the log.' };
}
