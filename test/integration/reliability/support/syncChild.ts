/**
 * A Pulse process that syncs one workspace and exits: the reliability suite runs it as a child and
 * kills it (SIGKILL) at random points, or runs two at once. It wires the core exactly as the worker
 * entry does (file log, scrubber, real fetch), in the process's main thread so that one bundled file
 * starts in well under a second. Usage: node syncChild.mjs DATA_DIR SECRETS_FILE
 * Prints one JSON line per progress event and a final {"done": runs} or {"error": wire} line.
 */
import { join } from 'node:path';
import { openCore } from '../../../../src-main/core';
import { createFileLogger, SecretScrubber } from '../../../../src-main/core/logging';
import { systemClock } from '../../../../src-main/core/ports';
import { toWireError } from '../../../../src-shared/contract';
import { fileSecretStore } from './fileSecretStore';

const [dataDir, secretsFile] = process.argv.slice(2);
if (!dataDir || !secretsFile) {
  console.error('usage: syncChild DATA_DIR SECRETS_FILE');
  process.exit(2);
}
const secrets = fileSecretStore(secretsFile);
const scrubber = new SecretScrubber();
try {
  const core = await openCore({
    dataDir,
    host: 'cli',
    clock: systemClock,
    http: fetch,
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
    logger: createFileLogger({ folder: join(dataDir, 'logs'), clock: systemClock, scrubber }),
    scrubber,
    emit: (name, payload) => {
      if (name === 'sync.progress') {
        const p = payload as { phase: string; window: number };
        console.log(JSON.stringify({ progress: p.phase, window: p.window }));
      }
    },
  });
  try {
    const runs = await core.handlers['sync.run']({ connection: null, full: false });
    console.log(JSON.stringify({ done: runs.map((r) => ({ outcome: r.outcome, error: r.errorMessage })) }));
  } finally {
    await core.close();
  }
} catch (error) {
  console.log(JSON.stringify({ error: toWireError(error) }));
  process.exitCode = 1;
}
