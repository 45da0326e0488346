/**
 * Bundles the sync child and the core worker with esbuild into node_modules/.cache/pulse-bench, the
 * way the desktop build ships the worker (ESM, npm packages external, the worker split into chunks at
 * its dynamic imports as electron-vite's rollup does), so the measured process runs plain JavaScript:
 * no tsx transpiling in either thread inflating its RSS or CPU time. Unsplit, every thread's one file
 * imports every package any role uses (ESM imports are hoisted): a health task thread then loaded
 * Kysely and zod, ~250 of its ~300 ms to start.
 */
import { mkdirSync, rmSync } from 'node:fs';
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
  const workerDir = join(out, 'worker');
  // Chunk names carry content hashes: start from an empty folder so stale chunks do not pile up.
  rmSync(workerDir, { recursive: true, force: true });
  await build({ ...common, entryPoints: [join(root, 'test/bench/ingest/syncChild.ts')], outfile: child });
  await build({
    ...common,
    entryPoints: { worker: join(root, 'src-main/worker/entry.ts') },
    outdir: workerDir,
    splitting: true,
    outExtension: { '.js': '.mjs' },
  });
  return { child, worker: join(workerDir, 'worker.mjs') };
}
