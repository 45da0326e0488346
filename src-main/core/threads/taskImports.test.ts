import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * A task thread (the worker entry's 'task' role) loads the task runner and the health recompute task by
 * file. Neither may lead to Kysely or zod: loading them (and the contract's schemas) was ~250 of a task
 * thread's ~300 ms start, when the thread needs neither. Bundled as the desktop build and the bench
 * split the worker, with npm packages external: the packages its modules import are the ones it loads.
 */
describe('a task thread', () => {
  it('loads neither the query builder nor zod', async () => {
    const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));
    const result = await build({
      entryPoints: [file('./taskRunner.ts'), file('../health/recomputeTask.ts')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      outdir: 'unused',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const packages = new Set<string>();
    for (const input of Object.values(result.metafile.inputs))
      for (const imported of input.imports)
        if (imported.external && !imported.path.startsWith('node:')) packages.add(imported.path);
    expect([...packages].sort()).toEqual(['better-sqlite3']);
  });
});
