import * as vscode from 'vscode';
import type { CommandTable } from '../common/commandTable';
import { startServerArguments } from '../tasks/serverCommandArguments';
import type { EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import type { RequestOptions } from '../callOptions/requestOptions';
import type { ExclusiveRuns } from '../tasks/exclusiveRuns';
import { RPC_PYTHON_DEBUG_TYPE } from './debugTypes';
import type { DebugServers } from './debugServers';

export type { DebugServers } from './debugServers';

/** What the extension asks of Debug Server before its code has loaded. */
export interface DebugServerFeature {
  /** Stops a debugged server; false when none matches (and nothing is loaded for that). */
  stop(target?: { url?: string; file?: string }): Promise<boolean>;
  /** Debug Server's command (its code loads on the first run). */
  readonly commands: CommandTable;
  /** The running feature, loading it on first use. */
  readonly servers: DebugServers;
}

/**
 * Debug Server: the command, the debugpy adapter and the no-timeout rule for debugged endpoints are registered now;
 * DebugServers (a chunk, see esbuild.js) loads when the command first runs.
 */
export function registerDebugServer(
  context: vscode.ExtensionContext,
  deps: { registry: EndpointRegistry; reveal: RevealEndpoint; requestOptions: RequestOptions; runs: ExclusiveRuns },
): DebugServerFeature {
  let servers: DebugServers | undefined;
  const load = (): DebugServers => {
    if (!servers) {
      const { DebugServers } = require('./debugServers') as typeof import('./debugServers');
      servers = new DebugServers({ ...deps, stopTask: (file) => deps.runs.stopOthers('debug', file) });
      context.subscriptions.push(servers);
    }
    return servers;
  };
  context.subscriptions.push(
    deps.runs.register('debug', async (file) => (servers ? servers.stop({ file }) : false)),
    deps.requestOptions.withoutTimeoutFor((url) => servers?.isDebugged(url) ?? false),
    vscode.debug.registerDebugAdapterDescriptorFactory(RPC_PYTHON_DEBUG_TYPE, {
      // debugpy's adapter speaks DAP on stdio; the launch request's `python` is the interpreter that imports debugpy.
      createDebugAdapterDescriptor: (session) => {
        const python = typeof session.configuration.python === 'string' && session.configuration.python ? session.configuration.python : 'python3';
        return new vscode.DebugAdapterExecutable(python, ['-m', 'debugpy.adapter']);
      },
    }),
  );
  return {
    commands: {
      'rpcExplorer.debugServer': (file?: unknown, options?: unknown) => {
        const given = startServerArguments(file, options);
        return load().startInteractive(given.uri, given.options);
      },
    },
    stop: async (target) => (servers ? servers.stop(target) : false),
    get servers() {
      return load();
    },
  };
}
