import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { PdfPrinter } from '../../core/ports';

/**
 * The CLI's PdfPrinter: playwright-core driving the SYSTEM Chromium (or Chrome/Edge). Pulse never
 * downloads a browser (`npx playwright install` is not used). The page gets the report's
 * self-contained HTML with JavaScript off and every network request refused.
 */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const;

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

/** Where Chromium-family browsers live on Linux, macOS and Windows; PULSE_CHROMIUM first. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const out: string[] = [];
  if (env.PULSE_CHROMIUM) out.push(env.PULSE_CHROMIUM);
  if (platform === 'darwin') {
    out.push(
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    );
  } else if (platform === 'win32') {
    for (const base of [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA]) {
      if (!base) continue;
      out.push(
        join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        join(base, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
        join(base, 'Chromium', 'Application', 'chrome.exe'),
      );
    }
  } else {
    out.push(
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/microsoft-edge',
    );
  }
  return out;
}

function installHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Install Google Chrome or Chromium (e.g. brew install --cask chromium)';
  if (platform === 'win32') return 'Install Google Chrome or Microsoft Edge';
  return 'Install Chromium (Debian/Ubuntu: sudo apt install chromium)';
}

/** The first executable candidate, or a BrowserNotFoundError naming what to install. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const candidates = chromiumCandidates(env, platform);
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // next candidate
    }
  }
  throw new BrowserNotFoundError(
    `PDF export needs a Chromium-based browser and none was found (looked at: ${candidates.join(', ')}). ${installHint(platform)}, or set PULSE_CHROMIUM to its executable. HTML and CSV exports work without one.`,
  );
}

/** A PdfPrinter that can also be closed: a batch keeps one Chromium for all its prints. */
export interface ChromiumPdfPrinter extends PdfPrinter {
  warmUp(): void;
  release(): Promise<void>;
  /** Closes the browser (a batch printer's end; a one-shot printer closes itself after each print). */
  close(): Promise<void>;
}

interface PrintSession {
  browser: import('playwright-core').Browser;
  context: import('playwright-core').BrowserContext;
}

/**
 * Chromium is started once per printer: by `warmUp` (which `runReportExport` calls while the core
 * builds the report) or by the first `print`. Without `batch` the browser closes after each print, as
 * a one-shot CLI export needs (an open browser keeps the process alive); with `batch: true` it stays
 * warm for the next print until `close()`.
 */
export function chromiumPdfPrinter(
  options: { executablePath?: string; env?: NodeJS.ProcessEnv; batch?: boolean } = {},
): ChromiumPdfPrinter {
  let session: Promise<PrintSession> | null = null;
  const start = (): Promise<PrintSession> => {
    session ??= (async () => {
      const executablePath = options.executablePath ?? findChromium(options.env);
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath, headless: true, args: [...chromiumFlags] });
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
        return { browser, context };
      } catch (error) {
        await browser.close();
        throw error;
      }
    })();
    return session;
  };
  const close = async (): Promise<void> => {
    const current = session;
    session = null;
    const started = await current?.catch(() => null);
    await started?.browser.close();
  };
  return {
    warmUp() {
      // An unhandled rejection here would end the CLI; the same error comes back from print().
      start().catch(() => undefined);
    },
    async release() {
      if (!options.batch) await close();
    },
    close,
    async print(html, { pageSize }) {
      let current: PrintSession;
      try {
        current = await start();
      } catch (error) {
        session = null; // the next print tries again
        throw error;
      }
      try {
        const page = await current.context.newPage();
        try {
          await page.setContent(html, { waitUntil: 'load' });
          await page.emulateMedia({ media: 'print' });
          const pdf = await page.pdf({
            format: pageSize,
            preferCSSPageSize: true,
            printBackground: true,
            displayHeaderFooter: false,
          });
          return new Uint8Array(pdf);
        } finally {
          await page.close();
        }
      } finally {
        if (!options.batch) await close();
      }
    },
  };
}
