import { onWebSocketConnection } from '../core/websocket/pool';
import { socketStateText } from './socketState';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PROTOCOL_LABELS, isProtocol, type MethodInfo } from '../core';
import type { RpcErrorKind } from '../core/errors';
import type { Endpoint } from '../endpoints/endpointTypes';
import { displayUrl, endpointLabel } from '../endpoints/endpointUrl';
import type { WorkspaceEndpointRegistry } from '../endpoints/endpointRegistry';
import { formatSignatures, methodLevel, visibleMethods } from '../endpoints/methodNames';
import type { SourceHints } from '../sourceEditor/sourceHints';
import type { SourceIndex } from '../sourceEditor';

/** The nodes of the Methods view (shaped like vscode-extension-samples' tree-view-sample). */
export type ExplorerNode = EndpointNode | GroupNode | MethodNode | MessageNode;

export interface EndpointNode {
  readonly kind: 'endpoint';
  readonly url: string;
}
export interface GroupNode {
  readonly kind: 'group';
  readonly url: string;
  /** e.g. `system.` */
  readonly prefix: string;
  readonly segment: string;
  readonly count: number;
  readonly parent: EndpointNode | GroupNode;
}
export interface MethodNode {
  readonly kind: 'method';
  readonly url: string;
  readonly method: MethodInfo;
  readonly parent: EndpointNode | GroupNode;
}
/** A line of information under an endpoint (discovering, an error and its hint, no methods). */
export interface MessageNode {
  readonly kind: 'message';
  readonly url: string;
  readonly text: string;
  readonly icon: string;
  readonly tooltip?: string;
  readonly parent: EndpointNode;
}

/** Tree item of a method: the internal command that turns a double click into a call. */
/** A method's shape and source hints: a chunk, loaded when the tree first shows a method (esbuild.js). */
const methodDetails = () => require('./methodDetails') as typeof import('./methodDetails');

export const ACTIVATE_METHOD_COMMAND = 'rpcExplorer.activateMethod';

