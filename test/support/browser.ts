import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's headless Chromium, with the flags this closed network needs (ARCHITECTURE.md): without them it
 * floods the machine with refused background connections.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
