/**
 * The core's ports: everything that touches the outside world is injected, never imported globally,
 * so tests can drive time, HTTP and secrets, and the Electron shell can supply its own adapters.
 */

/** Wall-clock time. Tests use a manual clock; the scheduler must never read Date.now() directly. */
export interface Clock {
  /** Milliseconds since the Unix epoch (UTC). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** HTTP is plain fetch so connectors stream real response bodies; tests point it at local sandboxes. */
export type Http = typeof fetch;

/**
 * Where vendor credentials live. The core only ever asks for a secret by (service, account);
 * adapters: OS keychain (keytar), Electron safeStorage, or an in-memory store for throwaway demos.
 */
export interface SecretStore {
  /** A short human name for messages ("OS keychain (Secret Service)", "in-memory (demo only)"). */
  readonly description: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** Renders self-contained HTML to a PDF (Electron printToPDF in the app, Chromium in the CLI). */
export interface PdfPrinter {
  print(html: string, options: { pageSize: 'A4' | 'Letter' }): Promise<Uint8Array>;
  /**
   * Optional: get ready to print now (the CLI launches Chromium), so the start-up overlaps the core
   * building the report. A failure to get ready surfaces from the next `print`.
   */
  warmUp?(): void;
  /** Optional: let go of what `warmUp` started when no print follows (the core refused the export). */
  release?(): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logging. Adapters scrub secrets before anything reaches a file or the console. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { log: () => {} };
