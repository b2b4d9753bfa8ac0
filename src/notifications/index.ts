/**
 * The Notifications feature, loaded on the first WebSocket connection or the first Show Notifications: the store
 * listening to every WebSocket connection, the view and its commands.
 */
import * as vscode from 'vscode';
import { onWebSocketConnection, webSocketConnections, type WebSocketConnection } from '../core/websocket';
import type { TypedValue } from '../core/types';
import { parseJsonKeepingBigIntegers } from '../core/jsonrpc/bigIntegers';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { sameEndpointUrl } from '../endpoints/endpointUrl';
import { NotificationStore } from './notificationStore';
import { NotificationsViewProvider, type NotificationNode } from './notificationsView';

export const NOTIFICATIONS_VIEW_ID = 'rpcExplorer.notifications';
const DEFAULT_BUFFER = 10_000;

export interface NotificationsFeature {
  readonly store: NotificationStore;
  readonly view: vscode.TreeView<NotificationNode>;
  readonly provider: NotificationsViewProvider;
  show(): Promise<void>;
  /** The view's commands (pause, resume, clear, filter, export, unsubscribe): extension.ts registers them at activation. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- vscode.commands.registerCommand's own handler type
  readonly commands: Record<NotificationCommand, (...args: any[]) => unknown>;
}

export const NOTIFICATION_COMMANDS = ['filter', 'pause', 'resume', 'clear', 'export', 'unsubscribe'] as const;
export type NotificationCommand = (typeof NOTIFICATION_COMMANDS)[number];

function settings(): { bufferSize: number; subscriptionField: string } {
  const config = vscode.workspace.getConfiguration('rpcExplorer.notifications');
  return { bufferSize: config.get<number>('bufferSize') ?? DEFAULT_BUFFER, subscriptionField: config.get<string>('subscriptionField') ?? 'subscription' };
}

/** The result of a one-call answer, when it is a small string or number (a subscription id). */
function smallResult(answer: Buffer): TypedValue | undefined {
  if (answer.length > 2048) return undefined;
  try {
    const reply = parseJsonKeepingBigIntegers(answer.toString('utf8')) as { result?: TypedValue };
    return typeof reply?.result === 'string' || typeof reply?.result === 'number' ? reply.result : undefined;
  } catch {
    return undefined;
  }
}

export function activateNotifications(context: vscode.ExtensionContext, registry: EndpointRegistry): NotificationsFeature {
  const push = (...disposables: vscode.Disposable[]) => context.subscriptions.push(...disposables);
  const initial = settings();
  const store = new NotificationStore(initial.bufferSize, initial.subscriptionField);
  /** The server's method that ends what `method` made, when the endpoint lists it: eth_subscribe → eth_unsubscribe. */
  const unsubscribeMethod = (endpoint: string, method: string): string | undefined => {
    const known = registry.list().find((e) => sameEndpointUrl(e.config.url, endpoint));
    if (!known) return undefined;
    const names = new Set(registry.methodsOf(known.config.url).map((m) => m.name));
    const candidates = [method.replace(/subscribe/i, (word) => (word[0] === 'S' ? 'Unsubscribe' : 'unsubscribe')), method.replace(/\.on$/, '.off')];
    return candidates.find((candidate) => candidate !== method && names.has(candidate));
  };
  const provider = new NotificationsViewProvider(store, unsubscribeMethod);
  const view = vscode.window.createTreeView<NotificationNode>(NOTIFICATIONS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  push(provider, view, { dispose: () => store.dispose() });
  void vscode.commands.executeCommand('setContext', 'rpcExplorer.notifications.active', true);

  // The view shows itself at the first notification after the window opened, unless the user closed it.
  let shown = false;
  let userClosed = false;
  push(
    view.onDidChangeVisibility((event) => {
      if (event.visible) shown = true;
      else if (shown) userClosed = true;
    }),
  );
  const updateDescription = () => {
    const total = store.list().reduce((sum, entry) => sum + store.visible(entry).length, 0);
    view.description = [store.paused ? vscode.l10n.t('paused') : '', store.filter ? vscode.l10n.t('filter: {0}', store.filter) : '', String(total)].filter(Boolean).join(' · ');
  };
  const stopDescription = store.onDidChange(() => {
    updateDescription();
    const first = store.list()[0];
    if (!shown && !userClosed && first) {
      shown = true;
      void view.reveal(provider.endpointNode(first.endpoint), { focus: false, select: false, expand: true });
    }
  });
  push({ dispose: stopDescription });

  const attach = (connection: WebSocketConnection) => {
    const stopNotifications = connection.onNotification((notification) => store.add(notification));
    const stopAnswers = connection.onAnswer((method, answer) => {
      const result = smallResult(answer);
      if (result !== undefined) store.noteResult(connection.endpoint, method, result);
    });
    push({ dispose: () => (stopNotifications(), stopAnswers()) });
  };
  webSocketConnections().forEach(attach);
  const stopAttaching = onWebSocketConnection(attach);
  push({ dispose: stopAttaching });

  push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('rpcExplorer.notifications')) return;
      const now = settings();
      store.configure(now.bufferSize, now.subscriptionField);
    }),
  );

  const setPaused = (paused: boolean) => {
    store.paused = paused;
    void vscode.commands.executeCommand('setContext', 'rpcExplorer.notifications.paused', paused);
    updateDescription();
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- vscode.commands.registerCommand's own handler type
  const commands = {} as Record<NotificationCommand, (...args: any[]) => unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- vscode.commands.registerCommand's own handler type
  const command = (id: NotificationCommand, handler: (...args: any[]) => unknown) => (commands[id] = handler);
  command('pause', () => setPaused(true));
  command('resume', () => setPaused(false));
  command('clear', () => store.clear());
  command('filter', async () => {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter Notifications'),
      prompt: vscode.l10n.t('Show only notifications whose method contains this text (empty: all)'),
      value: store.filter,
    });
    if (text === undefined) return;
    store.filter = text.trim();
    store.configure(settings().bufferSize, settings().subscriptionField);
  });
  command('export', async () => {
    const target = await vscode.window.showSaveDialog({ filters: { JSON: ['json'] }, saveLabel: vscode.l10n.t('Export') });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(store.exportJson(), 'utf8'));
  });
  command('unsubscribe', async (node?: NotificationNode) => {
    if (node?.kind !== 'subscription' || !node.unsubscribe) return;
    const known = registry.list().find((e) => sameEndpointUrl(e.config.url, node.endpoint));
    if (!known) return;
    const id: TypedValue = /^\d+$/.test(node.subscription.id) && String(Number(node.subscription.id)) === node.subscription.id ? Number(node.subscription.id) : node.subscription.id;
    await vscode.commands.executeCommand('rpcExplorer.callMethod', known.config.url, node.unsubscribe, [id], { showPanel: false });
    store.forgetSubscription(node.endpoint, node.subscription.id);
  });

  const show = async () => {
    shown = true;
    userClosed = false;
    await vscode.commands.executeCommand('setContext', 'rpcExplorer.notifications.active', true);
    await vscode.commands.executeCommand(`${NOTIFICATIONS_VIEW_ID}.focus`);
  };
  return { store, view, provider, show, commands };
}
