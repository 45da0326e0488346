import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPdfPrinter } from '../../../src-main/cli/pdf';
import { runReportExport } from '../../../src-main/core/reports';
import { requireChromiumOrSkip } from '../../support/browser';
import { startTestCore } from '../../support/coreHarness';
import { makeTempDir } from '../../support/tempDir';
import { pageTexts } from './pdfPages';

/**
 * The CLI's Chromium printer and its life cycle, with the real Chromium: warmed while the core works,
 * one browser for a batch, and never a browser left running (an open one keeps `pulse report` alive).
 * Browsers are counted as this process's child processes.
 */
const browser = requireChromiumOrSkip();
let core: Awaited<ReturnType<typeof startTestCore>>;
let out: ReturnType<typeof makeTempDir>;

function childBrowsers(): number[] {
  try {
    const pids = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    return pids
      .filter((pid) => {
        try {
          return /chrom/i.test(execFileSync('ps', ['-o', 'comm=', '-p', pid], { encoding: 'utf8' }));
        } catch {
          return false; // gone meanwhile
        }
      })
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there is no child
  }
}

async function settled(expected: number): Promise<number[]> {
  // A closed browser's process takes a moment to be reaped.
  for (let i = 0; i < 50 && childBrowsers().length !== expected; i++) await new Promise((r) => setTimeout(r, 100));
  return childBrowsers();
}

const page = (text: string) => `<!DOCTYPE html><html><body><h1>${text}</h1></body></html>`;

beforeAll(async () => {
  core = await startTestCore();
  out = makeTempDir('pulse-printer-');
  mkdirSync(join(out.path, 'pdf'), { recursive: true });
}, 120_000);

afterAll(async () => {
  await core?.close();
  out?.remove();
});

describe.skipIf(browser.skip)('chromiumPdfPrinter', () => {
  it('a one-shot printer prints what it was warmed for, then leaves no browser running', async () => {
    expect(await settled(0)).toEqual([]);
    const printer = chromiumPdfPrinter();
    printer.warmUp();
    printer.warmUp(); // a second warm-up starts nothing new
    const pdf = await printer.print(page('One shot'), { pageSize: 'A4' });
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const file = join(out.path, 'pdf', 'one.pdf');
    writeFileSync(file, pdf);
    expect(pageTexts(file).join(' ')).toContain('One shot');
    expect(await settled(0)).toEqual([]);
  });

  it('a batch printer keeps one browser for every print until close()', async () => {
    const printer = chromiumPdfPrinter({ batch: true });
    try {
      await printer.print(page('First'), { pageSize: 'A4' });
      const running = await settled(1);
      expect(running).toHaveLength(1);
      const second = await printer.print(page('Second'), { pageSize: 'Letter' });
      expect(Buffer.from(second.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      expect(childBrowsers()).toEqual(running); // the same browser, not a new one
      await printer.release(); // a batch ignores release: only close() ends it
      expect(childBrowsers()).toEqual(running);
    } finally {
      await printer.close();
    }
    expect(await settled(0)).toEqual([]);
  });

  it('runReportExport closes a warmed browser when the core refuses the export', async () => {
    const printer = chromiumPdfPrinter();
    await expect(
      runReportExport(
        (channel, request) => core.client.call(channel, request),
        { kind: 'account', customer: 'no-such-customer', format: 'pdf', pageSize: 'A4', bom: false },
        printer,
      ),
    ).rejects.toThrow(/no-such-customer|not found|No customer/i);
    expect(await settled(0)).toEqual([]);
  });

  it('a browser that cannot start fails the print (naming it), never the warm-up', async () => {
    const printer = chromiumPdfPrinter({ executablePath: join(out.path, 'no-chromium') });
    expect(() => printer.warmUp()).not.toThrow();
    await expect(printer.print(page('x'), { pageSize: 'A4' })).rejects.toThrow(/no-chromium/);
    await printer.release();
    expect(await settled(0)).toEqual([]);
  });
});
