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

  /** Adds a call to an open .rpc editor or a new file (picked), the cursor on it. */
  async addCall(url: string, method: MethodInfo | string, argsText?: string): Promise<vscode.TextEditor | undefined> {
    const info = typeof method === 'string' ? (this.registry.methodsOf(url).find((m) => m.name === method) ?? { name: method, signatures: null, help: null }) : method;
    const args = argsText ?? argumentTemplate(info, this.history.lastArgs(url, info.name));
    const open = vscode.workspace.textDocuments.filter((d) => d.languageId === RPC_LANGUAGE && d.uri.scheme !== 'rpc-request-results');
    const NEW = vscode.l10n.t('New Request File');
    const picked = open.length
      ? await vscode.window.showQuickPick([...open.map((d) => ({ label: vscode.workspace.asRelativePath(d.uri), document: d as vscode.TextDocument | undefined })), { label: NEW, document: undefined }], {
          title: vscode.l10n.t('Add {0} to a request file', info.name),
        })
      : { label: NEW, document: undefined };
    if (!picked) return undefined;
    const document = picked.document ?? (await vscode.workspace.openTextDocument({ language: RPC_LANGUAGE, content: '' }));
    const editor = await vscode.window.showTextDocument(document);
    const end = document.lineAt(document.lineCount - 1);
    const separator = document.getText().trim() === '' ? '' : end.text === '' ? '\n' : '\n\n';
    const text = separator + callText(info.name, url, this.registry.knownProtocol(url), args);
    await editor.edit((edit) => edit.insert(end.range.end, text));
    const line = end.range.end.line + separator.split('\n').length - 1;
    const callLine = line + (this.registry.knownProtocol(url) ? 2 : 1);
    editor.selection = new vscode.Selection(callLine, 0, callLine, 0);
    editor.revealRange(new vscode.Range(callLine, 0, callLine, 0));
    return editor;
  }
}
