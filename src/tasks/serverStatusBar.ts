import * as path from 'node:path';
import * as vscode from 'vscode';

/** Internal command behind the status bar item (not in the palette): shows the terminal of a server task. */
export const SHOW_SERVER_TERMINAL_COMMAND = 'rpcExplorer.showServerTerminal';

export interface StatusBarServer {
  file: string;
  taskName: string;
  url?: string;
  starting: boolean;
}

/** One status bar item per server task: `$(loading~spin) server.py` while starting, `$(server-process) 8889` once it listens. */
export class ServerStatusBar implements vscode.Disposable {
  private readonly items = new Map<StatusBarServer, vscode.StatusBarItem>();
  private created = 0;

  update(server: StatusBarServer): void {
    let item = this.items.get(server);
    if (!item) {
      item = vscode.window.createStatusBarItem(`rpcExplorer.server.${this.created++}`, vscode.StatusBarAlignment.Left, 50);
      item.name = vscode.l10n.t('RPC Explorer: Local Server');
      this.items.set(server, item);
    }
    const base = path.basename(server.file);
    const port = server.url ? portOf(server.url) : undefined;
    item.text = server.starting || !server.url ? `$(loading~spin) ${base}` : `$(server-process) ${port ?? base}`;
    item.tooltip = server.starting
      ? vscode.l10n.t('Starting RPC server {0}… (click to show its terminal)', base)
      : vscode.l10n.t('RPC server {0} listening on {1} (click to show its terminal)', base, server.url ?? '');
    item.command = { title: vscode.l10n.t('Show Server Terminal'), command: SHOW_SERVER_TERMINAL_COMMAND, arguments: [server.taskName] };
    item.show();
  }

  remove(server: StatusBarServer): void {
    this.items.get(server)?.dispose();
    this.items.delete(server);
  }

  /** What a server's item shows now (none for a server not in the status bar). */
  textOf(server: StatusBarServer): string | undefined {
    return this.items.get(server)?.text;
  }

  dispose(): void {
    for (const item of this.items.values()) item.dispose();
    this.items.clear();
  }
}

function portOf(url: string): string | undefined {
  try {
    return new URL(url).port || undefined;
  } catch {
    return undefined;
  }
}

/** Shows the task's terminal: task terminals carry the task's name; otherwise the running-tasks picker. */
export async function showServerTerminal(taskName: string): Promise<void> {
  const terminal = vscode.window.terminals.find((t) => t.name === taskName || t.name.includes(taskName));
  if (terminal) terminal.show(false);
  else await vscode.commands.executeCommand('workbench.action.tasks.showTasks');
}
