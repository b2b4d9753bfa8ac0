import * as vscode from 'vscode';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { isPortOpen } from '../tasks/portProbe';
import { connectableHost, formatUrl } from '../tasks/serverAddress';
import type { SourceIndex } from './sourceIndex';
import { sameFile } from '../sourceModel/filePaths';

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

/** The URL of the running server task started from a file, if any. */
export function runningEndpointOf(registry: EndpointRegistry, file: string): string | undefined {
  return registry.list().find((e) => e.config.local?.running && sameFile(e.config.local.file, file))?.config.url;
}

/** Calls a method on a URL: the argument box when `args` is undefined, else directly (the extension's call paths). */
export type CallOnEndpoint = (url: string, method: string, args?: unknown) => Promise<unknown>;

/**
 * The endpoint of a server started outside the editor (a terminal, a container): the host and port the file binds,
 * when something listens there. Added to the explorer so the call has somewhere to go.
 */
async function listeningEndpointOf(sources: SourceIndex, registry: EndpointRegistry, file: string): Promise<string | undefined> {
  const model = await sources.modelOf(file);
  if (!model?.isServer || model.port === undefined) return undefined;
  if (!(await isPortOpen(connectableHost(model.host), model.port, 500))) return undefined;
  const url = formatUrl('http', model.host, model.port);
  if (!url) return undefined;
  if (!registry.get(url)) await registry.add({ url, protocol: model.protocol ?? 'auto' });
  return url;
}

/**
 * The Call code lens: calls a method on the running server of a file — its task, or a server already listening on
 * the port the file binds (started outside the editor) — starting the server first (the `rpcExplorer.startServer`
 * command) when neither runs. `args`, when given, skip the argument box.
 */
export async function callFromSource(
  sources: SourceIndex,
  registry: EndpointRegistry,
  call: CallOnEndpoint,
  uriArg: unknown,
  method: unknown,
  args?: unknown,
): Promise<unknown> {
  const uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.file(uriArg) : undefined;
  if (!uri || typeof method !== 'string') {
    void vscode.window.showErrorMessage(vscode.l10n.t('RPC Explorer: Call from source needs the server file and a method name.'));
    return undefined;
  }
  let url = runningEndpointOf(registry, uri.fsPath) ?? (await listeningEndpointOf(sources, registry, uri.fsPath));
  if (!url) {
    const started = await vscode.commands.executeCommand<{ url?: string; error?: string } | undefined>('rpcExplorer.startServer', uri);
    if (!started?.url) return undefined; // the start command has said why
    url = started.url;
  }
  return call(url, method, args);
}
