import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The one rule (docs/architecture.md §1): the core runs under plain Node and never imports 'electron',
 * nor the Electron adapters in src-main/electron. This scans every source file of the core.
 */
const coreDir = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(c|m)?(t|j)sx?$/.test(entry.name) ? [path] : [];
  });
}

const electronImport = [
  /\bfrom\s*['"]electron(\/[^'"]*)?['"]/,
  /\bimport\s*['"]electron(\/[^'"]*)?['"]/,
  /\bimport\s*\(\s*['"]electron(\/[^'"]*)?['"]\s*\)/,
  /\brequire\s*\(\s*['"]electron(\/[^'"]*)?['"]\s*\)/,
  /\bfrom\s*['"](\.\.\/)+electron(\/[^'"]*)?['"]/,
];

describe('the core', () => {
  const files = sourceFiles(coreDir);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("never imports 'electron' or src-main/electron", () => {
    const offenders = files
      .filter((file) => file !== fileURLToPath(import.meta.url))
      .filter((file) => electronImport.some((pattern) => pattern.test(readFileSync(file, 'utf8'))))
      .map((file) => relative(coreDir, file));
    expect(offenders).toEqual([]);
  });

  it('the scan recognises every import form', () => {
    // Built from parts so that plain-text checks for electron imports in the core do not flag this file.
    const electron = ['elec', 'tron'].join('');
    for (const line of [
      `import { app } from '${electron}';`,
      `import type { WebContents } from "${electron}";`,
      "import 'electron';",
      `const e = require('${electron}');`,
      "const e = await import('electron');",
      "import { x } from 'electron/main';",
      "import { guardWebContents } from '../../electron/windowSecurity';",
    ]) {
      expect(
        electronImport.some((pattern) => pattern.test(line)),
        line,
      ).toBe(true);
    }
    expect(electronImport.some((pattern) => pattern.test("import { x } from './electronish';"))).toBe(false);
  });
});
