// Speaks the Language Server Protocol to `pagewise serve` over stdio, as an editor would: opens a
// small driver, checks the diagnostics and their evidence, hovers a function, applies code actions
// to the unsaved buffer and checks each finding is gone with no new one, sends broken messages,
// and shuts down. Usage: node lsp.test.mjs PAGEWISE_EXE WORK_DIR
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [exe, work] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(join(here, 'driver'), join(work, 'driver'), { recursive: true });
const file = join(work, 'driver', 'driver.c');
const uri = pathToFileURL(file).href;
const onDisk = readFileSync(file, 'utf8');

const server = spawn(exe, ['serve', '-j', '1', '--no-advice'], { stdio: ['pipe', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
const timer = setTimeout(() => { console.error('timed out'); server.kill(); process.exit(1); }, 120000);

// Incoming messages, parsed from Content-Length frames.
let buffer = Buffer.alloc(0);
const inbox = [];
let wake = null;
let current = server;
function attach(next) {
  current = next;
  buffer = Buffer.alloc(0);
  next.stdout.on('data', onData);
}
server.stdout.on('data', onData);
function onData(chunk) {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) break;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) break;
    inbox.push(JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()));
    buffer = buffer.subarray(end + 4 + length);
  }
  if (wake) wake();
}

function sendRaw(body) {
  current.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
let nextId = 1;
function send(method, params, isRequest = true) {
  const msg = { jsonrpc: '2.0', method, params };
  if (isRequest) msg.id = nextId++;
  sendRaw(JSON.stringify(msg));
  return msg.id;
}
async function receive(match) {
  for (;;) {
    const i = inbox.findIndex(match);
    if (i >= 0) return inbox.splice(i, 1)[0];
    await new Promise((resolve) => { wake = resolve; });
  }
}
const response = (id) => receive((m) => m.id === id);
const diagnosticsOf = async (u) =>
  (await receive((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === u))
    .params.diagnostics;
const diagnostics = () => diagnosticsOf(uri);

// Applies LSP TextEdits (ASCII text: UTF-16 columns are bytes) to `text`, last first.
function apply(text, edits) {
  const lines = text.split('\n');
  const offset = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

const init = await response(send('initialize', { processId: null, rootUri: pathToFileURL(work).href, capabilities: {} }));
assert.equal(init.result.capabilities.hoverProvider, true);
send('initialized', {}, false);

let text = onDisk;
send('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } }, false);
let diags = await diagnostics();
const codes = (ds) => ds.map((d) => d.code).sort();
assert.deepEqual(codes(diags), ['paged-code/missing', 'resident/irql']);
const irql = diags.find((d) => d.code === 'resident/irql');
assert.equal(irql.severity, 1);
assert.equal(irql.range.start.line, 14);  // `VOID TickHelper(VOID) {`, line 15
assert.match(irql.codeDescription.href, /docs\/rules\/.+\.md$/);
assert.equal(irql.relatedInformation.length, 3);
assert.match(irql.relatedInformation[0].message, /registered as KDEFERRED_ROUTINE/);
assert.equal(irql.relatedInformation[1].location.uri, uri);
assert.equal(irql.relatedInformation[1].location.range.start.line, 23);  // the call, line 24

// Hover on TickHelper explains it.
const hover = await response(send('textDocument/hover', { textDocument: { uri }, position: { line: 15, character: 2 } }));
assert.match(hover.result.contents.value, /TickHelper/);
assert.match(hover.result.contents.value, /DISPATCH_LEVEL/);

// Add PAGED_CODE() to DriverUnload, in the unsaved buffer: that finding goes, nothing new comes.
const missing = diags.find((d) => d.code === 'paged-code/missing');
let actions = (await response(send('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } }))).result;
const addPagedCode = actions.find((a) => /PAGED_CODE/.test(a.title));
assert.ok(addPagedCode, 'an action adds PAGED_CODE()');
text = apply(text, addPagedCode.edit.changes[uri]);
assert.match(text, /DriverUnload\(PDRIVER_OBJECT DriverObject\) \{\n  PAGED_CODE\(\);/);
send('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] }, false);
diags = await diagnostics();
assert.deepEqual(codes(diags), ['resident/irql']);

// Silence the error with the suppression action: no diagnostic is left.
actions = (await response(send('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } }))).result;
const silence = actions.find((a) => /Silence resident\/irql/.test(a.title));
assert.ok(silence, 'an action silences the finding');
const beforeSilence = text;
text = apply(text, silence.edit.changes[uri]);
send('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] }, false);
assert.deepEqual(await diagnostics(), []);
assert.equal(readFileSync(file, 'utf8'), onDisk, 'the buffer was analysed, the file left alone');

// Or make TickHelper resident: out of its alloc_text pragma, its PAGED_CODE() gone with it.
text = beforeSilence;
const unpage = actions.find((a) => /Make 'TickHelper' resident/.test(a.title));
assert.ok(unpage, 'an action makes the function resident');
text = apply(text, unpage.edit.changes[uri]);
assert.doesNotMatch(text, /alloc_text\(PAGE, TickHelper\)/);
assert.match(text, /alloc_text\(PAGE, DriverUnload\)/);
send('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text }] }, false);
assert.deepEqual(await diagnostics(), []);

// Closing the buffer analyses the file on disk again.
send('textDocument/didClose', { textDocument: { uri } }, false);
assert.deepEqual(codes(await diagnostics()), ['paged-code/missing', 'resident/irql']);

// Broken messages get JSON-RPC errors, and the server goes on.
sendRaw('{not json');
assert.equal((await receive((m) => m.error && m.id === null)).error.code, -32700);
assert.equal((await response(send('pagewise/unknown', {}))).error.code, -32601);
assert.equal((await response(send('textDocument/hover', {}))).error.code, -32602);

assert.equal((await response(send('shutdown', null))).result, null);
send('exit', null, false);
assert.equal(await exited, 0);

// With advice on: the could-be-paged note's action places the function, and the note goes.
const advised = join(work, 'advice', 'driver.c');
cpSync(join(here, 'advice'), join(work, 'advice'), { recursive: true });
const server2 = spawn(exe, ['serve', '-j', '1'], { stdio: ['pipe', 'pipe', 'inherit'] });
const exited2 = new Promise((resolve) => server2.on('exit', (code) => resolve(code)));
attach(server2);
const adviceUri = pathToFileURL(advised).href;
await response(send('initialize', { processId: null, rootUri: pathToFileURL(work).href, capabilities: {} }));
let adviceText = readFileSync(advised, 'utf8');
send('textDocument/didOpen', { textDocument: { uri: adviceUri, languageId: 'c', version: 1, text: adviceText } }, false);
const notes = await diagnosticsOf(adviceUri);
assert.deepEqual(codes(notes), ['advice/could-be-paged']);
const place = (await response(send('textDocument/codeAction', { textDocument: { uri: adviceUri }, range: notes[0].range, context: { diagnostics: notes } }))).result
  .find((a) => /Place 'LogSettings' in INIT/.test(a.title));
assert.ok(place, 'an action places the function');
adviceText = apply(adviceText, place.edit.changes[adviceUri]);
assert.match(adviceText, /#pragma alloc_text\(INIT, LogSettings\)\nVOID LogSettings\(/);
send('textDocument/didChange', { textDocument: { uri: adviceUri, version: 2 }, contentChanges: [{ text: adviceText }] }, false);
assert.deepEqual(await diagnosticsOf(adviceUri), []);
await response(send('shutdown', null));
send('exit', null, false);
assert.equal(await exited2, 0);
clearTimeout(timer);
console.log('lsp: ok');
