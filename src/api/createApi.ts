import type * as vscode from 'vscode';
import type { OpenCallForm } from '../callForm/callFormsOnUse';
import type { CallCommands } from '../calls/callCommands';
import type { CallHistory } from '../calls/callHistory';
import type { CallRunner } from '../calls/callRunner';
import type { CopyCallAsCommand } from '../calls/copyCallAsCommand';
import { acceptEndpointUrl } from '../endpoints/endpointCredentials';
import { storedEndpointUrl } from '../endpoints/endpointUrl';
import type { Endpoint, EndpointRegistry } from '../endpoints/endpointTypes';
import type { AddEndpointCommand } from '../explorer/addEndpointCommand';
import type { MethodsView } from '../explorer/methodsView';
import type { SettingsEndpoints } from '../explorer/settingsEndpoints';
import type { NotificationsOnUse } from '../notifications/notificationsOnUse';
import type { RequestEditorOnUse } from '../requestEditor/requestEditorOnUse';
import type { RequestHeaders } from '../callOptions/requestHeaders';
import type { SourceIndex } from '../sourceEditor';
import type { ServerTasksOnUse } from '../tasks/serverTasksOnUse';
import type { ResultPanel } from '../views/resultPanel';
import type { EndpointSnapshot, RpcExplorerApi, ViewsSnapshot } from './extensionApi';
import { rowOf, rowsOf, type ViewSource } from './viewRows';

/** What the typed API is built on: the objects `activate` made. */
export interface ApiSources {
  /** Lets every pending write to workspace state land. */
  flush(): Promise<void>;
  registry: EndpointRegistry;
  headers: RequestHeaders;
  history: CallHistory;
  sources: SourceIndex;
  methodsView: MethodsView;
  settingsEndpoints: SettingsEndpoints;
  addEndpoint: AddEndpointCommand;
  resultPanel: ResultPanel;
  runner: CallRunner;
  calls: CallCommands;
  copyCallAs: () => CopyCallAsCommand;
  openCallForm: OpenCallForm;
  serverTasks: ServerTasksOnUse;
  requestEditor: RequestEditorOnUse;
  notifications: NotificationsOnUse;
}

/** The snapshot of an endpoint the registry knows. */
function snapshotOf(registry: EndpointRegistry, endpoint: Endpoint): EndpointSnapshot {
  const url = endpoint.config.url;
  return {
    config: { ...endpoint.config },
    state: endpoint.state,
    origin: registry.origin(url) ?? { fromSettings: false, userAdded: true },
    callUrl: registry.callUrl(url),
    methods: registry.methodsOf(url),
  };
}

/** The views' rows: the Methods view now; Notifications and Request Results load their feature when asked. */
function viewsOf(deps: ApiSources): ViewsSnapshot {
  const sourceOf = (viewId: string): ViewSource<unknown> | undefined => {
    if (viewId === 'rpcExplorer.methods') return { provider: deps.methodsView.tree, view: deps.methodsView.view } as ViewSource<unknown>;
    if (viewId === 'rpcExplorer.notifications') return deps.notifications.get() as ViewSource<unknown>;
    if (viewId === 'rpcExplorer.requestResults') {
      const results = deps.requestEditor.get().resultsView;
      return { provider: results, view: results.view } as ViewSource<unknown>;
    }
    return undefined;
  };
  return {
    rows: (viewId, parent) => {
      const source = sourceOf(viewId);
      return source ? rowsOf(source, parent) : [];
    },
    row: (viewId, target) => {
      const source = sourceOf(viewId);
      return source ? rowOf(source, target) : undefined;
    },
    isVisible: (viewId) => sourceOf(viewId)?.view.visible ?? false,
  };
}

/** The typed API `activate` returns (see extensionApi.ts): actions as the commands do them, queries as snapshots. */
export function createExtensionApi(deps: ApiSources): RpcExplorerApi {
  const { registry, headers, history, resultPanel } = deps;
  const accept = (url: string) => acceptEndpointUrl(url, headers);
  return {
    addEndpoint: async (url, options) => snapshotOf(registry, await deps.addEndpoint.add(url, options)),
    removeEndpoint: (url) => registry.remove(storedEndpointUrl(url)),
    endpoints: () => registry.list().map((endpoint) => snapshotOf(registry, endpoint)),
    endpoint: (url) => {
      const endpoint = registry.get(url);
      return endpoint && snapshotOf(registry, endpoint);
    },
    onDidChangeEndpoints: registry.onDidChange,
    settingsProblems: () => deps.settingsEndpoints.problems,

    callMethod: (url, method, args, options) => deps.calls.call(url, method, args, options?.showPanel),
    cancelCall: (callId) => deps.runner.cancel(callId),
    setHeader: (url, name, value) => deps.calls.setHeaderOf(url, name, value),
    setSecretArgument: async (url, text) => headers.setLeadingArgument(await accept(url), text),
    copyCallAs: async (url, method, args, kind) => deps.copyCallAs().copy({ url: await accept(url), method, args }, kind),
    callHistory: (url) => history.entries(url),
    lastArguments: (url, method) => history.lastArgs(url, method),
    lastResult: () => resultPanel.current,
    whenResultShown: (callId, timeoutMs) => resultPanel.whenShown(callId, timeoutMs),
    onDidShowResult: resultPanel.onDidShow,
    openResultAsJson: () => resultPanel.openAsJson(),
    openCallForm: async (url, method) => {
      const forms = await deps.openCallForm(url, method);
      return {
        onDidShowResult: forms.onDidShowResult,
        onDidBecomeInteractive: forms.onDidBecomeInteractive,
        openForms: () => forms.openForms,
        send: (formUrl: string, formMethod: string) => forms.send(formUrl, formMethod),
      };
    },

    startServer: (file, options) => deps.serverTasks.get().commands.start(file, options),
    stopServer: (target) => deps.serverTasks.get().commands.stop(target),
    runningServers: () => {
      const servers = deps.serverTasks.loaded()?.servers;
      return (servers?.list() ?? []).map((s) => ({ file: s.file, taskName: s.taskName, url: s.url, starting: s.starting, statusText: servers?.statusTextOf(s) ?? '' }));
    },
    onDidRestartServer: (listener: (e: import('../tasks/localServers').ServerRestart) => unknown, thisArg?: unknown, disposables?: vscode.Disposable[]) =>
      deps.serverTasks.get().servers.onDidRestartAfterSave(listener, thisArg, disposables),
    sourceOf: async (url) => {
      const source = await deps.sources.forEndpoint(url);
      return source && { file: source.file, via: source.via };
    },
    sourceFunction: async (url, method) => {
      const found = await deps.sources.functionOf(url, method);
      return 'fn' in found ? { file: found.source.file, fn: found.fn } : found;
    },

    checkRequestFile: (document) => deps.requestEditor.get().diagnostics.update(document),
    notificationsOf: (url) => {
      const store = deps.notifications.get().store;
      const entry = store.get(url);
      return entry && { total: entry.total, dropped: entry.dropped + entry.hidden, shown: store.visible(entry).map((n) => ({ method: n.method, params: n.params, receivedAt: n.receivedAt })) };
    },
    views: viewsOf(deps),

    flush: deps.flush,
  };
}
