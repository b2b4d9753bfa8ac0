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
import { Disposable } from '../common/lifecycle';
import { createServerLifecycle, settlesWithin, type RestartTarget as LifecycleRestartTarget, type ServerLifecycle, type ServerRestart, type StartServerResult } from '../servers';

export type { ServerRestart, StartServerResult } from '../servers';

/** How long a terminated task may take to report its end before a restart goes on without it. */
const TASK_END_GRACE_MS = 5000;

interface LocalServer extends StatusBarServer {
  readonly pty: ServerPseudoterminal;
  readonly definition: ServerTaskDefinition;
  /** When it was last ready. */
  readyAt?: number;
}

/** Builds the task that runs a definition again (a restart after a save). */
export type ServerTaskFactory = (definition: ServerTaskDefinition, folder: vscode.WorkspaceFolder | undefined, taskName: string) => vscode.Task;

/** A server that a save restarts: running, or stopped by an error of its own (a broken save) rather than by the user. */
interface RestartTarget extends LifecycleRestartTarget {
  readonly definition: ServerTaskDefinition;
  readonly folder: vscode.WorkspaceFolder | undefined;
  readonly taskName: string;
  /** The endpoint it was last ready at. */
  url?: string;
}

/**
 * The server tasks running now. Creates the pseudoterminal of each task run and turns its events into the
 * explorer's state: ready → the endpoint is added (local, with the methods its source registers), discovered and
 * revealed; exit → it shows stopped; removing the endpoint stops the server. Owns the status bar items and the
 * `rpcExplorer.serverRunning` context key.
 */
export class LocalServers extends Disposable {
  private readonly servers = new Set<LocalServer>();
  /** URLs of servers that stopped while their endpoint was removed (an Undo brings the endpoint back "running"). */
  private readonly stoppedWhileRemoved = new Set<string>();
  private readonly statusBar = this._register(new ServerStatusBar());
  private readonly lifecycle: ServerLifecycle<RestartTarget>;
  private readonly restartEmitter = this._register(new vscode.EventEmitter<ServerRestart>());
  /** A save restarted a server (or tried to): its phases, for the log and the restart benchmark. */
  readonly onDidRestartAfterSave = this.restartEmitter.event;

  constructor(
    private readonly registry: EndpointRegistry,
    reveal: RevealEndpoint,
    private readonly taskFor: ServerTaskFactory,
  ) {
    super();
    this.lifecycle = this._register(
      createServerLifecycle<RestartTarget>(registry, reveal, {
        enabled: (file) => settings.restartOnSave(file),
        restart: (target, savedAt) => this.restartAfterSave(target, savedAt),
      }),
    );
    this._registerAll(
      registry.onDidRemove((config) => this.endpointRemoved(config.url)),
      registry.onDidChange(() => this.reconcile()),
    );
  }

  private get restartTargets() {
    return this.lifecycle.restarts!;
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
  run(task: vscode.Task, file: string, phases?: { stoppedAt?: number }): Promise<StartServerResult> {
    return this.lifecycle.whileStarting(file, () => this.runTask(task, file, fileKey(file), phases));
  }

  private async runTask(task: vscode.Task, file: string, key: string, phases?: { stoppedAt?: number }): Promise<StartServerResult> {
    const stopped = await this.stopFile(file); // starting a running file again restarts it
    // The new server binds the same port: wait until the old one let go of it.
    if (stopped) await portReleased(this.restartTargets.get(key)?.url);
    if (phases) phases.stoppedAt = Date.now();
    const result = this.lifecycle.begin(file, settings.readyTimeoutSeconds(file) * 1000);
    try {
      await vscode.tasks.executeTask(task);
    } catch (error) {
      this.lifecycle.settle(file, { file, error: vscode.l10n.t('Cannot run the task for {0}: {1}', path.basename(file), (error as Error).message) });
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
    return this.lifecycle.whileStarting(file, async () => {
      const result = this.lifecycle.begin(file, settings.readyTimeoutSeconds(file) * 1000);
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
      return result;
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
    const ended = executions.map((execution) => {
      let listener: vscode.Disposable | undefined;
      const end = new Promise<void>((resolve) => (listener = vscode.tasks.onDidEndTask((e) => e.execution === execution && resolve())));
      return settlesWithin(this.lifecycle.host.clock, end, TASK_END_GRACE_MS).finally(() => listener?.dispose());
    });
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
    await this.lifecycle.publish({
      file: server.file,
      url: event.url,
      protocol: server.definition.protocol ?? scan?.protocol ?? 'auto',
      running: server.pty.state === 'ready',
      sourceMethods: methods,
      pid: server.pty.pid,
      elapsedMs: event.elapsedMs,
    });
  }

  /** A save restarts the server (RestartOnSave calls this once its quiet period passed): its phases go to the log and the event. */
  private async restartAfterSave(target: RestartTarget, savedAt: number): Promise<void> {
    const key = fileKey(target.file);
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
  }

  private failed(server: LocalServer, message: string): void {
    const notReady = server.pty.state === 'not-ready';
    const show = notReady ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(message, vscode.l10n.t('Show Terminal')).then((choice) => {
      if (choice) void showServerTerminal(server.taskName);
    });
    this.lifecycle.settle(server.file, { file: server.file, error: message, pid: server.pty.pid });
  }

  private exited(server: LocalServer): void {
    this.servers.delete(server);
    const key = fileKey(server.file);
    // Stopped by the user: a save no longer starts it. Ended by an error of its own: the save that fixes it does.
    if (server.pty.stopRequested && !this.lifecycle.isStarting(server.file)) this.restartTargets.forget(key);
    this.statusBar.remove(server);
    this.updateContext();
    if (server.url && !this.lifecycle.markStopped(server.url)) this.stoppedWhileRemoved.add(server.url);
    this.lifecycle.settle(server.file, { file: server.file, error: vscode.l10n.t('{0} stopped before it was ready', path.basename(server.file)) });
  }

  private endpointRemoved(url: string): void {
    this.restartTargets.forgetWhere((target) => target.url !== undefined && sameEndpointUrl(target.url, url));
    for (const server of this.servers) if (server.url && sameEndpointUrl(server.url, url)) void server.pty.stop();
  }

  private changed(server: LocalServer): void {
    this.statusBar.update(server);
    this.updateContext();
  }

  private updateContext(): void {
    this.lifecycle.host.setServerRunning(this.servers.size > 0);
  }

  override dispose(): void {
    for (const server of this.servers) void server.pty.stop();
    this.servers.clear();
    super.dispose();
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
