import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { scanServerSource, sourceMethods } from '../sourceModel';
import type { EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import { sameEndpointUrl } from '../endpoints/endpointUrl';
import { portReleased } from './portProbe';
import { pythonCandidates } from './pythonInterpreter';
import { localImportsOf } from './serverImports';
import { ServerStatusBar, showServerTerminal, type StatusBarServer } from './serverStatusBar';
import { resolveServerRuntime } from './serverRuntime';
import { resolveDefinitionPath, SERVER_TASK_TYPE, type ServerTaskDefinition } from './serverTaskDefinition';
import { ServerPseudoterminal, type ServerReady } from './serverTerminal';
import * as settings from '../settings';
import { fileKey } from '../sourceModel/filePaths';

const SERVER_RUNNING_CONTEXT = 'rpcExplorer.serverRunning';

/** What `rpcExplorer.startServer` resolves to: the endpoint once explored, or why there is none. */
export interface StartServerResult {
  file: string;
  url?: string;
  /** From the command to the filled tree (ready, added, discovered, revealed). */
  elapsedMs?: number;
  error?: string;
  /** The server process. */
  pid?: number;
}

interface LocalServer extends StatusBarServer {
  readonly pty: ServerPseudoterminal;
  readonly definition: ServerTaskDefinition;
  /** When it was last ready. */
  readyAt?: number;
}

/** Builds the task that runs a definition again (a restart after a save). */
export type ServerTaskFactory = (definition: ServerTaskDefinition, folder: vscode.WorkspaceFolder | undefined, taskName: string) => vscode.Task;

/** A server that a save restarts: running, or stopped by an error of its own (a broken save) rather than by the user. */
interface RestartTarget {
  readonly file: string;
  readonly definition: ServerTaskDefinition;
  readonly folder: vscode.WorkspaceFolder | undefined;
  readonly taskName: string;
  /** File keys of the server file and the workspace modules it imports. */
  watched: Set<string>;
  /** The endpoint it was last ready at. */
  url?: string;
}

/** One restart after a save, from the save to the refreshed tree, by phase (ms). */
export interface ServerRestart {
  file: string;
  url?: string;
  /** The new server process. */
  pid?: number;
  /** Why it is not running again (a broken save: its problem is in the Problems view). */
  error?: string;
  /** Save → tree refreshed (or → failure). */
  totalMs: number;
  /** Save → the old process tree gone, its task ended and its port closed. */
  stopMs: number;
  /** executeTask → VS Code opening the task's terminal: the task system's own time (about 0 when the server restarts in its own terminal). */
  taskStartMs?: number;
  /** Terminal open → ready (reading the source, resolving the runtime, the server's start-up). */
  readyMs?: number;
  /** Ready → endpoint discovered and the tree revealed. */
  treeMs?: number;
}

/** Saves this close together (Save All, format-on-save) are one restart. */
const SAVE_SETTLE_MS = 150;

/**
 * The server tasks running now. Creates the pseudoterminal of each task run and turns its events into the
 * explorer's state: ready → the endpoint is added (local, with the methods its source registers), discovered and
 * revealed; exit → it shows stopped; removing the endpoint stops the server. Owns the status bar items and the
 * `rpcExplorer.serverRunning` context key.
 */
export class LocalServers implements vscode.Disposable {
  private readonly servers = new Set<LocalServer>();
  /** URLs of servers that stopped while their endpoint was removed (an Undo brings the endpoint back "running"). */
  private readonly stoppedWhileRemoved = new Set<string>();
  private readonly waiting = new Map<string, { startedAt: number; settle: (result: StartServerResult) => void }>();
  private readonly statusBar = new ServerStatusBar();
  /** By file key. */
  private readonly restartTargets = new Map<string, RestartTarget>();
  /** File keys that `run` is (re)starting now. */
  private readonly starting = new Set<string>();
  /** File keys with a save-restart under way, and whether another save came during it. */
  private readonly saveRestarts = new Map<string, { again: boolean }>();
  private readonly pendingSaves = new Map<string, NodeJS.Timeout>();
  private readonly restartEmitter = new vscode.EventEmitter<ServerRestart>();
  /** A save restarted a server (or tried to): its phases, for the log and the restart benchmark. */
  readonly onDidRestartAfterSave = this.restartEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.statusBar, this.restartEmitter];

  constructor(
    private readonly registry: EndpointRegistry,
    private readonly reveal: RevealEndpoint,
    private readonly taskFor: ServerTaskFactory,
  ) {
    this.disposables.push(
      registry.onDidRemove((config) => this.endpointRemoved(config.url)),
      registry.onDidChange(() => this.reconcile()),
      vscode.workspace.onDidSaveTextDocument((document) => this.saved(document)),
    );
  }

  /**
   * A local endpoint marked running whose server is not ours to run (it was removed, the server stopped, and the
   * removal was undone) shows stopped: the tree never offers Stop for a server that is gone.
   */
  private reconcile(): void {
    if (this.stoppedWhileRemoved.size === 0) return;
    for (const endpoint of this.registry.list()) {
      const { url, local } = endpoint.config;
      const gone = [...this.stoppedWhileRemoved].find((u) => sameEndpointUrl(u, url));
      if (!gone) continue;
      this.stoppedWhileRemoved.delete(gone);
      if (local?.running && ![...this.servers].some((s) => s.url && sameEndpointUrl(s.url, url))) this.registry.setLocalRunning(url, false);
    }
  }

  /** The CustomExecution callback of every `rpc-server` task. */
  createTerminal(definition: ServerTaskDefinition, folder: vscode.WorkspaceFolder | undefined, taskName: string): ServerPseudoterminal {
    const file = resolveDefinitionPath(definition.file, folder);
    const cwd = definition.cwd ? resolveDefinitionPath(definition.cwd, folder) : path.dirname(file);
    const seconds = settings.readyTimeoutSeconds(file);
    const pty = new ServerPseudoterminal({
      definition,
      file,
      cwd,
      taskName,
      readyTimeoutMs: Math.max(1, Number(seconds) || 20) * 1000,
      resolveRuntime: async () =>
        resolveServerRuntime({
          file,
          runtime: definition.runtime,
          pythonCandidates: await pythonCandidates(vscode.Uri.file(file)),
          projectRoot: folder?.uri.fsPath,
          cwd,
        }),
    });
    const server: LocalServer = { file, taskName, starting: true, pty, definition };
    this.servers.add(server);
    const key = fileKey(file);
    const target: RestartTarget = { file, definition, folder, taskName, watched: new Set([key]), url: this.restartTargets.get(key)?.url };
    this.restartTargets.set(key, target);
    watchImports(target);
    this.changed(server);
    pty.onDidBecomeReady((event) => void this.ready(server, event));
    pty.onDidFail((message) => this.failed(server, message));
    pty.onDidExit(() => this.exited(server));
    return pty;
  }

  /** Runs a server task and resolves once its endpoint is in the tree (or with the reason it is not). */
  async run(task: vscode.Task, file: string, phases?: { stoppedAt?: number }): Promise<StartServerResult> {
    const key = fileKey(file);
    this.starting.add(key);
    try {
      return await this.runTask(task, file, key, phases);
    } finally {
      this.starting.delete(key);
    }
  }

  private async runTask(task: vscode.Task, file: string, key: string, phases?: { stoppedAt?: number }): Promise<StartServerResult> {
    const stopped = await this.stopFile(file); // starting a running file again restarts it
    // The new server binds the same port: wait until the old one let go of it.
    if (stopped) await portReleased(this.restartTargets.get(key)?.url);
    if (phases) phases.stoppedAt = Date.now();
    const result = this.startResult(file, key);
    try {
      await vscode.tasks.executeTask(task);
    } catch (error) {
      this.settle(file, { file, error: vscode.l10n.t('Cannot run the task for {0}: {1}', path.basename(file), (error as Error).message) });
    }
    return result;
  }

  /**
   * A save restarts the running server in its own terminal: no new task, no new terminal. Undefined when no
   * server of the file can be restarted there (it is not up, or it is stopping): a new task runs instead.
   */
  private async restartInPlace(file: string, phases: { stoppedAt?: number }): Promise<StartServerResult | undefined> {
    const key = fileKey(file);
    const server = [...this.servers].find((s) => fileKey(s.file) === key && s.pty.restartable);
    if (!server) return undefined;
    this.starting.add(key);
    try {
      const result = this.startResult(file, key);
      server.starting = true;
      this.changed(server);
      const previousUrl = server.url;
      await server.pty.restart(async () => {
        await portReleased(previousUrl);
        phases.stoppedAt = Date.now();
      });
      // The save may have changed what the file imports: watch those modules from now on.
      const target = this.restartTargets.get(key);
      if (target) watchImports(target);
      return await result;
    } finally {
      this.starting.delete(key);
    }
  }

  /** What this start of the file resolves to: its ready endpoint, or why there is none (a start before it gives way). */
  private startResult(file: string, key: string): Promise<StartServerResult> {
    const startedAt = Date.now();
    const seconds = settings.readyTimeoutSeconds(file);
    return new Promise<StartServerResult>((resolve) => {
      this.waiting.get(key)?.settle({ file, error: vscode.l10n.t('superseded by a new start') });
      const safety = setTimeout(() => settle({ file, error: vscode.l10n.t('{0} did not start', path.basename(file)) }), (seconds + 30) * 1000);
      const settle = (value: StartServerResult) => {
        clearTimeout(safety);
        if (this.waiting.get(key)?.settle === settle) this.waiting.delete(key);
        resolve(value);
      };
      this.waiting.set(key, { startedAt, settle });
    });
  }

  /** Stops the server of an endpoint URL or a file; with neither, the only one (or a pick among them). */
  async stop(target?: { url?: string; file?: string }): Promise<boolean> {
    let candidates = [...this.servers];
    if (target?.url) candidates = candidates.filter((s) => s.url && sameEndpointUrl(s.url, target.url!));
    if (target?.file) candidates = candidates.filter((s) => fileKey(s.file) === fileKey(target.file!));
    let server = candidates.length === 1 ? candidates[0] : undefined;
    if (!server && candidates.length > 1) {
      const picked = await vscode.window.showQuickPick(
        candidates.map((s) => ({ label: path.basename(s.file), description: s.url ?? vscode.l10n.t('starting…'), detail: s.file, server: s })),
        { placeHolder: vscode.l10n.t('Stop which RPC server?') },
      );
      server = picked?.server;
    }
    if (!server) return false;
    await server.pty.stop();
    return true;
  }

  list(): readonly StatusBarServer[] {
    return [...this.servers];
  }

  /** What a server's status bar item shows now. */
  statusTextOf(server: StatusBarServer): string | undefined {
    return this.statusBar.textOf(server);
  }

  /** Stops the file's server and ends its task; false when none was running. */
  private async stopFile(file: string): Promise<boolean> {
    const running = [...this.servers].filter((s) => fileKey(s.file) === fileKey(file));
    const executions = vscode.tasks.taskExecutions.filter(
      (e) =>
        e.task.definition.type === SERVER_TASK_TYPE &&
        typeof e.task.definition.file === 'string' &&
        fileKey(resolveDefinitionPath(e.task.definition.file, typeof e.task.scope === 'object' ? e.task.scope : undefined)) === fileKey(file),
    );
    if (running.length === 0 && executions.length === 0) return false;
    const ended = executions.map(
      (execution) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => done(), 5000);
          const listener = vscode.tasks.onDidEndTask((e) => e.execution === execution && done());
          const done = () => {
            clearTimeout(timer);
            listener.dispose();
            resolve();
          };
        }),
    );
    await Promise.all(running.map((s) => s.pty.stop()));
    for (const execution of executions) execution.terminate();
    await Promise.all(ended);
    return true;
  }

  private async ready(server: LocalServer, event: ServerReady): Promise<void> {
    const previousUrl = server.url;
    server.url = event.url;
    server.readyAt = Date.now();
    const target = this.restartTargets.get(fileKey(server.file));
    if (target) target.url = event.url;
    server.starting = false;
    this.changed(server);
    if (previousUrl && !sameEndpointUrl(previousUrl, event.url)) this.registry.setLocalRunning(previousUrl, false);
    // After a restart the file may have changed: read its methods again.
    const scan = event.restart ? await rescan(server.file) : server.pty.scan;
    const methods = scan?.functions.length ? sourceMethods(scan) : undefined;
    for (const url of this.stoppedWhileRemoved) if (sameEndpointUrl(url, event.url)) this.stoppedWhileRemoved.delete(url);
    try {
      await this.registry.add({
        url: event.url,
        protocol: server.definition.protocol ?? scan?.protocol ?? 'auto',
        local: { file: server.file, running: server.pty.state === 'ready', ...(methods ? { sourceMethods: methods } : {}) },
      });
      await this.reveal(event.url);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('RPC Explorer: could not add {0}: {1}', event.url, (error as Error).message));
    }
    const waiting = this.waiting.get(fileKey(server.file));
    this.settle(server.file, {
      file: server.file,
      url: event.url,
      elapsedMs: waiting ? Date.now() - waiting.startedAt : event.elapsedMs,
      pid: server.pty.pid,
    });
  }

  /** The server this save restarts, if any: its file or a module it imports, with rpcExplorer.server.restartOnSave on. */
  private saved(document: vscode.TextDocument): void {
    if (document.uri.scheme !== 'file') return;
    const savedAt = Date.now();
    const key = fileKey(document.uri.fsPath);
    for (const target of this.restartTargets.values()) {
      if (!target.watched.has(key)) continue;
      if (!settings.restartOnSave(target.file)) continue;
      const targetKey = fileKey(target.file);
      clearTimeout(this.pendingSaves.get(targetKey));
      this.pendingSaves.set(
        targetKey,
        setTimeout(() => {
          this.pendingSaves.delete(targetKey);
          const underway = this.saveRestarts.get(targetKey);
          if (underway) underway.again = true;
          // Start Server saves the file before it runs it: that start already runs what was saved.
          else if (!this.starting.has(targetKey)) void this.restartAfterSave(target, savedAt);
        }, SAVE_SETTLE_MS),
      );
    }
  }

  private async restartAfterSave(target: RestartTarget, savedAt: number): Promise<void> {
    const key = fileKey(target.file);
    const state = { again: false };
    this.saveRestarts.set(key, state);
    try {
      const phases: { stoppedAt?: number } = {};
      const result =
        (await this.restartInPlace(target.file, phases)) ?? (await this.run(this.taskFor(target.definition, target.folder, target.taskName), target.file, phases));
      const doneAt = Date.now();
      const server = [...this.servers].find((s) => fileKey(s.file) === key);
      const openedAt = server?.pty.openedAt || undefined;
      const readyAt = server?.readyAt;
      const stoppedAt = phases.stoppedAt ?? savedAt;
      const restart: ServerRestart = {
        file: target.file,
        url: result.url ?? target.url,
        pid: result.pid,
        error: result.error,
        totalMs: doneAt - savedAt,
        stopMs: stoppedAt - savedAt,
        taskStartMs: openedAt ? openedAt - stoppedAt : undefined,
        readyMs: openedAt && readyAt ? readyAt - openedAt : undefined,
        treeMs: readyAt && !result.error ? doneAt - readyAt : undefined,
      };
      if (!result.error) {
        server?.pty.note(
          vscode.l10n.t(
            'restarted after a save in {0} ms (stop {1}, task start {2}, ready {3}, tree {4})',
            restart.totalMs,
            restart.stopMs,
            restart.taskStartMs ?? '?',
            restart.readyMs ?? '?',
            restart.treeMs ?? '?',
          ),
        );
      }
      this.restartEmitter.fire(restart);
    } finally {
      this.saveRestarts.delete(key);
    }
    const next = this.restartTargets.get(key);
    if (state.again && next) await this.restartAfterSave(next, Date.now());
  }

  private failed(server: LocalServer, message: string): void {
    const notReady = server.pty.state === 'not-ready';
    const show = notReady ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(message, vscode.l10n.t('Show Terminal')).then((choice) => {
      if (choice) void showServerTerminal(server.taskName);
    });
    this.settle(server.file, { file: server.file, error: message, pid: server.pty.pid });
  }

  private exited(server: LocalServer): void {
    this.servers.delete(server);
    const key = fileKey(server.file);
    // Stopped by the user: a save no longer starts it. Ended by an error of its own: the save that fixes it does.
    if (server.pty.stopRequested && !this.starting.has(key)) this.restartTargets.delete(key);
    this.statusBar.remove(server);
    this.updateContext();
    if (server.url) {
      if (this.registry.get(server.url)) this.registry.setLocalRunning(server.url, false);
      else this.stoppedWhileRemoved.add(server.url);
    }
    this.settle(server.file, { file: server.file, error: vscode.l10n.t('{0} stopped before it was ready', path.basename(server.file)) });
  }

  private endpointRemoved(url: string): void {
    for (const [key, target] of this.restartTargets) if (target.url && sameEndpointUrl(target.url, url)) this.restartTargets.delete(key);
    for (const server of this.servers) if (server.url && sameEndpointUrl(server.url, url)) void server.pty.stop();
  }

  private settle(file: string, result: StartServerResult): void {
    this.waiting.get(fileKey(file))?.settle(result);
  }

  private changed(server: LocalServer): void {
    this.statusBar.update(server);
    this.updateContext();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', SERVER_RUNNING_CONTEXT, this.servers.size > 0);
  }

  dispose(): void {
    for (const server of this.servers) void server.pty.stop();
    this.servers.clear();
    this.restartTargets.clear();
    for (const timer of this.pendingSaves.values()) clearTimeout(timer);
    for (const waiting of this.waiting.values()) waiting.settle({ file: '', error: vscode.l10n.t('RPC Explorer was deactivated') });
    for (const d of this.disposables) d.dispose();
  }
}

async function rescan(file: string) {
  try {
    return await scanServerSource(await readFile(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}

/** A save of the server file or of a workspace module it imports restarts it. */
function watchImports(target: RestartTarget): void {
  const key = fileKey(target.file);
  void localImportsOf(target.file).then((imports) => (target.watched = new Set([key, ...imports.map(fileKey)])));
}
