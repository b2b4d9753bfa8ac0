import * as vscode from 'vscode';
import { startServerArguments } from '../api/commandArguments';
import type { RequestOptions } from '../requests/requestOptions';
import { RPC_PYTHON_DEBUG_TYPE } from './debugConfiguration';
import { DebugServers, type DebugServerDeps } from './debugServers';

export { DebugServers } from './debugServers';

/**
 * Debug Server: the `rpcExplorer.debugServer` command, the `rpc-python` debug type (debugpy's own adapter, for when
 * the Python Debugger extension is not installed), and no timeout for calls to a debugged endpoint.
 */
export function registerDebugServer(context: vscode.ExtensionContext, deps: DebugServerDeps & { requestOptions: RequestOptions }): DebugServers {
  const servers = new DebugServers(deps);
  context.subscriptions.push(
    servers,
    deps.requestOptions.withoutTimeoutFor((url) => servers.isDebugged(url)),
    vscode.debug.registerDebugAdapterDescriptorFactory(RPC_PYTHON_DEBUG_TYPE, {
      // debugpy's adapter speaks DAP on stdio; the launch request's `python` is the interpreter that imports debugpy.
      createDebugAdapterDescriptor: (session) => {
        const python = typeof session.configuration.python === 'string' && session.configuration.python ? session.configuration.python : 'python3';
        return new vscode.DebugAdapterExecutable(python, ['-m', 'debugpy.adapter']);
      },
    }),
    vscode.commands.registerCommand('rpcExplorer.debugServer', (file?: unknown, options?: unknown) => {
      const given = startServerArguments(file, options);
      return servers.startInteractive(given.uri, given.options);
    }),
  );
  return servers;
}
