import * as path from 'node:path';
import * as vscode from 'vscode';
import { scanServerSource } from '../sourceModel';
import {
  createServerTask,
  definitionPath,
  isServerTaskDefinition,
  resolveDefinitionPath,
  SERVER_TASK_TYPE,
  serverTaskName,
  type ServerTaskDefinition,
  type ServerTaskOptions,
} from './serverTaskDefinition';
import { SERVER_FILES, serverFileCandidates } from './serverFileSearch';

export type TerminalFactory = (
  definition: ServerTaskDefinition,
  folder: vscode.WorkspaceFolder | undefined,
  taskName: string,
) => vscode.Pseudoterminal;

/**
 * Tasks of type `rpc-server` (shaped like vscode-extension-samples' task-provider-sample): "Start RPC server:
 * <file>" for every workspace file that looks like a server, cached until a server file changes; and the
 * tasks.json entries of this type, resolved with the same definition object.
 */
export class ServerTaskProvider implements vscode.TaskProvider, vscode.Disposable {
  private provided?: Promise<vscode.Task[]>;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(SERVER_FILES);

  constructor(private readonly createTerminal: TerminalFactory) {
    const invalidate = () => (this.provided = undefined);
    this.watcher.onDidChange(invalidate);
    this.watcher.onDidCreate(invalidate);
    this.watcher.onDidDelete(invalidate);
  }

  provideTasks(): Promise<vscode.Task[]> | vscode.Task[] {
    if (!vscode.workspace.isTrusted) return []; // running a file is running code
    if (!this.provided) {
      const provided = this.findServerTasks();
      this.provided = provided;
      // An early call (activation with the window) may come before the workspace search answers: none found is not kept.
      void provided.then((tasks) => tasks.length === 0 && this.provided === provided && (this.provided = undefined));
    }
    return this.provided;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition;
    if (!isServerTaskDefinition(definition)) return undefined;
    // The definition object must be the one from tasks.json, so VS Code matches the resolved task to the entry.
    const folder = typeof task.scope === 'object' ? task.scope : undefined;
    return this.build(definition, task.scope ?? vscode.TaskScope.Workspace, task.name || serverTaskName(resolveDefinitionPath(definition.file, folder), folder));
  }

  /** The task `rpcExplorer.startServer` runs for a file. */
  taskForFile(file: string, options: ServerTaskOptions): vscode.Task {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    const definition: ServerTaskDefinition = { ...options, type: SERVER_TASK_TYPE, file: definitionPath(file, folder) };
    return this.build(definition, folder ?? vscode.TaskScope.Workspace, serverTaskName(file, folder));
  }

  /** A runnable task for a definition (the one a running server was started with, to restart it). */
  build(definition: ServerTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string): vscode.Task {
    const folder = typeof scope === 'object' ? scope : undefined;
    const execution = new vscode.CustomExecution(async (resolved) =>
      this.createTerminal(isServerTaskDefinition(resolved) ? resolved : definition, folder, name),
    );
    return createServerTask(definition, scope, name, execution);
  }

  private async findServerTasks(): Promise<vscode.Task[]> {
    const tasks: vscode.Task[] = [];
    for (const { uri, folder, text } of await serverFileCandidates()) {
      try {
        const scan = await scanServerSource(text, uri.fsPath);
        if (!scan?.isServer) continue;
        const definition: ServerTaskDefinition = { type: SERVER_TASK_TYPE, file: definitionPath(uri.fsPath, folder) };
        const task = this.build(definition, folder, serverTaskName(uri.fsPath, folder));
        const protocol = scan.protocol ?? 'RPC';
        const kind = scan.port !== undefined ? vscode.l10n.t('{0} server on port {1}', protocol, scan.port) : vscode.l10n.t('{0} server', protocol);
        const methods = scan.functions.length ? ` · ${scan.functions.map((m) => m.name).slice(0, 5).join(', ')}${scan.functions.length > 5 ? ', …' : ''}` : '';
        task.detail = `${kind}${methods} (${path.basename(uri.fsPath)})`;
        tasks.push(task);
      } catch {
        // a file the scanner cannot read: not offered
      }
    }
    return tasks;
  }

  dispose(): void {
    this.watcher.dispose();
  }
}
