// The HTML report in a real browser: pagewise checks the fixture driver beside this file twice,
// as JSON and as HTML, and Debian's Chromium loads the page and uses it as a developer would:
// one row per finding the JSON lists, filters that hide and count, a finding whose click opens
// its evidence path, source text that stays text, no errors and no network. Ends with a
// screenshot.
//
// usage: node tests/browser/report.test.mjs PAGEWISE_BINARY OUT_DIR
// (CTest passes both; PAGEWISE_EXE and PAGEWISE_BROWSER_OUT work too.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { launchChromium } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const pagewise = path.resolve(process.argv[2] || process.env.PAGEWISE_EXE || path.join(repo, 'build', 'pagewise'));
const outDir = path.resolve(process.argv[3] || process.env.PAGEWISE_BROWSER_OUT || path.join(repo, 'build', 'browser'));
const fixture = path.join('tests', 'browser', 'fixture');

// Runs `pagewise check` on the fixture from the repository's top, so paths read as in the docs.
// Exit status 1 only says there are findings.
function check(...args) {
  const run = spawnSync(pagewise, ['check', ...args, fixture], { cwd: repo, encoding: 'utf8' });
  assert.ifError(run.error);
  assert.ok(run.status === 0 || run.status === 1, `pagewise exited ${run.status}: ${run.stderr}`);
  return run;
}

let browser;
let page;
let report;  // pagewise's JSON report of the fixture
const problems = [];  // console errors, page errors and requests that left the page

before(async () => {
  mkdirSync(outDir, { recursive: true });
  report = JSON.parse(check('--format', 'json').stdout);
  const htmlPath = path.join(outDir, 'fixture-report.html');
  check('--format', 'html', '-o', htmlPath);

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
});

after(async () => {
  if (browser) await browser.close();
});

const visibleRows = () => page.locator('li.finding:visible');

test('the fixture has findings of several rules, severities and files, some with a path', () => {
  const findings = report.findings;
  assert.ok(findings.length >= 3, `only ${findings.length} findings`);
  assert.ok(new Set(findings.map((f) => f.rule)).size >= 3);
  assert.ok(new Set(findings.map((f) => f.severity)).size >= 2);
  assert.ok(new Set(findings.map((f) => f.file)).size >= 2);
  assert.ok(findings.some((f) => f.evidence.length >= 2));
});

test('one row per finding in the JSON report, in its order', async () => {
  const rows = page.locator('li.finding');
  assert.equal(await rows.count(), report.findings.length);
  for (const [i, f] of report.findings.entries()) {
    const row = rows.nth(i);
    assert.equal(await row.getAttribute('data-rule'), f.rule);
    assert.equal(await row.getAttribute('data-severity'), f.severity);
    assert.equal(await row.getAttribute('data-file'), f.file);
    assert.ok((await row.locator('.loc').first().textContent()).startsWith(`${f.file}:${f.line}:`));
    assert.equal(await row.locator('.line.hit').first().getAttribute('data-line'), String(f.line));
  }
  assert.equal(await visibleRows().count(), report.findings.length);
  assert.equal(await page.locator('#shown-count').textContent(),
               `${report.findings.length} of ${report.findings.length} findings shown`);
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  assert.equal(await page.locator('#total-error b').textContent(), String(errors));
});

test('filtering by rule hides the other rules and updates the count', async () => {
  const byRule = new Map();
  for (const f of report.findings) byRule.set(f.rule, (byRule.get(f.rule) || 0) + 1);
  for (const [rule, n] of byRule) {
    await page.selectOption('#filter-rule', rule);
    const rows = visibleRows();
    assert.equal(await rows.count(), n, rule);
    for (let i = 0; i < n; i++) assert.equal(await rows.nth(i).getAttribute('data-rule'), rule);
    assert.equal(await page.locator('#shown-count').textContent(),
                 `${n} of ${report.findings.length} findings shown`);
  }
  await page.selectOption('#filter-rule', '');
  assert.equal(await visibleRows().count(), report.findings.length);
});

