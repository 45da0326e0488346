import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PdfPrinter } from '../core/ports';

/** The parts of Electron's webContents the printer uses. */
export interface PrintWebContentsLike {
  loadFile(path: string): Promise<void>;
  printToPDF(options: {
    pageSize: 'A4' | 'Letter';
    printBackground: boolean;
    preferCSSPageSize: boolean;
    displayHeaderFooter: boolean;
  }): Promise<Uint8Array>;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }) => void): void;
}

export interface PrintWindowLike {
  webContents: PrintWebContentsLike;
  destroy(): void;
  isDestroyed(): boolean;
}

/** Options for the hidden window: nothing runs in it, nothing leaves it. */
export const printWindowOptions = {
  show: false,
  width: 900,
  height: 1200,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    images: true,
    spellcheck: false,
    partition: 'pulse-pdf',
  },
} as const;

/**
 * The app's PdfPrinter: the report's self-contained HTML in a hidden, script-less BrowserWindow,
 * printed with webContents.printToPDF. The page's CSS (@page size and margin boxes) sets the paper,
 * the running head and foot and the page numbers, exactly as in the CLI's Chromium printer. The HTML
 * goes through a private temporary file (a data: URL would hit Chromium's URL length limit on big
 * reports), removed afterwards. `createWindow` is `() => new BrowserWindow(printWindowOptions)`.
 */
export function electronPdfPrinter(createWindow: () => PrintWindowLike, temporaryRoot: string = tmpdir()): PdfPrinter {
  return {
    async print(html, { pageSize }) {
      const folder = await mkdtemp(join(temporaryRoot, 'pulse-print-'));
      const file = join(folder, 'report.html');
      const window = createWindow();
      try {
        window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
        window.webContents.on('will-navigate', (event) => event.preventDefault());
        await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
        await window.webContents.loadFile(file);
        const pdf = await window.webContents.printToPDF({
          pageSize,
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: false,
        });
        return new Uint8Array(pdf);
      } finally {
        if (!window.isDestroyed()) window.destroy();
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}
