// Takes the README's picture of an HTML report: the top of the page in a 1280-pixel-wide window,
// with the first error that has an evidence path opened.
//
// usage: node tests/browser/screenshot.mjs REPORT.html OUT.png
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { launchChromium } from './browser.mjs';

const [html, png] = process.argv.slice(2);
if (!html || !png) {
  console.error('usage: node tests/browser/screenshot.mjs REPORT.html OUT.png');
  process.exit(2);
}

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1440 } });
  await page.goto(pathToFileURL(path.resolve(html)).href, { waitUntil: 'load' });
  const withPath = page.locator('li.finding.error .finding-head[role=button]');
  if ((await withPath.count()) > 0) await withPath.first().click();
  await page.screenshot({ path: png });
  console.log(`screenshot: ${png}`);
} finally {
  await browser.close();
}
