import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { callArguments, protocolChoice, startServerArguments, stopServerTarget, targetOf } from './api/commandArguments';
import { basicAuthorization, detectProtocol, type TypedValue } from './core';
import type { RpcExplorerApi } from './api/extensionApi';
import { CallHistory } from './calls/callHistory';
import type { CallHistoryCommand } from './calls/callHistoryCommand';
import type { CallMethodCommand } from './calls/callMethodCommand';
import { CallRunner } from './calls/callRunner';
import type { CopyCallAsCommand } from './calls/copyCallAsCommand';
import { registerDebugServer } from './debug';
import { watchSecretHeadersInSettings } from './calls/secretHeaderGuard';
import type { SetHeaderCommand } from './calls/setHeaderCommand';
import type { SetSecretArgumentCommand } from './calls/setSecretArgumentCommand';
import { acceptEndpointUrl } from './endpoints/endpointCredentials';
import { WorkspaceEndpointRegistry } from './endpoints/endpointRegistry';
import { EndpointStore } from './endpoints/endpointStore';
import { AddEndpointCommand } from './explorer/addEndpointCommand';
import { METHODS_VIEW_ID, endpointDiscovery } from './explorer/endpointDiscovery';
import { ExplorerCommands } from './explorer/explorerCommands';
import { ACTIVATE_METHOD_COMMAND, MethodTreeProvider, type ExplorerNode } from './explorer/methodTree';
import { SettingsEndpoints } from './explorer/settingsEndpoints';
import { RequestHeaders } from './requests/requestHeaders';
import type { RequestEditor } from './requestEditor';
import { LazyFeature } from './lazy/lazyFeature';
import { RequestOptions } from './requests/requestOptions';
import { WireLog } from './requests/wireLog';
import { registerSourceFeatures, SourceIndex } from './sources';
import type { ServerTasks } from './tasks';
import { SHOW_SERVER_TERMINAL_COMMAND } from './tasks/serverStatusBar';
import { serverFileCandidates } from './tasks/serverFileSearch';
import { SERVER_TASK_TYPE } from './tasks/serverTaskDefinition';
import { ResultPanel } from './views/resultPanel';
import { onWebSocketConnection } from './core/websocket/pool';
import type { NotificationsFeature } from './notifications';

export type { RpcExplorerApi } from './api/extensionApi';

// The features below are chunks of the bundle, loaded the first time they are used (see esbuild.js): each is
// reached only through its require here.
const copyCallAsModule = () => require('./calls/copyCallAsCommand') as typeof import('./calls/copyCallAsCommand');
const requestEditorModule = () => require('./requestEditor') as typeof import('./requestEditor');
const tasksModule = () => require('./tasks') as typeof import('./tasks');
const callMethodModule = () => require('./calls/callMethodCommand') as typeof import('./calls/callMethodCommand');
const callHistoryModule = () => require('./calls/callHistoryCommand') as typeof import('./calls/callHistoryCommand');
const setHeaderModule = () => require('./calls/setHeaderCommand') as typeof import('./calls/setHeaderCommand');
const setSecretArgumentModule = () => require('./calls/setSecretArgumentCommand') as typeof import('./calls/setSecretArgumentCommand');
const callFormModule = () => require('./callForm') as typeof import('./callForm');
const serverChecksModule = () => require('./serverChecks') as typeof import('./serverChecks');
const notificationsModule = () => require('./notifications') as typeof import('./notifications');

/** The commands the request editor registers when it loads (package.json lists them). */
const REQUEST_EDITOR_COMMANDS = ['rpcExplorer.sendRequest', 'rpcExplorer.sendAllRequests', 'rpcExplorer.selectRequestEnvironment', 'rpcExplorer.setRequestFileSecret'];
const RPC_LANGUAGE = 'rpc';

