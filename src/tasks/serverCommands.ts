import * as path from 'node:path';
import * as vscode from 'vscode';
import { sourceLanguageOf } from '../sourceModel';
import type { LocalServers, StartServerResult } from './localServers';
import { serverTaskOptionsFrom } from './serverTaskDefinition';
import type { ServerTaskProvider } from './serverTaskProvider';

export const START_SERVER_COMMAND = 'rpcExplorer.startServer';
export const STOP_SERVER_COMMAND = 'rpcExplorer.stopServer';

/**
 * `rpcExplorer.startServer([uri], [options])`: runs the `rpc-server` task for a file (default: the active editor's)
 * and resolves once its endpoint is in the tree. Options are task properties (env, args, url, protocol…), for
 * keybindings and tests. Refuses in an untrusted workspace: starting a server runs the workspace's code.
 */
export async function startServerCommand(
  provider: ServerTaskProvider,
  servers: LocalServers,
  uriArg?: unknown,
  optionsArg?: unknown,
): Promise<StartServerResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    void vscode.window
      .showWarningMessage('RPC Explorer: starting a server runs code from this workspace, so it needs a trusted workspace.', manage)
      .then((choice) => choice === manage && vscode.commands.executeCommand('workbench.trust.manage'));
    return { file: '', error: 'untrusted workspace' };
  }
  const uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.file(uriArg) : vscode.window.activeTextEditor?.document.uri;
  // startServer(uri, options), startServer(undefined, options) (active editor), or startServer(options).
  const options = serverTaskOptionsFrom(uriArg instanceof vscode.Uri || typeof uriArg === 'string' || uriArg === undefined ? optionsArg : uriArg);
  if (!uri) {
    void vscode.window.showInformationMessage('RPC Explorer: open the server file (Python, JavaScript or TypeScript) to start it.');
    return undefined;
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document?.isUntitled || uri.scheme === 'untitled') {
    void vscode.window.showInformationMessage('RPC Explorer: save the file first, then start it as a server.');
    return undefined;
  }
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(`RPC Explorer: ${path.basename(uri.path)} is not a file on disk; server tasks run local files.`);
    return undefined;
  }
  const file = uri.fsPath;
  if (!sourceLanguageOf(file) && !options.runtime) {
    void vscode.window.showErrorMessage(
      `RPC Explorer: cannot start ${path.basename(file)}: server tasks run Python (.py), JavaScript (.js, .mjs, .cjs) and TypeScript (.ts) files.`,
    );
    return { file, error: 'unsupported file type' };
  }
  if (document?.isDirty) await document.save(); // run what the user sees
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Starting ${path.basename(file)}` },
    () => servers.run(provider.taskForFile(file, options), file),
  );
}

/** `rpcExplorer.stopServer([endpointNode | url | uri])`: stops a server task (a pick when several run). */
export async function stopServerCommand(servers: LocalServers, target?: unknown): Promise<boolean> {
  if (target instanceof vscode.Uri) return servers.stop({ file: target.fsPath });
  if (typeof target === 'string') return servers.stop({ url: target });
  const url = (target as { url?: unknown } | undefined)?.url;
  if (typeof url === 'string') return servers.stop({ url });
  if (servers.list().length === 0) {
    void vscode.window.showInformationMessage('RPC Explorer: no server task is running.');
    return false;
  }
  return servers.stop();
}
