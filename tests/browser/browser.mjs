// Starts Debian's Chromium through playwright-core the one way this project does: headless, as
// root (hence --no-sandbox), and with every background service off, because the machines that run
// the tests have no network and Chromium would otherwise keep trying to reach its services.
import { existsSync } from 'node:fs';

// Both come from scripts/setup.sh; say so rather than fail with a bare module or spawn error.
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (error) {
  throw new Error(`playwright-core is not installed in tests/browser (${error.code}): run scripts/setup.sh`);
}

export const chromiumPath = process.env.PAGEWISE_CHROMIUM || '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Playwright gives every launch a new, empty temporary --user-data-dir of its own (and refuses one
// in `args`), so no profile state carries over between runs.
export function launchChromium() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run scripts/setup.sh (Debian package chromium)`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}
