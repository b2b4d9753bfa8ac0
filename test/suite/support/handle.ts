// The integration tests' own handle on the extension: what they read, built on the typed public API (`activate`'s
// RpcExplorerApi) and the extension's commands only — no member of the product exists for the tests.
import * as vscode from 'vscode';
import type { EndpointConfig, RpcExplorerApi, ViewRow } from '../../../src/api/extensionApi';
import type { ExplorerNode } from '../../../src/explorer/methodTree';

/** A view's rows as tree nodes (the objects the view gives its commands) and their tree items, read from the API. */
export class ViewHandle<T extends object> {
  constructor(
    private readonly api: RpcExplorerApi,
    private readonly viewId: string,
  ) {}

  getChildren(node?: T): T[] {
    return this.api.views.rows(this.viewId, node).map((row) => row.target as T);
  }

  /** The node's row as it shows now, as a TreeItem (icon, tooltip text, context value, command…). */
  getTreeItem(node: T): vscode.TreeItem {
    const row = this.api.views.row(this.viewId, node);
    if (!row) throw new Error(`no row in ${this.viewId} for ${JSON.stringify(node)}`);
    return treeItemOf(row);
  }

  get visible(): boolean {
    return this.api.views.isVisible(this.viewId);
  }
}

function treeItemOf(row: ViewRow): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, row.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.iconPath = row.icon ? new vscode.ThemeIcon(row.icon) : undefined;
  item.contextValue = row.contextValue;
  item.accessibilityInformation = row.accessibilityLabel ? { label: row.accessibilityLabel } : undefined;
  item.command = row.command && { title: '', command: row.command.command, arguments: [...(row.command.arguments ?? [])] };
  return item;
}

/** The Methods view: its endpoint nodes by URL. */
export class MethodsViewHandle extends ViewHandle<ExplorerNode> {
  constructor(api: RpcExplorerApi) {
    super(api, 'rpcExplorer.methods');
  }

  endpointNode(url: string): ExplorerNode | undefined {
    return this.getChildren().find((node) => node.url === url);
  }
}

/** What the tests read of the extension, by the names the product's objects have. */
export function testHandle(api: RpcExplorerApi) {
  return {
    registry: {
      get: (url: string) => api.endpoint(url),
      list: () => api.endpoints(),
      remove: (url: string) => api.removeEndpoint(url),
      add: (config: Pick<EndpointConfig, 'url' | 'protocol' | 'name'>) => api.addEndpoint(config.url, { protocol: config.protocol, name: config.name }),
      origin: (url: string) => api.endpoint(url)?.origin,
      callUrl: (url: string) => api.endpoint(url)?.callUrl ?? url,
      methodsOf: (url: string) => [...(api.endpoint(url)?.methods ?? [])],
    },
    tree: new MethodsViewHandle(api),
    resultPanel: {
      get current() {
        return api.lastResult();
      },
      whenShown: (callId: number, timeoutMs?: number) => api.whenResultShown(callId, timeoutMs),
      onDidShow: api.onDidShowResult,
      openAsJson: () => api.openResultAsJson(),
    },
    history: {
      entries: (url?: string) => api.callHistory(url),
      lastArgs: (url: string, method: string) => api.lastArguments(url, method),
    },
    servers: {
      list: () => api.runningServers(),
      stop: (target: { url?: string; file?: string }) => api.stopServer(target),
      statusTexts: () => api.runningServers().map((server) => server.statusText),
      onDidRestartAfterSave: api.onDidRestartServer,
    },
    sources: {
      forEndpoint: (url: string) => api.sourceOf(url),
      functionOf: (url: string, method: string) => api.sourceFunction(url, method),
    },
    settingsEndpoints: {
      get problems() {
        return api.settingsProblems();
      },
    },
  };
}

export type TestHandle = ReturnType<typeof testHandle>;