let flushState: (() => Promise<void>) | undefined;

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
  const history = new CallHistory(context.workspaceState);
  push(registry);

  // The servers' source files (read on the first request, not now), and the explorer: the Methods view and its commands.
  const sources = new SourceIndex(registry);
  push(sources);
  const tree = new MethodTreeProvider(registry, sources);
  const treeView = vscode.window.createTreeView<ExplorerNode>(METHODS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const reveal = async (url: string) => {
    const node = tree.endpointNode(url);
    if (node) await treeView.reveal(node, { select: true, focus: false, expand: true });
  };
  const settingsEndpoints = new SettingsEndpoints(registry, log.channel, headers);
  push(tree, treeView, settingsEndpoints);

  // Calls: the runner, the result panel, the commands.
  const runner = new CallRunner(registry, requestOptions, history, log);
  let copyCallAsCommand: CopyCallAsCommand | undefined;
  const copyCallAs = () => (copyCallAsCommand ??= new (copyCallAsModule().CopyCallAsCommand)(registry, headers, history, (url) => requestOptions.forEndpoint(url)));
  const resultPanel = new ResultPanel(context.extensionUri, {
    cancel: (callId) => runner.cancel(callId),
    callAgain: (view) => void runner.again(view.callId),
    editAndCall: (view) => {
      const request = runner.requestOf(view.callId);
      if (!request) return void runner.again(view.callId);
      const method = registry.methodsOf(request.endpointUrl).find((m) => m.name === request.method) ?? { name: request.method, signatures: null, help: null };
      void callMethod().interactive({ url: request.endpointUrl, method }, request.argsText);
    },
    startServerAndCall: (view) => void vscode.commands.executeCommand('rpcExplorer.startServerAndCall', view.callId),
    copyAs: (view) => void copyCallAs().interactive(copyCallAs().targetOfResult(view)),
    saveToRequestFile: (view) => {
      const target = copyCallAs().targetOfResult(view);
      if (target) void requestEditor.get().files.addCall(target.url, target.method, typeof target.args === 'string' ? target.args : undefined);
      else void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: this call is not in the Call History, so there is nothing to save.'));
    },
  });
  runner.attachPanel(resultPanel);
  push(resultPanel);
  const addEndpoint = new AddEndpointCommand(registry, reveal, headers);
  // The commands that ask (argument box, history, headers), each a chunk built on its first use.
  let callMethodCommand: CallMethodCommand | undefined;
  const callMethod = () => (callMethodCommand ??= new (callMethodModule().CallMethodCommand)(registry, runner, history, sources));
  let callHistoryCommand: CallHistoryCommand | undefined;
  const callHistory = () => {
    if (!callHistoryCommand) {
      callHistoryCommand = new (callHistoryModule().CallHistoryCommand)(registry, history, runner, callMethod());
      callHistoryCommand.copyCallAs = (entry) => copyCallAs().interactive(copyCallAsModule().copyTargetOf(entry));
      callHistoryCommand.saveToRequestFile = (entry) => void requestEditor.get().files.addCall(entry.endpointUrl, entry.method, entry.argsText);
      callHistoryCommand.openInCallForm = (entry) => void openCallForm(entry.endpointUrl, entry.method, entry.argsText);
    }
    return callHistoryCommand;
  };
  let setHeaderCommand: SetHeaderCommand | undefined;
  const setHeader = () => (setHeaderCommand ??= new (setHeaderModule().SetHeaderCommand)(registry, headers));
  let setSecretArgumentCommand: SetSecretArgumentCommand | undefined;
  const setSecretArgument = () => (setSecretArgumentCommand ??= new (setSecretArgumentModule().SetSecretArgumentCommand)(registry, headers));
  // Request files (.rpc): Send, diagnostics and completion from discovery, and calls written from the explorer; loaded
  // by the first .rpc document or request-file command.
  const requestEditor = new LazyFeature<RequestEditor>(REQUEST_EDITOR_COMMANDS, () =>
    requestEditorModule().registerRequestEditor(context, { registry, requestOptions, resultPanel, history }),
  );
  const loadForRequestFile = (document: vscode.TextDocument) => document.languageId === RPC_LANGUAGE && !requestEditor.isLoaded && requestEditor.get();
  push(requestEditor, vscode.workspace.onDidOpenTextDocument(loadForRequestFile));
  vscode.workspace.textDocuments.forEach(loadForRequestFile);
  // The call form (src/callForm, a chunk loaded on its first use): a method opened from the tree opens its form.
  let callForms: import('./callForm').CallForms | undefined;
  const openCallForm = async (url: string, method: string, argsText?: string) => {
    if (!callForms) {
      const { CallForms } = callFormModule();
      callForms = new CallForms({
        extensionUri: context.extensionUri,
        workspaceState: context.workspaceState,
        registry,
        runner,
        history,
        sources,
        copyAs: (url, method, args) => void copyCallAs().interactive({ url, method, args }),
        saveToRequestFile: (url, method, args) => void requestEditor.get().files.addCall(url, method, args),
      });
      push(callForms);
    }
    await callForms.open(await acceptEndpointUrl(url, headers), method, argsText);
    return callForms;
  };
  const explorer = new ExplorerCommands(registry, tree, treeView, (node) => openCallForm(node.url, node.method.name), reveal);

  // A URL from a caller may carry user-info: it goes to SecretStorage before anything else sees the URL.
  const call = async (url: string, method: string, args?: TypedValue[] | string, showPanel?: boolean) =>
    callMethod().call(await acceptEndpointUrl(url, headers), method, args, showPanel);
  const setHeaderOf = async (url: string, name: string, value: string) => setHeader().set(await acceptEndpointUrl(url, headers), name, value);

  // Commands: a tree node or nothing asks; the documented programmatic forms go to the typed API below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- vscode.commands.registerCommand's own handler type
  const command = (id: string, handler: (...args: any[]) => unknown) => push(vscode.commands.registerCommand(id, handler));
  command('rpcExplorer.addEndpoint', (url?: unknown, protocol?: unknown) =>
    typeof url === 'string' ? addEndpoint.add(url, { protocol: protocolChoice(protocol) }) : addEndpoint.interactive(),
  );
  command('rpcExplorer.callMethod', (target?: unknown, method?: unknown, args?: unknown, options?: unknown) => {
    const given = callArguments(target, method, args, options);
    return given ? call(given.url, given.method, given.args, given.showPanel) : callMethod().interactive(targetOf(target));
  });
  command('rpcExplorer.setHeader', (target?: unknown, name?: unknown, value?: unknown) =>
    typeof target === 'string' && typeof name === 'string' && typeof value === 'string' ? setHeaderOf(target, name, value) : setHeader().interactive(targetOf(target)),
  );
  command('rpcExplorer.setSecretArgument', (target?: unknown) => setSecretArgument().interactive(targetOf(target)));
  command('rpcExplorer.refresh', (target?: unknown) => explorer.refresh(targetOf(target)?.url));
  command('rpcExplorer.renameEndpoint', async (target?: unknown, name?: unknown) =>
    (await import('./explorer/renameEndpointCommand')).renameEndpoint(registry, targetOf(target)?.url, name),
  );
  command('rpcExplorer.changeProtocol', async (target?: unknown, protocol?: unknown) =>
    (await import('./explorer/changeProtocolCommand')).changeProtocol(registry, targetOf(target)?.url, protocol),
  );
  command('rpcExplorer.removeEndpoint', (target?: unknown) => explorer.remove(targetOf(target)?.url));
  command('rpcExplorer.callHistory', (target?: unknown) => callHistory().execute(targetOf(target)));
  command('rpcExplorer.showLog', () => log.channel.show(true));
  command('rpcExplorer.copyCallAs', (target?: unknown) => copyCallAs().interactive(copyCallAsModule().copyTargetOf(target)));
  command('rpcExplorer.copyMethodName', (node?: ExplorerNode) => explorer.copyMethodName(node));
  command(ACTIVATE_METHOD_COMMAND, (node) => explorer.activateMethod(node));
  command('rpcExplorer.callSelectedMethod', () => explorer.callSelected());
  command('rpcExplorer.openCallForm', async (target?: unknown, method?: unknown, argsText?: unknown) => {
    const given = typeof target === 'string' && typeof method === 'string' ? { url: target, method } : targetOf(target);
    const name = given?.method === undefined ? undefined : typeof given.method === 'string' ? given.method : given.method.name;
    if (given && name) await openCallForm(given.url, name, typeof argsText === 'string' ? argsText : undefined);
  });
  command('rpcExplorer.newRequestFile', (target?: unknown) => {
    const url = targetOf(target)?.url;
    return url ? requestEditor.get().files.newFile(url) : undefined;
  });
  command('rpcExplorer.addToRequestFile', (target?: unknown, into?: unknown) => {
    const given = targetOf(target);
    return given?.method ? requestEditor.get().files.addCall(given.url, given.method, undefined, into instanceof vscode.Uri || into === 'new' ? into : undefined) : undefined;
  });

  // Check Server and Load Test Method… (src/serverChecks, loaded on first use): a tree node, a URL, or the selection.
  const serverChecks = async () => {
    const feature = serverChecksModule();
    return { feature, context: { extensionUri: context.extensionUri, registry, requestOptions, detectProtocol } };
  };
  command('rpcExplorer.checkServer', async (target?: unknown) => {
    const { feature, context: checks } = await serverChecks();
    const selected = treeView.selection[0] as unknown;
    return feature.checkServer(checks, (targetOf(target) ?? targetOf(selected))?.url);
  });
  command('rpcExplorer.loadTestMethod', async (target?: unknown, method?: unknown, settings?: unknown) => {
    const given = targetOf(target);
    const name = typeof method === 'string' ? method : given?.method?.name;
    if (!given || !name) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Load Test Method… works on a method in the RPC Explorer view.'));
      return undefined;
    }
    const { feature, context: checks } = await serverChecks();
    return feature.loadTestMethod(checks, given.url, name, settings as Parameters<typeof feature.loadTestMethod>[3]);
  });

  // The source in the explorer: Go to Definition, the server files' code lenses and their Call command.
  registerSourceFeatures(context, sources, registry, () => treeView.selection[0], (url, method, args) =>
    args === undefined
      ? callMethod().interactive({ url, method: registry.methodsOf(url).find((m) => m.name === method) ?? { name: method, signatures: null, help: null } })
      : call(url, method, args as TypedValue[] | string),
  );

  // Server tasks: the rpc-server task provider, Start/Stop Server, the status bar; loaded when a task is asked for or a
  // server starts. Start Server and Debug Server each end the other's run of the same file first.
  let serverTasks: ServerTasks | undefined;
  const tasks = (): ServerTasks => {
    if (!serverTasks) {
      serverTasks = tasksModule().createServerTasks(registry, reveal, (file) => debugServers.stop({ file }));
      push(serverTasks);
    }
    return serverTasks;
  };
  push(
    vscode.tasks.registerTaskProvider(SERVER_TASK_TYPE, {
      // VS Code asks early, in every window: a workspace without a server file loads nothing for it.
      provideTasks: async () => {
        if (!serverTasks && (!vscode.workspace.isTrusted || (await serverFileCandidates()).length === 0)) return [];
        return tasks().provider.provideTasks();
      },
      resolveTask: (task) => tasks().provider.resolveTask(task),
    }),
  );
  command(SHOW_SERVER_TERMINAL_COMMAND, (taskName: string) => tasksModule().showServerTerminal(taskName));
  command('rpcExplorer.startServer', (file?: unknown, options?: unknown) => {
    const given = startServerArguments(file, options);
    return tasks().commands.startInteractive(given.uri, given.options);
  });
  // Debug Server: the same server under the debugger; its Stop ends the debug session.
  const debugServers = registerDebugServer(context, { registry, reveal, requestOptions, stopTask: async (file) => (serverTasks ? serverTasks.servers.stop({ file }) : false) });
  command('rpcExplorer.stopServer', async (target?: unknown) =>
    (await debugServers.stop(stopServerTarget(target))) || tasks().commands.stopInteractive(stopServerTarget(target)),
  );
  // A stopped local endpoint's own server: Start / Debug Server on the endpoint, "Start and Call" after a call failed on it.
  const localServerFile = (target: unknown) => {
    const url = targetOf(target)?.url;
    const local = url ? registry.get(url)?.config.local : undefined;
    return local ? vscode.Uri.file(local.file) : undefined;
  };
  command('rpcExplorer.startEndpointServer', (target?: unknown) => {
    const uri = localServerFile(target);
    return uri ? tasks().commands.startInteractive(uri) : undefined;
  });
  command('rpcExplorer.debugEndpointServer', (target?: unknown) => {
    const uri = localServerFile(target);
    return uri ? vscode.commands.executeCommand('rpcExplorer.debugServer', uri) : undefined;
  });
  command('rpcExplorer.startServerAndCall', async (callId?: unknown) => {
    const request = typeof callId === 'number' ? runner.requestOf(callId) : undefined;
    const uri = request && localServerFile(request.endpointUrl);
    if (!request || !uri) return undefined;
    const started = await tasks().commands.startInteractive(uri);
    return started && !started.error ? runner.again(callId as number) : undefined;
  });

  // Notifications of WebSocket endpoints: the feature loads with the first WebSocket connection or Show Notifications.
  let notifications: NotificationsFeature | undefined;
  const notificationsFeature = (): NotificationsFeature =>
    (notifications ??= notificationsModule().activateNotifications(context, registry));
  const stopWatchingSockets = onWebSocketConnection(() => notificationsFeature());
  push({ dispose: stopWatchingSockets });
  command('rpcExplorer.showNotifications', () => notificationsFeature().show());
  for (const id of ['filter', 'pause', 'resume', 'clear', 'export', 'unsubscribe'] as const) {
    command(`rpcExplorer.notifications.${id}`, (...args: unknown[]) => notificationsFeature().commands[id](...args));
  }

  const flush = async () => {
    await store.flush();
    await history.flush();
  };
  flushState = flush;
  return {
    addEndpoint: (url, options) => addEndpoint.add(url, options),
    callMethod: (url, method, args, options) => call(url, method, args, options?.showPanel),
    setHeader: setHeaderOf,
    setSecretArgument: async (url, text) => headers.setLeadingArgument(await acceptEndpointUrl(url, headers), text),
    cancelCall: (callId) => runner.cancel(callId),
    copyCallAs: async (url, method, args, kind) => copyCallAs().copy({ url: await acceptEndpointUrl(url, headers), method, args }, kind),
    startServer: (file, options) => tasks().commands.start(file, options),
    stopServer: (target) => tasks().commands.stop(target),
    flush,
    registry,
    tree,
    resultPanel,
    history,
    requestHeaders: headers,
    get servers() {
      return tasks().servers;
    },
    settingsEndpoints,
    sources,
    get requestEditor() {
      return requestEditor.get();
    },
    openCallForm: async (url, method) => {
      const forms = await openCallForm(url, method);
      return {
        onDidShowResult: forms.onDidShowResult,
        onDidBecomeInteractive: forms.onDidBecomeInteractive,
        openForms: () => forms.openForms,
        send: (url: string, method: string) => forms.send(url, method),
      };
    },
    notifications: notificationsFeature,
  };
}

/** Lets the last writes to workspace state land before the window goes. */
export async function deactivate(): Promise<void> {
  await flushState?.();
}
