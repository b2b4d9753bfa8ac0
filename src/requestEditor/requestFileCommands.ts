import * as vscode from 'vscode';
import type { MethodInfo } from '../core';
import type { CallHistory } from '../calls/callHistory';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { displayUrl, endpointLabel } from '../endpoints/endpointUrl';
import { RPC_LANGUAGE, argumentTemplate } from './requestDocuments';

/** The text of one call: a title, the protocol when known, CALL, the arguments. */
export function callText(method: string, urlText: string, protocol: string | undefined, argsText: string): string {
  const lines = [`### ${method}`];
  if (protocol) lines.push(`# @protocol ${protocol}`);
  lines.push(`CALL ${urlText} ${method}`);
  if (argsText.trim() !== '') lines.push(argsText);
  return lines.join('\n') + '\n';
}

/**
 * From the explorer to a request file: "New Request File" on an endpoint (every method, each with the last
 * arguments sent or an argument template), "Add to Request File…" on a method, "Save to Request File" in Call
 * History. The file opens with the cursor on the new call.
 */
export class RequestFileCommands {
  constructor(
    private readonly registry: EndpointRegistry,
    private readonly history: CallHistory,
  ) {}

  /** A new untitled .rpc document with every method of the endpoint; resolves to its editor. */
  async newFile(url: string): Promise<vscode.TextEditor | undefined> {
    const endpoint = this.registry.get(url);
    if (!endpoint) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not in the explorer.', displayUrl(url)));
      return undefined;
    }
    if (endpoint.state.status !== 'ready') await this.registry.refresh(endpoint.config.url);
    const methods = this.registry.methodsOf(endpoint.config.url);
    const protocol = this.registry.knownProtocol(endpoint.config.url);
    const head = [`# ${vscode.l10n.t('Calls to {0}.', endpointLabel(endpoint.config))}`, `#   rpc-explorer run <${vscode.l10n.t('this file')}>`, `@base = ${endpoint.config.url}`, ''];
    const calls = methods.map((m) => callText(m.name, '{{base}}', protocol, argumentTemplate(m, this.history.lastArgs(endpoint.config.url, m.name))));
    const text = head.join('\n') + '\n' + (calls.length ? calls.join('\n') : `### ${vscode.l10n.t('A call')}\nCALL {{base}} \n`);
    const document = await vscode.workspace.openTextDocument({ language: RPC_LANGUAGE, content: text });
    const editor = await vscode.window.showTextDocument(document);
    const line = head.length + 1 + (protocol ? 1 : 0);
    editor.selection = new vscode.Selection(line, 0, line, 0);
    editor.revealRange(new vscode.Range(line, 0, line, 0));
    return editor;
  }

  /**
   * Adds a call to a request file — one of the workspace's .rpc files (open ones, then the most recently changed) or
   * a new one, picked unless `into` says — with the cursor on it, and says where it went.
   */
  async addCall(url: string, method: MethodInfo | string, argsText?: string, into?: vscode.Uri | 'new'): Promise<vscode.TextEditor | undefined> {
    const info = typeof method === 'string' ? (this.registry.methodsOf(url).find((m) => m.name === method) ?? { name: method, signatures: null, help: null }) : method;
    const args = argsText ?? argumentTemplate(info, this.history.lastArgs(url, info.name));
    const target = into ?? (await pickRequestFile(vscode.l10n.t('Add {0} to a request file', info.name)));
    if (!target) return undefined;
    const document = target === 'new' ? await vscode.workspace.openTextDocument({ language: RPC_LANGUAGE, content: '' }) : await vscode.workspace.openTextDocument(target);
    const editor = await vscode.window.showTextDocument(document);
    const end = document.lineAt(document.lineCount - 1);
    const separator = document.getText().trim() === '' ? '' : end.text === '' ? '\n' : '\n\n';
    const text = separator + callText(info.name, url, this.registry.knownProtocol(url), args);
    await editor.edit((edit) => edit.insert(end.range.end, text));
    const line = end.range.end.line + separator.split('\n').length - 1;
    const callLine = line + (this.registry.knownProtocol(url) ? 2 : 1);
    editor.selection = new vscode.Selection(callLine, 0, callLine, 0);
    editor.revealRange(new vscode.Range(callLine, 0, callLine, 0));
    const where = document.isUntitled ? vscode.l10n.t('a new request file') : vscode.workspace.asRelativePath(document.uri);
    void vscode.window.showInformationMessage(vscode.l10n.t('Added {0} to {1}, line {2}.', info.name, where, callLine + 1));
    return editor;
  }
}

/** The request files to add a call to: the open ones, then the workspace's by last change, then New. */
async function pickRequestFile(title: string): Promise<vscode.Uri | 'new' | undefined> {
  const open = vscode.workspace.textDocuments.filter((d) => d.languageId === RPC_LANGUAGE && (d.uri.scheme === 'file' || d.uri.scheme === 'untitled'));
  const found = await vscode.workspace.findFiles('**/*.rpc', '**/node_modules/**', 500);
  const changed = await Promise.all(
    found.map(async (uri) => ({ uri, mtime: await vscode.workspace.fs.stat(uri).then((s) => s.mtime, () => 0) })),
  );
  const seen = new Set(open.map((d) => d.uri.toString()));
  const files = [...open.map((d) => d.uri), ...changed.sort((a, b) => b.mtime - a.mtime).map((f) => f.uri).filter((u) => !seen.has(u.toString()))];
  type Item = vscode.QuickPickItem & { target: vscode.Uri | 'new' };
  const items: Item[] = [
    ...files.map((uri) => ({ label: `$(file) ${uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri)}`, target: uri as vscode.Uri | 'new' })),
    { label: `$(new-file) ${vscode.l10n.t('New Request File')}`, target: 'new' },
  ];
  if (items.length === 1) return 'new';
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Most recently changed first') }))?.target;
}
