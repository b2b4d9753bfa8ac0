import * as vscode from 'vscode';
import { AddEndpointCommand } from './calls/addEndpointCommand';
import { CallHistory } from './calls/callHistory';
import { CallHistoryCommand } from './calls/callHistoryCommand';
import { CallMethodCommand } from './calls/callMethodCommand';
import { CallRunner } from './calls/callRunner';
import { RequestHeaders } from './calls/requestHeaders';
import { RequestOptions } from './calls/requestOptions';
import { watchSecretHeadersInSettings } from './calls/secretHeaderGuard';
import { SetHeaderCommand } from './calls/setHeaderCommand';
import { WireLog } from './calls/wireLog';
import { endpointDiscoverer } from './explorer/endpointDiscoverer';
import { METHODS_VIEW_ID, WorkspaceEndpointRegistry } from './explorer/endpointRegistry';
import type { EndpointRegistry } from './explorer/endpointTypes';
import { ExplorerCommands } from './explorer/explorerCommands';
import { ACTIVATE_METHOD_COMMAND, MethodTreeProvider, type ExplorerNode } from './explorer/methodTree';
import { SettingsEndpoints } from './explorer/settingsEndpoints';
import { registerServerTasks } from './tasks';
import type { LocalServers } from './tasks/localServers';
import { ResultPanel } from './views/resultPanel';

/** What activate() returns: for tests, the server task feature and other extensions. */
export interface RpcExplorerApi {
  registry: EndpointRegistry;
  /** The same registry with the explorer's extras (restore, knownProtocol, per-endpoint events). */
  workspaceRegistry: WorkspaceEndpointRegistry;
  tree: MethodTreeProvider;
  treeView: vscode.TreeView<ExplorerNode>;
  resultPanel: ResultPanel;
  history: CallHistory;
  log: vscode.LogOutputChannel;
  /** Cancels a running call, as the panel's Cancel button does. */
  cancelCall(callId: number): void;
  /** Request headers per endpoint (settings and SecretStorage). */
  requestHeaders: RequestHeaders;
  /** The workspace state the registry and the history persist to. */
  storage: vscode.Memento;
  /** The server tasks running now. */
  servers: LocalServers;
  /** The endpoints of the rpcExplorer.endpoints setting (its problems, when its discoveries settle). */
  settingsEndpoints: SettingsEndpoints;
}

export function activate(context: vscode.ExtensionContext): RpcExplorerApi {
  const push = (...disposables: vscode.Disposable[]) => context.subscriptions.push(...disposables);

  // Requests: settings, headers (secrets in SecretStorage) and the wire log, as the core's options.
  const log = new WireLog();
  const headers = new RequestHeaders(context.secrets);
  const requestOptions = new RequestOptions(headers, log);
  push(watchSecretHeadersInSettings(headers));

  // The explorer: endpoints persisted per workspace, discovered through the core.
  const registry = new WorkspaceEndpointRegistry(context.workspaceState, endpointDiscoverer(requestOptions, log));
  const tree = new MethodTreeProvider(registry);
  const treeView = vscode.window.createTreeView(METHODS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  push(log, registry, tree, treeView);
  // Endpoints shared in settings (rpcExplorer.endpoints) join the user's; discovered once activation has returned.
  const settingsEndpoints = new SettingsEndpoints(registry, log.channel);
  push(settingsEndpoints);
  push(
    registry.setRevealHandler(async (url) => {
      const node = tree.endpointNode(url);
      if (node) await treeView.reveal(node, { select: true, focus: false, expand: true });
    }),
  );

  // Calls: history, runner, result panel.
  const history = new CallHistory(context.workspaceState);
  const runner = new CallRunner(registry, requestOptions, history, log);
  const resultPanel = new ResultPanel(context.extensionUri, {
    cancel: (callId) => runner.cancel(callId),
    callAgain: (view) => void runner.again(view.callId),
  });
  runner.attachPanel(resultPanel);
  push(resultPanel);

  const addEndpoint = new AddEndpointCommand(registry);
  const callMethod = new CallMethodCommand(registry, runner, history);
  const callHistory = new CallHistoryCommand(registry, history, runner, callMethod);
  const setHeader = new SetHeaderCommand(registry, headers);
  const explorer = new ExplorerCommands(registry, tree, treeView, (node) => callMethod.execute(node));

  const command = (id: string, handler: (...args: any[]) => unknown) => push(vscode.commands.registerCommand(id, handler));
  command('rpcExplorer.addEndpoint', (url?: unknown, protocol?: unknown) => addEndpoint.execute(url, protocol));
  command('rpcExplorer.refresh', (target?: ExplorerNode | string) => explorer.refresh(target));
  command('rpcExplorer.callMethod', (target?: ExplorerNode | string, method?: string, args?: unknown, options?: { showPanel?: boolean }) =>
    callMethod.execute(target, method, args as never, options),
  );
  command('rpcExplorer.removeEndpoint', (target?: ExplorerNode | string) => explorer.remove(target));
  command('rpcExplorer.callHistory', (target?: ExplorerNode | string) => callHistory.execute(target));
  command('rpcExplorer.showLog', () => log.channel.show(true));
  command('rpcExplorer.setHeader', (target?: ExplorerNode | string, name?: unknown, value?: unknown) => setHeader.execute(target, name, value));
  command('rpcExplorer.copyMethodName', (node?: ExplorerNode) => explorer.copyMethodName(node));
  command(ACTIVATE_METHOD_COMMAND, (node) => explorer.activateMethod(node));
  command('rpcExplorer.callSelectedMethod', () => explorer.callSelected());

  // Server tasks: the rpc-server task provider, rpcExplorer.startServer/stopServer, the status bar.
  const servers = registerServerTasks(context, registry);

  return {
    registry,
    workspaceRegistry: registry,
    tree,
    treeView,
    resultPanel,
    history,
    log: log.channel,
    cancelCall: (callId) => runner.cancel(callId),
    requestHeaders: headers,
    storage: context.workspaceState,
    servers,
    settingsEndpoints,
  };
}

export function deactivate(): void {}
