import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger, LogLevel } from '../ports';
import type { SecretScrubber } from './secretScrubber';

const maxBytes = 5 * 1024 * 1024;

/**
 * JSON-lines log in the workspace's logs folder, rotated at 5 MB, every line scrubbed of secrets.
 * Synchronous appends: log volume is small and a crash must not lose the line that explains it.
 */
export function createFileLogger(options: {
  folder: string;
  clock: Clock;
  scrubber: SecretScrubber;
  minLevel?: LogLevel;
}): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const min = order[options.minLevel ?? 'info'];
  mkdirSync(options.folder, { recursive: true });
  const file = join(options.folder, 'pulse.log');
  return {
    log(level, message, fields) {
      if (order[level] < min) return;
      const line = options.scrubber.scrub(
        JSON.stringify({ at: new Date(options.clock.now()).toISOString(), level, message, ...(fields ?? {}) }),
      );
      try {
        if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(file, `${file}.1`);
        appendFileSync(file, `${line}\n`);
      } catch {
        // Logging must never break the product (e.g. a read-only folder); the error surfaces elsewhere.
      }
    },
  };
}
