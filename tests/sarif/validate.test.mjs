// pagewise's SARIF through Microsoft's own validator: `sarif-multitool validate` with the SARIF
// rules and the GitHub ingestion rules (`--rule-kind "Sarif;Gh"`, the GHnnnn checks code scanning
// applies to an upload), on the SARIF of every example driver and of examples/ as a whole. Any
// error fails; warnings are printed. The validator always exits 0, so its own SARIF log is read.
//
// usage: node tests/sarif/validate.test.mjs PAGEWISE_BINARY OUT_DIR
// (CTest passes both.) The multitool is installed by scripts/setup.sh (npm ci in tests/sarif).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const pagewise = path.resolve(process.argv[2] || path.join(repo, 'build', 'pagewise'));
const outDir = path.resolve(process.argv[3] || path.join(repo, 'build', 'sarif'));
const multitool = path.join(here, 'node_modules', '@microsoft', 'sarif-multitool-linux',
                            'Sarif.Multitool');

// Runs `pagewise check --format sarif` from the repository's top; status 1 only says there are
// findings.
function sarifOf(input, name, extra = []) {
  const out = path.join(outDir, `${name}.sarif`);
  const run = spawnSync(pagewise, ['check', '--format', 'sarif', '-o', out, ...extra, input],
                        { cwd: repo, encoding: 'utf8' });
  assert.ifError(run.error);
  assert.ok(run.status === 0 || run.status === 1, `pagewise exited ${run.status}: ${run.stderr}`);
  return out;
}

// The validator's findings on `file`, from the SARIF log it writes.
function validate(file) {
  const log = `${file}.validation.sarif`;
  const run = spawnSync(multitool, ['validate', '--rule-kind', 'Sarif;Gh', '--log', 'ForceOverwrite',
                                    '-o', log, file],
                        { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  assert.ifError(run.error);
  assert.equal(run.status, 0, `the validator failed: ${run.stdout}${run.stderr}`);
  const result = JSON.parse(readFileSync(log, 'utf8')).runs[0];
  for (const inv of result.invocations || []) {
    assert.notEqual(inv.executionSuccessful, false, `the validator did not finish: ${run.stdout}`);
  }
  // Its console lines say in words what each result's message id and arguments say.
  const lines = run.stdout.split('\n').filter((l) => / (error|warning) [A-Z]+\d+: /.test(l));
  return { results: result.results || [], lines };
}

const examples = readdirSync(path.join(repo, 'examples'))
  .filter((d) => !d.startsWith('.') && statSync(path.join(repo, 'examples', d)).isDirectory())
  .sort();

test('the multitool is installed', () => {
  assert.ok(existsSync(multitool), `${multitool} is missing: run scripts/setup.sh`);
});

const inputs = [...examples.map((d) => [path.join('examples', d), d, []]),
                ['examples', 'all-examples', ['--sarif-category', 'pagewise/examples']]];
for (const [input, name, extra] of inputs) {
  test(`${input}: no validator error`, () => {
    mkdirSync(outDir, { recursive: true });
    const file = sarifOf(input, name, extra);
    const { results, lines } = validate(file);
    const errors = results.filter((r) => r.level === 'error');
    for (const l of lines) console.log(l);
    assert.equal(errors.length, 0,
                 `${errors.length} error(s):\n${lines.filter((l) => l.includes(' error ')).join('\n')}`);
  });
}

test('the examples SARIF has findings to validate, with rule relationships and taxonomies', () => {
  const log = JSON.parse(readFileSync(path.join(outDir, 'all-examples.sarif'), 'utf8'));
  const run = log.runs[0];
  assert.ok(run.results.length > 0);
  assert.ok(run.taxonomies.length > 0);
  assert.equal(run.automationDetails.id, 'pagewise/examples/');
});

// The check above would pass on a validator that checked nothing: a result without a location,
// which GitHub refuses, must come back as a GitHub-rule error.
test('the validator reports a GitHub rule error on a result without a location', () => {
  const log = JSON.parse(readFileSync(path.join(outDir, 'all-examples.sarif'), 'utf8'));
  delete log.runs[0].results[0].locations;
  const broken = path.join(outDir, 'broken.sarif');
  writeFileSync(broken, JSON.stringify(log, null, 2));
  const { results } = validate(broken);
  const errors = results.filter((r) => r.level === 'error').map((r) => r.ruleId);
  assert.ok(errors.some((id) => id.startsWith('GH')), `no GH error: ${errors}`);
});
