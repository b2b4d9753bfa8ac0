import * as vscode from 'vscode';
import { stopServerTarget, targetOf } from '../common/commandArguments';
import { startServerArguments } from './serverCommandArguments';
import type { CommandTable } from '../common/commandTable';
import type { EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import type { ExclusiveRuns } from './exclusiveRuns';
import type { ServerTasks } from './index';
import { serverFileCandidates } from './serverFileSearch';
import { SHOW_SERVER_TERMINAL_COMMAND } from './serverStatusBar';
import { SERVER_TASK_TYPE } from './serverTaskDefinition';

const tasksModule = () => require('./index') as typeof import('./index');

/** What the server commands need besides the tasks: Debug Server's stop, and Call Again after a start. */
export interface ServerCommandDeps {
  debugServers: { stop(target?: { url?: string; file?: string }): Promise<boolean> };
  calls: { requestOf(callId: number): { endpointUrl: string } | undefined; again(callId: number): Promise<unknown> };
}

/** The server tasks, loaded on first use, and their commands. */
export interface ServerTasksOnUse {
  /** The feature, loading it. */
  get(): ServerTasks;
  /** The feature if it has loaded (asking loads nothing). */
  loaded(): ServerTasks | undefined;
  /** Start / Stop Server; Start and Debug Server on a local endpoint; "Start and Call" after a call failed on one. */
  commands(deps: ServerCommandDeps): CommandTable;
}

/**
 * Server tasks: the `rpc-server` task provider (registered now), Start/Stop Server and the status bar, loaded (a
 * chunk, see esbuild.js) when a task is asked for or a server starts.
 */
export function serverTasksOnUse(context: vscode.ExtensionContext, registry: EndpointRegistry, reveal: RevealEndpoint, runs: ExclusiveRuns): ServerTasksOnUse {
  let tasks: ServerTasks | undefined;
  const get = (): ServerTasks => {
    if (!tasks) context.subscriptions.push((tasks = tasksModule().createServerTasks(registry, reveal, runs)));
    return tasks;
  };
  context.subscriptions.push(
    vscode.tasks.registerTaskProvider(SERVER_TASK_TYPE, {
      // VS Code asks early, in every window: a workspace without a server file loads nothing for it.
      provideTasks: async () => {
        if (!tasks && (!vscode.workspace.isTrusted || (await serverFileCandidates()).length === 0)) return [];
        return get().provider.provideTasks();
      },
      resolveTask: (task) => get().provider.resolveTask(task),
    }),
  );
  /** A stopped local endpoint's own server file. */
  const localServerFile = (target: unknown): vscode.Uri | undefined => {
    const url = targetOf(target)?.url;
    const local = url ? registry.get(url)?.config.local : undefined;
    return local ? vscode.Uri.file(local.file) : undefined;
  };
  return {
    get,
    loaded: () => tasks,
    commands: (deps) => ({
      [SHOW_SERVER_TERMINAL_COMMAND]: (taskName: string) => tasksModule().showServerTerminal(taskName),
      'rpcExplorer.startServer': (file?: unknown, options?: unknown) => {
        const given = startServerArguments(file, options);
        return get().commands.startInteractive(given.uri, given.options);
      },
      'rpcExplorer.stopServer': async (target?: unknown) =>
        (await deps.debugServers.stop(stopServerTarget(target))) || get().commands.stopInteractive(stopServerTarget(target)),
      'rpcExplorer.startEndpointServer': (target?: unknown) => {
        const uri = localServerFile(target);
        return uri ? get().commands.startInteractive(uri) : undefined;
      },
      'rpcExplorer.debugEndpointServer': (target?: unknown) => {
        const uri = localServerFile(target);
        return uri ? vscode.commands.executeCommand('rpcExplorer.debugServer', uri) : undefined;
      },
      'rpcExplorer.startServerAndCall': async (callId?: unknown) => {
        const request = typeof callId === 'number' ? deps.calls.requestOf(callId) : undefined;
        const uri = request && localServerFile(request.endpointUrl);
        if (!request || !uri) return undefined;
        const started = await get().commands.startInteractive(uri);
        return started && !started.error ? deps.calls.again(callId as number) : undefined;
      },
    }),
  };
}
