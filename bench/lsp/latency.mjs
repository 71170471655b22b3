// How long `pagewise serve` takes from a one-line edit to the diagnostics of the edited file, on a
// driver of FILES files (default 100) that this script writes: each file has ten functions, some
// pageable, calling into the next file, and one DPC reaches pageable code (so every analysis has
// findings with evidence paths). Prints one JSON line with the cold open and the edit latencies.
// Usage: node bench/lsp/latency.mjs PAGEWISE_EXE WORK_DIR [FILES] [EDITS]
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [exe, work, filesArg = '100', editsArg = '20'] = process.argv.slice(2);
const files = Number(filesArg), edits = Number(editsArg);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
for (let f = 0; f < files; f++) {
  let text = '#include <ntddk.h>\n';
  for (let i = 0; i < 10; i++) text += `VOID F${f}_${i}(PVOID Context);\n`;
  if (f + 1 < files) text += `VOID F${f + 1}_0(PVOID Context);\n`;
  text += `#pragma alloc_text(PAGE, F${f}_1, F${f}_3, F${f}_5)\n`;
  for (let i = 0; i < 10; i++) {
    text += `VOID F${f}_${i}(PVOID Context) {\n`;
    if (i % 2 === 1) text += '  PAGED_CODE();\n';
    text += '  ULONG n = 0;\n  for (n = 0; n < 10; n++) {\n    if (Context == NULL) break;\n  }\n';
    if (i < 9) text += `  F${f}_${i + 1}(Context);\n`;
    else if (f + 1 < files) text += `  F${f + 1}_0(Context);\n`;
    text += '}\n';
  }
  writeFileSync(join(work, `file${f}.c`), text);
}
writeFileSync(join(work, 'entry.c'), `#include <ntddk.h>
DRIVER_INITIALIZE DriverEntry;
KDEFERRED_ROUTINE TickDpc;
VOID F0_0(PVOID Context);
KDPC g_Tick;
VOID TickDpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2) { F0_0(Context); }
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  KeInitializeDpc(&g_Tick, TickDpc, NULL);
  return STATUS_SUCCESS;
}
`);

const server = spawn(exe, ['serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
let buffer = Buffer.alloc(0);
let waiting = null;
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) break;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) break;
    const msg = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (waiting && waiting.match(msg)) { const w = waiting; waiting = null; w.resolve(msg); }
  }
});
const send = (msg) => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
const next = (match) => new Promise((resolve) => { waiting = { match, resolve }; });

const edited = join(work, 'file50.c');
const uri = pathToFileURL(edited).href;
const published = (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri;
let reply = next((m) => m.id === 1);
send({ id: 1, method: 'initialize', params: { processId: null, rootUri: pathToFileURL(work).href, capabilities: {} } });
await reply;
const { readFileSync } = await import('node:fs');
let text = readFileSync(edited, 'utf8');
let t = process.hrtime.bigint();
reply = next(published);
send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'c', version: 1, text } } });
await reply;
const cold = Number(process.hrtime.bigint() - t) / 1e6;
const times = [];
for (let e = 0; e < edits; e++) {
  text += `// edit ${e}\n`;
  t = process.hrtime.bigint();
  reply = next(published);
  send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: e + 2 }, contentChanges: [{ text }] } });
  await reply;
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
reply = next((m) => m.id === 2);
send({ id: 2, method: 'shutdown' });
await reply;
send({ method: 'exit' });
console.log(JSON.stringify({ files: files + 1, cold_open_ms: Math.round(cold), edit_median_ms: Math.round(times[times.length >> 1]), edit_max_ms: Math.round(times[times.length - 1]) }));
