import * as vscode from 'vscode';
import type { EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import type { ExclusiveRuns } from './exclusiveRuns';
import { LocalServers } from './localServers';
import { ServerCommands } from './serverCommands';
import { ServerTaskProvider } from './serverTaskProvider';

export type { StartServerResult } from './localServers';
export type { ServerCommands } from './serverCommands';
export { showServerTerminal } from './serverStatusBar';
export { serverTaskOptionsFrom, type ServerTaskOptions } from './serverTaskDefinition';

export interface ServerTasks extends vscode.Disposable {
  servers: LocalServers;
  provider: ServerTaskProvider;
  commands: ServerCommands;
}

/**
 * The server task feature, a chunk loaded on first use (see esbuild.js): the running servers, the `rpc-server`
 * task provider (registered by the extension, which forwards to it), the status bar, and the start/stop operations
 * the extension's commands and API run.
 */
export function createServerTasks(registry: EndpointRegistry, reveal: RevealEndpoint, runs: ExclusiveRuns): ServerTasks {
  const servers: LocalServers = new LocalServers(registry, reveal, (definition, folder, name) => provider.build(definition, folder ?? vscode.TaskScope.Workspace, name));
  const provider: ServerTaskProvider = new ServerTaskProvider((definition, folder, name) => servers.createTerminal(definition, folder, name));
  const registered = runs.register('task', (file) => servers.stop({ file }));
  return {
    servers,
    provider,
    commands: new ServerCommands(provider, servers, (file) => runs.stopOthers('task', file)),
    dispose: () => {
      registered.dispose();
      servers.dispose();
      provider.dispose();
    },
  };
}
