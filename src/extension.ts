import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from './api/extensionApi';
import { apiOnUse } from './api/apiOnUse';
import { callFormsOnUse } from './callForm/callFormsOnUse';
import { copyCallAsModule, createCallCommands, type CallCommands } from './calls/callCommands';
import { CallHistory } from './calls/callHistory';
import { CallRunner } from './calls/callRunner';
import { secretHeaderCommands, watchSecretHeadersInSettings } from './calls/secretHeaderGuard';
import { BatchedStateStore } from './common/batchedState';
import { registerCommands } from './common/commandTable';
import { basicAuthorization } from './core';
import { registerDebugServer } from './debug';
import { WorkspaceEndpointRegistry } from './endpoints/endpointRegistry';
import { EndpointStore } from './endpoints/endpointStore';
import { AddEndpointCommand } from './explorer/addEndpointCommand';
import { endpointDiscovery } from './explorer/endpointDiscovery';
import { explorerCommandTable } from './explorer/explorerCommandTable';
import { createMethodsView } from './explorer/methodsView';
import { SettingsEndpoints } from './explorer/settingsEndpoints';
import { once } from './lazy/once';
import { notificationsOnUse } from './notifications/notificationsOnUse';
import { requestEditorOnUse } from './requestEditor/requestEditorOnUse';
import { RequestHeaders } from './callOptions/requestHeaders';
import { RequestOptions } from './callOptions/requestOptions';
import { WireLog } from './callOptions/wireLog';
import { serverCheckCommands } from './serverChecks/serverCheckCommands';
import { historySize } from './settings';
import { registerSourceFeatures, SourceIndex } from './sourceEditor';
import { ExclusiveRuns } from './tasks/exclusiveRuns';
import { serverTasksOnUse } from './tasks/serverTasksOnUse';
import { ResultPanel, type ResultPanelRequest } from './views/resultPanel';

export type { RpcExplorerApi } from './api/extensionApi';

// What the result panel's buttons do: a chunk (see esbuild.js), reached only through this require.
const resultPanelRequests = () => require('./calls/resultPanelRequests') as typeof import('./calls/resultPanelRequests');

let flushState: (() => Promise<void>) | undefined;

/**
 * Wiring only, in declaration order: each feature gets what it needs when it is built (a lazy getter for a chunk,
 * see esbuild.js), and hands its commands back as a table; they are registered in one loop at the end.
 */
export function activate(context: vscode.ExtensionContext): RpcExplorerApi {
  const push = (...disposables: vscode.Disposable[]) => context.subscriptions.push(...disposables);
  // The modules without a `vscode` import (shared with the CLI and unit tests) translate through @vscode/l10n: give
  // it the bundle VS Code loaded for the display language (undefined in English).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });

  // Requests: settings, headers and secrets (SecretStorage), the wire log.
  const log = new WireLog();
  const headers = new RequestHeaders(context.secrets);
  const requestOptions = new RequestOptions(headers, log);
  push(log, headers, watchSecretHeadersInSettings(headers));

  // Endpoints: the user's, persisted per workspace (an older state's credentials move to SecretStorage), and the setting's.
  const store = new EndpointStore(context.workspaceState);
  const loaded = store.load();
  for (const found of loaded.credentials) void headers.keepAuthorization(found.url, basicAuthorization(found.username, found.password));
  const registry = new WorkspaceEndpointRegistry(store, endpointDiscovery(requestOptions, log), loaded.endpoints);
  // The history is written on every call: its writes wait a moment and go out together (BatchedStateStore).
  const historyState = new BatchedStateStore(context.workspaceState);
  const history = new CallHistory(historyState, historySize);
  // The servers' source files (read on the first request, not now); the explorer: the Methods view.
  const sources = new SourceIndex(registry);
  const methodsView = createMethodsView(registry, sources);
  const settingsEndpoints = new SettingsEndpoints(registry, log.channel, headers);
  const addEndpoint = new AddEndpointCommand(registry, methodsView.reveal, headers);
  push(registry, sources, methodsView, settingsEndpoints);

  // Calls: the result panel, the runner, Copy Call As…, request files, the call forms, the commands that ask.
  const resultPanel = new ResultPanel(context.extensionUri);
  const runner = new CallRunner(registry, requestOptions, history, log, resultPanel);
  const copyCallAs = once(() => new (copyCallAsModule().CopyCallAsCommand)(registry, headers, history, (url) => requestOptions.forEndpoint(url)));
  const requestEditor = requestEditorOnUse(context, { registry, requestOptions, resultPanel, history });
  const openCallForm = callFormsOnUse(context.subscriptions, {
    ...{ extensionUri: context.extensionUri, workspaceState: context.workspaceState, registry, runner, history, sources, credentials: headers },
    copyAs: (url, method, args) => void copyCallAs().interactive({ url, method, args }),
    saveToRequestFile: requestEditor.saveCall,
  });
  const calls = createCallCommands({ registry, headers, history, runner, sources, copyCallAs, saveToRequestFile: requestEditor.saveCall, openCallForm });
  const answerPanel = (request: ResultPanelRequest) => resultPanelRequests().answerResultPanel(request, { runner, calls, copyCallAs, saveToRequestFile: requestEditor.saveCall });
  push(resultPanel, resultPanel.onDidAsk(answerPanel));

  // Servers: tasks (Start Server) and Debug Server, each ending the other's run of a file first; Check Server, Load Test.
  const runs = new ExclusiveRuns();
  const serverTasks = serverTasksOnUse(context, registry, methodsView.reveal, runs);
  const debugServers = registerDebugServer(context, { registry, reveal: methodsView.reveal, requestOptions, runs });
  const notifications = notificationsOnUse(context, registry);

  push(
    ...registerCommands(
      explorerCommandTable({ registry, methodsView, addEndpoint, openCallForm }),
      calls.commands(),
      { 'rpcExplorer.showLog': () => log.channel.show(true) },
      secretHeaderCommands(headers),
      requestEditor.commands(),
      registerSourceFeatures(context, sources, registry, () => methodsView.selected(), (url, method, args) =>
        args === undefined ? calls.ask(url, method) : calls.call(url, method, args as Parameters<CallCommands['call']>[2]),
      ),
      serverCheckCommands({ extensionUri: context.extensionUri, registry, requestOptions }, () => methodsView.selected()),
      serverTasks.commands({ debugServers, calls: runner }),
      debugServers.commands,
      notifications.commands(),
    ),
  );

  const flush = async () => {
    await store.flush();
    await historyState.flush();
  };
  flushState = flush;
  return apiOnUse({
    ...{ flush, registry, headers, history, sources, methodsView, settingsEndpoints, addEndpoint },
    ...{ resultPanel, runner, calls, copyCallAs, openCallForm, serverTasks, requestEditor, notifications },
  });
}

/** Lets the last writes to workspace state land before the window goes. */
export async function deactivate(): Promise<void> {
  await flushState?.();
}
