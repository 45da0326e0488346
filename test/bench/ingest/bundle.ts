/**
 * Bundles the sync child and the core worker with esbuild into node_modules/.cache/pulse-bench, the
 * way the desktop build ships the worker (one ESM file, npm packages external), so the measured
 * process runs plain JavaScript: no tsx transpiling in either thread inflating its RSS or CPU time.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface BenchBundle {
  child: string;
  worker: string;
}

export async function bundleSyncChild(root: string): Promise<BenchBundle> {
  const out = join(root, 'node_modules/.cache/pulse-bench');
  mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    packages: 'external' as const,
    logLevel: 'silent' as const,
  };
  const child = join(out, 'syncChild.mjs');
  const worker = join(out, 'worker.mjs');
  await build({ ...common, entryPoints: [join(root, 'test/bench/ingest/syncChild.ts')], outfile: child });
  await build({ ...common, entryPoints: [join(root, 'src-main/worker/entry.ts')], outfile: worker });
  return { child, worker };
}
