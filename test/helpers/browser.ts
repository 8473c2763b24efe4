import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); browser tests skip loudly without it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const hasChromium = () => existsSync(CHROMIUM_PATH);

/** Launches headless Chromium with the flags that keep it quiet and sandbox-free in CI containers. */
export const launchChromium = () =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