export class MethodTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Endpoint nodes are kept so a per-endpoint refresh and reveal get the very object the view holds. */
  private readonly endpointNodes = new Map<string, EndpointNode>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Endpoints whose source lookup this tree started and awaits (their methods refresh when it settles). */
  private readonly sourceRequests = new Set<string>();

  constructor(
    private readonly registry: WorkspaceEndpointRegistry,
    /** The servers' source files: parameters and docs where the server gives none. */
    private readonly sources?: SourceIndex,
  ) {
    this.subscriptions.push(
      registry.onDidChangeEndpoint((url) => {
        const node = this.endpointNodes.get(url);
        this.changed.fire(node);
      }),
      registry.onDidRemove(() => this.changed.fire(undefined)),
    );
    if (sources) this.subscriptions.push(sources.onDidChange(() => this.changed.fire(undefined)));
    // A ws:// endpoint's node shows its connection's state.
    const stopWatching = onWebSocketConnection((connection) => connection.onStateChange(() => this.changed.fire(undefined)));
    this.subscriptions.push({ dispose: stopWatching });
  }

  /** What the source says about a method, as known now; the first ask for an endpoint starts its lookup. */
  private sourceHintsOf(url: string, name: string): SourceHints | undefined {
    if (!this.sources) return undefined;
    const source = this.sources.peek(url);
    if (source === undefined) {
      if (!this.sourceRequests.has(url)) {
        this.sourceRequests.add(url);
        void this.sources.forEndpoint(url).then((found) => {
          this.sourceRequests.delete(url);
          // The whole tree: an endpoint's own refresh does not always re-read children the view holds already.
          if (found) this.changed.fire(undefined);
        });
      }
      return undefined;
    }
    const fn = source?.model.functions.find((f) => f.name === name);
    return source && fn ? methodDetails().sourceHints(source.model, fn) : undefined;
  }

  endpointNode(url: string): EndpointNode | undefined {
    const endpoint = this.registry.get(url);
    return endpoint ? this.nodeFor(endpoint) : undefined;
  }

  /** Fires a full refresh (e.g. after Undo puts an endpoint back). */
  refreshAll(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: ExplorerNode): ExplorerNode[] {
    if (!element) {
      const endpoints = this.registry.list();
      for (const url of [...this.endpointNodes.keys()]) {
        if (!endpoints.some((e) => e.config.url === url)) this.endpointNodes.delete(url);
      }
      return endpoints.map((e) => this.nodeFor(e));
    }
    if (element.kind === 'endpoint') return this.endpointChildren(element);
    if (element.kind === 'group') return this.levelChildren(element, element.prefix);
    return [];
  }

  getParent(element: ExplorerNode): ExplorerNode | undefined {
    return element.kind === 'endpoint' ? undefined : element.parent;
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    switch (element.kind) {
      case 'endpoint':
        return this.endpointItem(element);
      case 'group': {
        const item = new vscode.TreeItem(element.segment, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group|${element.url}|${element.prefix}`;
        item.description = element.count === 1 ? vscode.l10n.t('1 method') : vscode.l10n.t('{0} methods', element.count);
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'group';
        item.tooltip = `${element.prefix}* (${item.description})`;
        return item;
      }
      case 'method':
        return this.methodItem(element);
      case 'message': {
        const item = new vscode.TreeItem(element.text, vscode.TreeItemCollapsibleState.None);
        item.id = `message|${element.url}|${element.text}`;
        item.iconPath = new vscode.ThemeIcon(element.icon, element.icon === 'error' ? new vscode.ThemeColor('problemsErrorIcon.foreground') : undefined);
        item.tooltip = element.tooltip ?? element.text;
        item.contextValue = 'message';
        return item;
      }
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  private nodeFor(endpoint: Endpoint): EndpointNode {
    let node = this.endpointNodes.get(endpoint.config.url);
    if (!node) {
      node = { kind: 'endpoint', url: endpoint.config.url };
      this.endpointNodes.set(endpoint.config.url, node);
    }
    return node;
  }

  private endpointChildren(node: EndpointNode): ExplorerNode[] {
    const endpoint = this.registry.get(node.url);
    if (!endpoint) return [];
    const message = (text: string, icon: string, tooltip?: string): MessageNode => ({ kind: 'message', url: node.url, text, icon, tooltip, parent: node });
    const state = endpoint.state;
    switch (state.status) {
      case 'idle':
        return [message(vscode.l10n.t('Not discovered yet: click Refresh to list the methods'), 'info')];
      case 'discovering':
        return [message(vscode.l10n.t('Discovering methods…'), 'loading~spin')];
      case 'error': {
        // One advice row (the whole message is the tooltip): the description already says what failed, briefly.
        const whole = state.hint ? `${state.message}\n${state.hint}` : state.message;
        const [, ...rest] = state.message.split(/:\s+|：/);
        if (state.kind === 'no-introspection' && rest.length) return [message(rest.join(': '), 'lightbulb', whole)];
        return [state.hint ? message(state.hint, 'lightbulb', whole) : message(state.message, 'error', whole)];
      }
      case 'ready': {
        const children = this.levelChildren(node, '');
        return children.length ? children : [message(vscode.l10n.t('The server lists no methods'), 'info')];
      }
    }
  }

  /** One level of methods, built when the user expands it (so 2,000 methods cost only what is shown). */
  private levelChildren(parent: EndpointNode | GroupNode, prefix: string): ExplorerNode[] {
    const level = methodLevel(this.registry.methodsOf(parent.url), prefix);
    return [
      ...level.groups.map((g): GroupNode => ({ kind: 'group', url: parent.url, prefix: g.prefix, segment: g.segment, count: g.count, parent })),
      ...level.methods.map((method): MethodNode => ({ kind: 'method', url: parent.url, method, parent })),
    ];
  }

  private endpointItem(node: EndpointNode): vscode.TreeItem {
    const endpoint = this.registry.get(node.url);
    const item = new vscode.TreeItem(endpointLabel(endpoint?.config ?? { url: node.url }), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `endpoint|${node.url}`;
    if (!endpoint) return item;
    const { config, state } = endpoint;
    const local = config.local;
    const localText = local
      ? `${vscode.l10n.t('local, from {0}', path.basename(local.file))} · ${local.running ? vscode.l10n.t('running') : vscode.l10n.t('stopped')}`
      : undefined;
    const protocol = state.status === 'ready' ? state.protocol : config.protocol === 'auto' ? undefined : config.protocol;
    const parts: string[] = [];
    // A named endpoint: the URL first in the description (the name is the label).
    if (config.name) parts.push(displayUrl(config.url));
    if (state.status === 'error') parts.push(shortFailure(state.kind));
    else if (state.status === 'discovering') parts.push(vscode.l10n.t('discovering…'));
    else if (protocol) parts.push(protocolLabel(protocol));
    if (state.status === 'ready' && state.note) parts.push(vscode.l10n.t('from source'));
    if (state.status === 'ready' && state.warnings?.length) parts.push(vscode.l10n.t('help incomplete'));
    // Running or stopped is the icon (a description is cut in a narrow side bar); the file is in the tooltip.
    const socket = socketStateText(node.url);
    if (socket) parts.push(socket);
    item.description = parts.join(' · ');
    item.contextValue = local ? (local.running ? 'endpoint.local.running' : 'endpoint.local.stopped') : 'endpoint';
    item.iconPath =
      state.status === 'discovering'
        ? new vscode.ThemeIcon('loading~spin')
        : local && !local.running
          ? new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('disabledForeground'))
          : state.status === 'error' && state.kind === 'no-introspection'
            ? new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsInfoIcon.foreground'))
            : state.status === 'error'
              ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
              : local
                ? new vscode.ThemeIcon('server-process', new vscode.ThemeColor('testing.iconPassed'))
                : new vscode.ThemeIcon('plug');
    item.tooltip = this.endpointTooltip(endpoint);
    item.accessibilityInformation = { label: [item.label, item.description, localText].filter(Boolean).join(', ') };
    return item;
  }

  private endpointTooltip(endpoint: Endpoint): vscode.MarkdownString {
    const { config, state } = endpoint;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown('**');
    tip.appendText(endpointLabel(config));
    tip.appendMarkdown('**\n\n');
    const line = (label: string, text: string) => {
      tip.appendMarkdown(`${label}: `);
      tip.appendText(text);
      tip.appendMarkdown('  \n');
    };
    line('URL', displayUrl(config.url));
    if (state.status === 'ready' && state.callUrl) line(vscode.l10n.t('Served at'), vscode.l10n.t('{0} (the URL\'s root is not an RPC endpoint)', displayUrl(state.callUrl)));
    const protocol = state.status === 'ready' ? state.protocol : state.status === 'error' ? state.protocol : undefined;
    line(vscode.l10n.t('Protocol'), protocol ? protocolLabel(protocol) : config.protocol === 'auto' ? vscode.l10n.t('auto-detect') : protocolLabel(config.protocol));
    if (config.local) {
      const file = config.local.file;
      line(vscode.l10n.t('Local'), config.local.running ? vscode.l10n.t('from {0} (running)', file) : vscode.l10n.t('from {0} (stopped)', file));
    }
    const origin = this.registry.origin(config.url);
    if (origin?.fromSettings) {
      line(
        vscode.l10n.t('Source'),
        origin.userAdded ? vscode.l10n.t('from settings ({0}), also added by you', 'rpcExplorer.endpoints') : vscode.l10n.t('from settings ({0})', 'rpcExplorer.endpoints'),
      );
    }
    if (state.status === 'ready') {
      const shown = visibleMethods(state.methods).length;
      line(vscode.l10n.t('Methods'), state.note ? vscode.l10n.t('{0} (read from the source file)', shown) : `${shown}`);
      const when = new Date(state.refreshedAt).toLocaleString();
      line(
        vscode.l10n.t('Last refresh'),
        state.roundTrips === 1
          ? vscode.l10n.t('{0} ({1} ms, 1 request)', when, state.elapsedMs)
          : vscode.l10n.t('{0} ({1} ms, {2} requests)', when, state.elapsedMs, state.roundTrips),
      );
      if (state.note) {
        tip.appendMarkdown('\n$(info) ');
        tip.appendText(state.note);
      }
      for (const warning of state.warnings ?? []) {
        tip.appendMarkdown('\n\n$(warning) ');
        tip.appendText(warning);
      }
    } else if (state.status === 'error') {
      line(vscode.l10n.t('Last refresh'), new Date(state.refreshedAt).toLocaleString());
      // The whole message once: the advice usually quotes the reason already.
      if (!state.hint?.includes(state.message)) {
        tip.appendMarkdown('\n$(error) ');
        tip.appendText(state.message);
      }
      if (state.hint) {
        tip.appendMarkdown('\n\n$(lightbulb) ');
        tip.appendText(state.hint);
      }
    } else if (state.status === 'discovering') {
      tip.appendMarkdown('\n$(loading~spin) ');
      tip.appendText(vscode.l10n.t('discovering…'));
    }
    return tip;
  }

  private methodItem(node: MethodNode): vscode.TreeItem {
    const { compactSignature, methodShapeOf, serverDescribesParams, signatureLinesOf, withSourceHints } = methodDetails();
    const hints = this.sourceHintsOf(node.url, node.method.name);
    // The server's own signatures and help win; the source fills in what it does not say.
    const method = hints ? withSourceHints(node.method, hints) : node.method;
    const label = method.name.slice(node.parent.kind === 'group' ? node.parent.prefix.length : 0);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `method|${node.url}|${method.name}`;
    const signatures = formatSignatures(method);
    const fromSource = method.origin === 'source';
    const paramsFromSource = Boolean(hints) && !serverDescribesParams(node.method);
    const docFromSource = Boolean(hints?.doc) && !node.method.help;
    // The one method-shape model: OpenRPC names and schemas, signatures, the source's hints.
    const shape = methodShapeOf(node.method, hints?.signatureInput);
    const compact = compactSignature(shape);
    item.description = [compact, fromSource ? vscode.l10n.t('from source') : '', method.origin === 'called' ? vscode.l10n.t('called by name') : ''].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('symbol-method');
    item.contextValue = 'method';
    item.command = { command: ACTIVATE_METHOD_COMMAND, title: vscode.l10n.t('Call Method'), arguments: [node] };
    item.accessibilityInformation = { label: `${vscode.l10n.t('method {0}', method.name)}${item.description ? `, ${item.description}` : ''}` };

    const tip = new vscode.MarkdownString(undefined, true);
    if (paramsFromSource && hints) tip.appendCodeblock(hints.signature, 'text');
    else if (signatures.length) tip.appendCodeblock((shape.origin === 'openrpc' || shape.origin === 'signature' ? signatureLinesOf(shape) : signatures).join('\n'), 'text');
    else {
      tip.appendMarkdown('**');
      tip.appendText(method.name);
      tip.appendMarkdown('**  \n');
    }
    if (method.help) tip.appendText(`${method.help.trim()}\n`);
    if (method.params?.some((p) => p.description)) {
      for (const p of method.params) if (p.description) tip.appendText(`\n${p.name}: ${p.description}`);
    }
    if (fromSource) {
      const endpoint = this.registry.get(node.url);
      const where = hints?.location ?? (endpoint?.config.local ? path.basename(endpoint.config.local.file) : undefined);
      tip.appendMarkdown('\n\n$(file-code) ');
      tip.appendText(where ? vscode.l10n.t('from the source ({0}): the server has no introspection', where) : vscode.l10n.t('from the source: the server has no introspection'));
      const note = endpoint?.state.status === 'ready' ? endpoint.state.note : undefined;
      if (note) {
        tip.appendMarkdown('  \n$(lightbulb) ');
        tip.appendText(note);
      }
    } else if (hints && (paramsFromSource || docFromSource)) {
      tip.appendMarkdown('\n\n$(file-code) ');
      tip.appendText(
        paramsFromSource && docFromSource
          ? vscode.l10n.t('Parameters and docs from the source ({0}): the server does not provide them', hints.location)
          : paramsFromSource
            ? vscode.l10n.t('Parameters from the source ({0}): the server does not provide them', hints.location)
            : vscode.l10n.t('Docs from the source ({0}): the server does not provide them', hints.location),
      );
    } else if (!signatures.length && !method.help) {
      tip.appendText(`\n${vscode.l10n.t('No signature or help from the server; it can still be called.')}`);
    }
    const howToCall = hints?.defined ? vscode.l10n.t('Double-click or Enter to call · F12 to go to the definition') : vscode.l10n.t('Double-click or Enter to call');
    tip.appendMarkdown(`\n\n_${howToCall}_`);
    item.tooltip = tip;
    return item;
  }
}

/** What failed, in a few words (the endpoint's description; its tooltip and advice row say the rest). */
function shortFailure(kind: RpcErrorKind | undefined): string {
  switch (kind) {
    case 'no-introspection':
      return vscode.l10n.t('no introspection');
    case 'connection':
      return vscode.l10n.t('not reachable');
    case 'timeout':
      return vscode.l10n.t('no answer in time');
    case 'http':
      return vscode.l10n.t('HTTP error');
    case 'malformed':
      return vscode.l10n.t('broken answer');
    case 'too-large':
      return vscode.l10n.t('answer too large');
    case 'unsupported':
      return vscode.l10n.t('protocol unknown');
    case 'cancelled':
      return vscode.l10n.t('cancelled');
    default:
      return vscode.l10n.t('error');
  }
}

/** A protocol as the picker names it ("XML-RPC"), everywhere it is shown. */
export function protocolLabel(protocol: string): string {
  return isProtocol(protocol) ? PROTOCOL_LABELS[protocol] : protocol;
}
