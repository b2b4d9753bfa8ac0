import * as vscode from 'vscode';
import type { EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import { LocalServers } from './localServers';
import { ServerCommands } from './serverCommands';
import { showServerTerminal, SHOW_SERVER_TERMINAL_COMMAND } from './serverStatusBar';
import { SERVER_TASK_TYPE } from './serverTaskDefinition';
import { ServerTaskProvider } from './serverTaskProvider';

export type { StartServerResult } from './localServers';
export type { ServerCommands } from './serverCommands';
export { serverTaskOptionsFrom, type ServerTaskOptions } from './serverTaskDefinition';

/**
 * The server task feature: the `rpc-server` task provider, the status bar, and the start/stop operations the
 * extension's commands and API run. Returns the running servers and those operations.
 */
export function registerServerTasks(
  context: vscode.ExtensionContext,
  registry: EndpointRegistry,
  reveal: RevealEndpoint,
  stopDebugged: (file: string) => Promise<boolean>,
): { servers: LocalServers; commands: ServerCommands } {
  const servers: LocalServers = new LocalServers(registry, reveal, (definition, folder, name) => provider.build(definition, folder ?? vscode.TaskScope.Workspace, name));
  const provider: ServerTaskProvider = new ServerTaskProvider((definition, folder, name) => servers.createTerminal(definition, folder, name));
  context.subscriptions.push(
    servers,
    provider,
    vscode.tasks.registerTaskProvider(SERVER_TASK_TYPE, provider),
    vscode.commands.registerCommand(SHOW_SERVER_TERMINAL_COMMAND, (taskName: string) => showServerTerminal(taskName)),
  );
  return { servers, commands: new ServerCommands(provider, servers, stopDebugged) };
}