test('severity and file filters combine with the rule filter', async () => {
  const first = report.findings[0];
  await page.selectOption('#filter-file', first.file);
  const inFile = report.findings.filter((f) => f.file === first.file);
  assert.equal(await visibleRows().count(), inFile.length);
  await page.selectOption('#filter-severity', first.severity);
  const both = inFile.filter((f) => f.severity === first.severity);
  assert.equal(await visibleRows().count(), both.length);

  // A rule with no finding in that file and severity leaves nothing, and the page says so.
  const other = report.findings.find((f) => f.file !== first.file);
  await page.selectOption('#filter-rule', other.rule);
  const all = report.findings.filter(
    (f) => f.file === first.file && f.severity === first.severity && f.rule === other.rule);
  assert.equal(await visibleRows().count(), all.length);
  if (all.length === 0) assert.ok(await page.locator('#no-match').isVisible());

  for (const id of ['#filter-rule', '#filter-severity', '#filter-file']) await page.selectOption(id, '');
  assert.equal(await visibleRows().count(), report.findings.length);
  assert.ok(await page.locator('#no-match').isHidden());
});

test('a click on a finding with evidence shows its path, one node per step and the finding', async () => {
  let index = 0;
  report.findings.forEach((f, i) => {
    if (f.evidence.length > report.findings[index].evidence.length) index = i;
  });
  const f = report.findings[index];
  const row = page.locator(`li.finding[data-index="${index}"]`);
  const panel = row.locator('.path');
  assert.ok(await panel.isHidden());

  await row.locator('.finding-head').click();
  assert.ok(await panel.isVisible());
  assert.equal(await row.locator('.finding-head').getAttribute('aria-expanded'), 'true');
  const nodes = panel.locator('.node');
  assert.equal(await nodes.count(), f.evidence.length + 1);
  for (const [i, step] of f.evidence.entries()) {
    assert.equal(await nodes.nth(i).locator('.node-loc').textContent(), `${step.file}:${step.line}:${step.column}`);
    assert.equal(await nodes.nth(i).locator('.node-msg').textContent(), step.message);
  }
  assert.ok(await nodes.last().evaluate((n) => n.classList.contains('finding-node')));

  // The first step is chosen and its source shown; a click on another step shows that one's.
  const shownExcerpt = panel.locator('.step-excerpt:visible');
  assert.equal(await shownExcerpt.count(), 1);
  assert.equal(await shownExcerpt.locator('.line.hit').getAttribute('data-line'), String(f.evidence[0].line));
  await nodes.nth(1).click();
  assert.equal(await shownExcerpt.count(), 1);
  assert.equal(await shownExcerpt.getAttribute('data-step'), '1');
  assert.equal(await shownExcerpt.locator('.line.hit').getAttribute('data-line'), String(f.evidence[1].line));
  assert.equal(await nodes.nth(1).getAttribute('aria-pressed'), 'true');
  assert.equal(await nodes.nth(0).getAttribute('aria-pressed'), 'false');
  await nodes.last().click();
  assert.equal(await shownExcerpt.locator('.line.hit').getAttribute('data-line'), String(f.line));

  // A second click on the finding closes the path again.
  await row.locator('.finding-head').click();
  assert.ok(await panel.isHidden());
  await row.locator('.finding-head').click();
  assert.ok(await panel.isVisible());
});

test('source text stays text: markup in a comment does not run, bad bytes become U+FFFD', async () => {
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  const sources = await page.locator('.line .src').allTextContents();
  assert.ok(sources.some((s) => s.includes('</script><script>window.pwned = 1</script>')));
  assert.ok(sources.some((s) => s.includes('caf\uFFFD)')));
  assert.equal(await page.locator('script').count(), 1);
});

test('no console errors, no page errors, no network', () => {
  assert.deepEqual(problems, []);
});

test('screenshot', async () => {
  const png = path.join(outDir, 'fixture-report.png');
  await page.screenshot({ path: png, fullPage: true });
  assert.ok(existsSync(png));
  assert.deepEqual([...readFileSync(png).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  console.log(`screenshot: ${png}`);
});
