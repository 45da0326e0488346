import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core. We never download a browser (`npx playwright install`
 * is not used anywhere): the system package is the browser under test.
 */
export const chromiumPath = process.env.PULSE_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface BrowserAvailability {
  available: boolean;
  reason: string | null;
}

export function chromiumAvailability(): BrowserAvailability {
  try {
    accessSync(chromiumPath, constants.X_OK);
    return { available: true, reason: null };
  } catch {
    return {
      available: false,
      reason: `No Chromium at ${chromiumPath} (install the Debian package: apt install chromium, or set PULSE_CHROMIUM).`,
    };
  }
}

/**
 * Decides whether a browser suite runs. Without Chromium the suite is skipped, unless
 * PULSE_REQUIRE_ALL=1 (CI), where a missing browser is a failure with the reason, never a silent skip.
 */
export function requireChromiumOrSkip(env: NodeJS.ProcessEnv = process.env): { skip: boolean; reason: string | null } {
  const { available, reason } = chromiumAvailability();
  if (available) return { skip: false, reason: null };
  if (env.PULSE_REQUIRE_ALL === '1') {
    throw new Error(`PULSE_REQUIRE_ALL=1 but the browser suite cannot run: ${reason}`);
  }
  console.warn(`Skipping browser tests: ${reason}`);
  return { skip: true, reason };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}
