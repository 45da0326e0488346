import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('ECharts in the core worker', () => {
  // Importing ECharts costs the core worker ~17 MB of heap and ~39 MB of RSS, which a sync and the screens never use.
  it('is imported only when a report is rendered, never when the worker starts', async () => {
    const result = await build({
      entryPoints: [`${root}src-main/worker/entry.ts`],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
      outfile: 'worker.mjs',
    });
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
    const echarts = imports.filter((entry) => entry.path === 'echarts' || entry.path.startsWith('echarts/'));
    expect(echarts.length).toBeGreaterThan(0);
    expect(echarts.map((entry) => entry.kind)).toEqual(echarts.map(() => 'dynamic-import'));
  });
});
