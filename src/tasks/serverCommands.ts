import * as path from 'node:path';
import * as vscode from 'vscode';
import { sourceLanguageOf } from '../sourceModel';
import type { LocalServers, StartServerResult } from './localServers';
import { checkStart } from '../servers/startChecks';
import type { ServerTaskOptions } from './serverTaskDefinition';
import type { ServerTaskProvider } from './serverTaskProvider';

/**
 * Start Server / Stop Server. `start` and `stop` are the typed operations (the API's); `startInteractive` and
 * `stopInteractive` are what the palette, the editor title and the tree run: they fill in the active editor or ask,
 * and explain a refusal in a message.
 */
export class ServerCommands {
  constructor(
    private readonly provider: ServerTaskProvider,
    private readonly servers: LocalServers,
    /** Ends the debug session of a file (Debug Server), if one runs: the task takes its port. */
    private readonly stopDebugged: (file: string) => Promise<boolean>,
  ) {}

  /**
   * Runs the `rpc-server` task of a file and resolves once its endpoint is in the tree (or with why it is not).
   * Options are task properties (env, args, url, protocol…). Refused in an untrusted workspace: a server runs the
   * workspace's code.
   */
  async start(file: string, options: ServerTaskOptions = {}): Promise<StartServerResult> {
    const checked = await checkStart(file, (absolute) => !!sourceLanguageOf(absolute) || !!options.runtime, {
      untrusted: vscode.l10n.t('RPC Explorer: starting a server runs code from this workspace, so it needs a trusted workspace.'),
      unsupported: (name) =>
        vscode.l10n.t('RPC Explorer: cannot start {0}: server tasks run Python (.py), JavaScript (.js, .mjs, .cjs) and TypeScript (.ts) files.', name),
    });
    if ('refused' in checked) return checked.refused;
    const absolute = checked.file;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Starting {0}', path.basename(absolute)) }, async () => {
      await this.stopDebugged(absolute);
      return this.servers.run(this.provider.taskForFile(absolute, options), absolute);
    });
  }

  /** The file given (editor title, context menu) or the active editor's; undefined when there is none to start. */
  async startInteractive(uri = vscode.window.activeTextEditor?.document.uri, options: ServerTaskOptions = {}): Promise<StartServerResult | undefined> {
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: open the server file (Python, JavaScript or TypeScript) to start it.'));
      return undefined;
    }
    if (uri.scheme === 'untitled') {
      void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: save the file first, then start it as a server.'));
      return undefined;
    }
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(vscode.l10n.t('RPC Explorer: {0} is not a file on disk; server tasks run local files.', path.basename(uri.path)));
      return undefined;
    }
    return this.start(uri.fsPath, options);
  }

  /** Stops the server of an endpoint URL or a file; with neither, the only one running (or a pick among them). */
  stop(target?: { url?: string; file?: string }): Promise<boolean> {
    return this.servers.stop(target);
  }

  /** The tree's Stop (an endpoint) or the palette's (the running one, or a pick). */
  async stopInteractive(target?: { url?: string; file?: string }): Promise<boolean> {
    if (!target && this.servers.list().length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: no server task is running.'));
      return false;
    }
    return this.servers.stop(target);
  }
}
