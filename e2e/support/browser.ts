import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium (apt-get install -y chromium fonts-lohit-deva), driven by playwright-core.
// Nothing is downloaded: without the binary the browser suites are skipped, and say so.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = !fs.existsSync(CHROMIUM_PATH);
if (chromiumMissing) console.warn(`e2e: SKIPPED — no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium fonts-lohit-deva)`);

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

/** A cheap phone's screen. */
export const PHONE = { width: 360, height: 740 };
