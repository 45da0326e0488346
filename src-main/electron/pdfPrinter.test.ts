import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/tempDir';
import { electronPdfPrinter, type PrintWindowLike, printWindowOptions } from './pdfPrinter';

function fakeWindow(options: { failPrint?: boolean } = {}) {
  const calls: {
    loaded: string[];
    html: string[];
    printed: unknown[];
    destroyed: boolean;
    denied: boolean;
    navigationBlocked: boolean;
  } = {
    loaded: [],
    html: [],
    printed: [],
    destroyed: false,
    denied: false,
    navigationBlocked: false,
  };
  const window: PrintWindowLike = {
    webContents: {
      loadFile: async (path) => {
        calls.loaded.push(path);
        calls.html.push(readFileSync(path, 'utf8'));
      },
      printToPDF: async (opts) => {
        calls.printed.push(opts);
        if (options.failPrint) throw new Error('printing failed');
        return new TextEncoder().encode('%PDF-1.7 fake');
      },
      setWindowOpenHandler: (handler) => {
        calls.denied = handler().action === 'deny';
      },
      on: (_event, listener) => {
        let prevented = false;
        listener({ preventDefault: () => (prevented = true) });
        calls.navigationBlocked = prevented;
      },
    },
    destroy: () => {
      calls.destroyed = true;
    },
    isDestroyed: () => calls.destroyed,
  };
  return { window, calls };
}

describe('electronPdfPrinter', () => {
  it('prints the HTML in a hidden window with the page size and CSS paged media, then cleans up', async () => {
    const dir = makeTempDir();
    try {
      const { window, calls } = fakeWindow();
      const pdf = await electronPdfPrinter(() => window, dir.path).print('<p>report</p>', { pageSize: 'Letter' });
      expect(new TextDecoder().decode(pdf)).toMatch(/^%PDF-/);
      expect(calls.html).toEqual(['<p>report</p>']);
      expect(calls.printed).toEqual([
        { pageSize: 'Letter', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false },
      ]);
      expect(calls.destroyed).toBe(true);
      expect(calls.denied).toBe(true);
      expect(calls.navigationBlocked).toBe(true);
      expect(existsSync(calls.loaded[0] ?? '')).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('destroys the window and removes the file when printing fails', async () => {
    const dir = makeTempDir();
    try {
      const { window, calls } = fakeWindow({ failPrint: true });
      await expect(electronPdfPrinter(() => window, dir.path).print('<p>x</p>', { pageSize: 'A4' })).rejects.toThrow(
        'printing failed',
      );
      expect(calls.destroyed).toBe(true);
      expect(existsSync(calls.loaded[0] ?? '')).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('opens the window hidden, without scripts or node', () => {
    expect(printWindowOptions.show).toBe(false);
    expect(printWindowOptions.webPreferences).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
  });
});

// Compile-time: a real BrowserWindow is a PrintWindowLike.
type BrowserWindowFits = import('electron').BrowserWindow extends PrintWindowLike ? true : never;
const browserWindowFits: BrowserWindowFits = true;
void browserWindowFits;
