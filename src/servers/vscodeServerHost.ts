import * as vscode from 'vscode';
import { systemClock } from './clock';
import type { ServerHost } from './serverHost';

const SERVER_RUNNING_CONTEXT = 'rpcExplorer.serverRunning';

/** The server lifecycle's host in the extension: VS Code's events and windows, the system clock. */
export function vscodeServerHost(): ServerHost {
  return {
    clock: systemClock,
    onDidSaveFile: (listener) =>
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.scheme === 'file') listener(document.uri.fsPath);
      }),
    showError: (message) => void vscode.window.showErrorMessage(message),
    setServerRunning: (running) => void vscode.commands.executeCommand('setContext', SERVER_RUNNING_CONTEXT, running),
  };
}
