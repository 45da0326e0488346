import { CoreError, type ErrorCode } from '../../../src-shared/contract/errors';
import type { ThreadError } from './protocol';

export function toThreadError(error: unknown): ThreadError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, code: typeof code === 'string' ? code : null, stack: error.stack ?? null };
  }
  return { name: 'Error', message: String(error), code: null, stack: null };
}

/** The error as the core would have seen it on its own thread: a CoreError stays one, a SQLite code stays on it. */
export function fromThreadError(wire: ThreadError): Error {
  const error =
    wire.name === 'CoreError' && wire.code ? new CoreError(wire.code as ErrorCode, wire.message) : new Error(wire.message);
  if (wire.name !== 'CoreError' && wire.code) Object.assign(error, { code: wire.code });
  if (wire.stack) error.stack = wire.stack;
  return error;
}
