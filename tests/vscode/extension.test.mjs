// The VS Code extension (integrations/vscode): it compiles against the pinned VS Code API and
// language client, and its problem matcher reads every finding line of `pagewise check`'s text
// output with the fields of the JSON report. Usage: node extension.test.mjs PAGEWISE_EXE WORK_DIR
import { execFileSync, spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [exe, work] = process.argv.slice(2);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const extension = join(root, 'integrations', 'vscode');

// Compiles with the lock file's TypeScript into WORK_DIR (the source folder stays clean).
rmSync(work, { recursive: true, force: true });
const tsc = join(extension, 'node_modules', 'typescript', 'bin', 'tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', extension, '--outDir', work], { encoding: 'utf8' });
assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
assert.ok(existsSync(join(work, 'extension.js')));

// The problem matcher against the real text output of the examples.
const manifest = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8'));
const matcher = manifest.contributes.problemMatchers[0];
const regexp = new RegExp(matcher.pattern.regexp);
const run = (format) => spawnSync(exe, ['check', '--format', format, '--color', 'never', 'examples'], { cwd: root, encoding: 'utf8' });
const text = run('text').stdout.split('\n');
const findings = JSON.parse(run('json').stdout).findings;
const matched = text.map((line) => regexp.exec(line)).filter(Boolean);
assert.equal(matched.length, findings.length, 'one match per finding, none for evidence or summary lines');
matched.forEach((m, i) => {
  const f = findings[i];
  const field = (name) => m[matcher.pattern[name]];
  assert.equal(field('file'), f.file);
  assert.equal(Number(field('line')), f.line);
  assert.equal(Number(field('column')), f.column);
  assert.equal(field('severity'), f.severity);
  assert.equal(field('code'), f.rule);
});
console.log(`vscode extension: compiled; problem matcher read ${matched.length} findings`);
