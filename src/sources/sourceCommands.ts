import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import type { SourceIndex } from './sourceIndex';

export const GO_TO_DEFINITION_COMMAND = 'rpcExplorer.goToDefinition';
export const CALL_FROM_SOURCE_COMMAND = 'rpcExplorer.callFromSource';

/** A method of an endpoint, as a tree node or a caller names it. */
export interface MethodTarget {
  url: string;
  method: { name: string };
}

export function methodTargetOf(value: unknown): MethodTarget | undefined {
  const node = value as { url?: unknown; method?: { name?: unknown } } | undefined;
  if (!node || typeof node !== 'object' || typeof node.url !== 'string' || typeof node.method?.name !== 'string') return undefined;
  return { url: node.url, method: { name: node.method.name } };
}

/**
 * Opens the function that serves a method at its `def` line, the name selected. When none is known, one
 * information message says why; resolves to the editor, or undefined.
 */
export async function goToDefinition(sources: SourceIndex, target: MethodTarget | undefined): Promise<vscode.TextEditor | undefined> {
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: select a method in the Methods view to go to its definition.'));
    return undefined;
  }
  const found = await sources.functionOf(target.url, target.method.name);
  if ('reason' in found) {
    void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: no definition of {0}: {1}.', target.method.name, found.reason));
    return undefined;
  }
  const definition = found.fn.definition!;
  const start = new vscode.Position(definition.line - 1, definition.column - 1);
  const end = start.translate(0, definition.localName.length);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(definition.file || found.source.file));
  return vscode.window.showTextDocument(document, { selection: new vscode.Range(start, end), preview: true });
}

function sameFile(a: string, b: string): boolean {
  const ka = path.resolve(a);
  const kb = path.resolve(b);
  return process.platform === 'win32' || process.platform === 'darwin' ? ka.toLowerCase() === kb.toLowerCase() : ka === kb;
}

/** The URL of the running server task started from a file, if any. */
export function runningEndpointOf(registry: EndpointRegistry, file: string): string | undefined {
  return registry.list().find((e) => e.config.local?.running && sameFile(e.config.local.file, file))?.config.url;
}

/** Calls a method on a URL: the argument box when `args` is undefined, else directly (the extension's call paths). */
export type CallOnEndpoint = (url: string, method: string, args?: unknown) => Promise<unknown>;

/**
 * The Call code lens: calls a method on the running server of a file, starting the server first (the
 * `rpcExplorer.startServer` command) when it is not running. `args`, when given, skip the argument box.
 */
export async function callFromSource(registry: EndpointRegistry, call: CallOnEndpoint, uriArg: unknown, method: unknown, args?: unknown): Promise<unknown> {
  const uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.file(uriArg) : undefined;
  if (!uri || typeof method !== 'string') {
    void vscode.window.showErrorMessage(vscode.l10n.t('RPC Explorer: Call from source needs the server file and a method name.'));
    return undefined;
  }
  let url = runningEndpointOf(registry, uri.fsPath);
  if (!url) {
    const started = await vscode.commands.executeCommand<{ url?: string; error?: string } | undefined>('rpcExplorer.startServer', uri);
    if (!started?.url) return undefined; // the start command has said why
    url = started.url;
  }
  return call(url, method, args);
}
