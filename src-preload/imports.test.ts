import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The sandboxed preload can only require('electron'), so its source may import values only from
 * 'electron' and the zod-free names module; everything else must be `import type` (erased).
 */
const valueImports = (file: URL): string[] =>
  [...readFileSync(fileURLToPath(file), 'utf8').matchAll(/^import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1] ?? '',
  );

describe('preload imports', () => {
  it('imports values only from electron and the zod-free names', () => {
    expect(valueImports(new URL('./index.ts', import.meta.url)).sort()).toEqual([
      '../src-shared/contract/rendererChannelNames',
      'electron',
    ]);
  });

  it('the names module imports no values at all', () => {
    expect(valueImports(new URL('../src-shared/contract/rendererChannelNames.ts', import.meta.url))).toEqual([]);
  });
});
