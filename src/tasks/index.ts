import * as vscode from 'vscode';
import type { EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import { LocalServers } from './localServers';
import { showServerTerminal, SHOW_SERVER_TERMINAL_COMMAND } from './serverStatusBar';
import { startServerCommand, stopServerCommand, START_SERVER_COMMAND, STOP_SERVER_COMMAND } from './serverCommands';
import { SERVER_TASK_TYPE } from './serverTaskDefinition';
import { ServerTaskProvider } from './serverTaskProvider';

export type { StartServerResult } from './localServers';

/** The server task feature: the `rpc-server` task provider, start/stop commands, status bar. Returns the running servers. */
export function registerServerTasks(context: vscode.ExtensionContext, registry: EndpointRegistry, reveal: RevealEndpoint): LocalServers {
  const servers = new LocalServers(registry, reveal);
  const provider = new ServerTaskProvider((definition, folder, name) => servers.createTerminal(definition, folder, name));
  context.subscriptions.push(
    servers,
    provider,
    vscode.tasks.registerTaskProvider(SERVER_TASK_TYPE, provider),
    vscode.commands.registerCommand(START_SERVER_COMMAND, (uri?: unknown, options?: unknown) => startServerCommand(provider, servers, uri, options)),
    vscode.commands.registerCommand(STOP_SERVER_COMMAND, (target?: unknown) => stopServerCommand(servers, target)),
    vscode.commands.registerCommand(SHOW_SERVER_TERMINAL_COMMAND, (taskName: string) => showServerTerminal(taskName)),
  );
  return servers;
}
