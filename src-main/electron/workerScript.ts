import { join, sep } from 'node:path';

/**
 * Where the core worker's script is. Node's worker_threads cannot read from inside app.asar, so the
 * packaged app runs the copy electron-builder unpacked (asarUnpack in electron-builder.yml lists
 * out/main and every runtime dependency of the worker).
 */
export function workerScriptPath(mainDir: string): string {
  const marker = `${sep}app.asar${sep}`;
  const unpacked = mainDir.includes(marker) ? mainDir.replace(marker, `${sep}app.asar.unpacked${sep}`) : mainDir;
  return join(unpacked, 'worker.js');
}
