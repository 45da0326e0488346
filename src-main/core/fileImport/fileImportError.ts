import { CoreError } from '../../../src-shared/contract';

/**
 * A file that cannot be imported as a whole (wrong format, missing columns, cut off). Thrown before
 * anything is written, so a failed import leaves the workspace as it was.
 */
export function fileImportError(message: string): CoreError {
  return new CoreError('BAD_REQUEST', message);
}
