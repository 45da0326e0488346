/** The shape every `pulse` sub-command implements; the CLI entry only routes to these. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Resolves once for commands that need the workspace (from --data-dir or PULSE_DATA_DIR). */
  dataDir: string;
  /** True when --data-dir or PULSE_DATA_DIR chose the workspace (false = the default app folder). */
  dataDirExplicit?: boolean;
  /** Resolves when the user interrupts (SIGINT/SIGTERM); long-running commands await it. */
  interrupted: Promise<void>;
}

export interface CliCommand {
  name: string;
  /** One line for `pulse --help`. */
  summary: string;
  /** Full usage text for `pulse <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throw CliUsageError for bad flags. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Bad flags or arguments: printed with the command's usage, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
