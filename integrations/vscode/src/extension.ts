// Starts `pagewise serve` for C and C++ files: findings as diagnostics with their evidence path,
// hover explanations and code actions all come from the server; this file only launches it.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('pagewise');
  const command = config.get<string>('path', 'pagewise');
  const args = ['serve', ...config.get<string[]>('arguments', [])];
  const serverOptions: ServerOptions = { run: { command, args }, debug: { command, args } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'cpp' },
    ],
  };
  client = new LanguageClient('pagewise', 'pagewise', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('pagewise')) {
        await vscode.window.showInformationMessage('pagewise: reload the window to apply the new settings.');
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
