/**
 * The Notifications view: per WebSocket endpoint, an "N older dropped" row when the ring buffer overflowed, the
 * subscriptions (their notifications grouped under them), then one row per notification — newest first — with its
 * time, method and params as an expandable tree.
 */
import * as vscode from 'vscode';
import type { TypedValue } from '../core/types';
import type { EndpointNotifications, NotificationStore, StoredNotification, Subscription } from './notificationStore';

export type NotificationNode =
  | { kind: 'endpoint'; endpoint: string }
  | { kind: 'dropped'; endpoint: string; count: number }
  | { kind: 'subscription'; endpoint: string; subscription: Subscription; unsubscribe?: string }
  | { kind: 'message'; endpoint: string; item: StoredNotification }
  | { kind: 'unlisted'; endpoint: string; count: number }
  | { kind: 'value'; key: string; value: TypedValue | undefined };

const PREVIEW_CHARS = 120;
/**
 * Rows listed per endpoint or subscription, newest first: the buffer keeps more (export has them all), but a tree
 * of 10,000 rows refreshed during a burst stalls the workbench, and nobody scrolls through them.
 */
export const MAX_LISTED = 500;

function preview(value: TypedValue | undefined): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > PREVIEW_CHARS ? text.slice(0, PREVIEW_CHARS - 1) + '…' : text;
}

function expandable(value: TypedValue | undefined): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function time(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export class NotificationsViewProvider implements vscode.TreeDataProvider<NotificationNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NotificationNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly endpointNodes = new Map<string, NotificationNode & { kind: 'endpoint' }>();
  private readonly stopListening: () => void;

  constructor(
    private readonly store: NotificationStore,
    /** The server's method that ends a subscription made by `method` on an endpoint, when it has one. */
    private readonly unsubscribeMethod: (endpoint: string, method: string) => string | undefined,
  ) {
    this.stopListening = store.onDidChange(() => this.changed.fire(undefined));
  }

  /** The endpoint's node, the very object the view holds (for reveal). */
  endpointNode(endpoint: string): NotificationNode & { kind: 'endpoint' } {
    let node = this.endpointNodes.get(endpoint);
    if (!node) this.endpointNodes.set(endpoint, (node = { kind: 'endpoint', endpoint }));
    return node;
  }

  getChildren(element?: NotificationNode): NotificationNode[] {
    if (!element) return this.store.list().map((entry) => this.endpointNode(entry.endpoint));
    switch (element.kind) {
      case 'endpoint': {
        const entry = this.store.get(element.endpoint);
        if (!entry) return [];
        const rows: NotificationNode[] = [];
        const dropped = entry.dropped + entry.hidden;
        if (dropped > 0) rows.push({ kind: 'dropped', endpoint: entry.endpoint, count: dropped });
        for (const subscription of entry.subscriptions.values()) {
          rows.push({ kind: 'subscription', endpoint: entry.endpoint, subscription, unsubscribe: this.unsubscribeMethod(entry.endpoint, subscription.method) });
        }
        return rows.concat(this.messages(entry, null));
      }
      case 'subscription': {
        const entry = this.store.get(element.endpoint);
        return entry ? this.messages(entry, element.subscription.id) : [];
      }
      case 'message':
        return this.valueChildren(element.item.params);
      case 'value':
        return this.valueChildren(element.value);
      default:
        return [];
    }
  }

  getParent(element: NotificationNode): NotificationNode | undefined {
    return element.kind === 'endpoint' || element.kind === 'value' ? undefined : this.endpointNode(element.endpoint);
  }

  getTreeItem(element: NotificationNode): vscode.TreeItem {
    switch (element.kind) {
      case 'endpoint': {
        const entry = this.store.get(element.endpoint);
        const shown = entry ? this.store.visible(entry).length : 0;
        const item = new vscode.TreeItem(element.endpoint, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `notifications|${element.endpoint}`;
        item.iconPath = new vscode.ThemeIcon('radio-tower');
        item.description = shown === 1 ? vscode.l10n.t('1 notification') : vscode.l10n.t('{0} notifications', shown);
        item.contextValue = 'notificationEndpoint';
        item.accessibilityInformation = { label: `${element.endpoint}, ${item.description}` };
        return item;
      }
      case 'dropped': {
        const item = new vscode.TreeItem(
          element.count === 1 ? vscode.l10n.t('1 older notification dropped') : vscode.l10n.t('{0} older notifications dropped', element.count),
          vscode.TreeItemCollapsibleState.None,
        );
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = vscode.l10n.t('The buffer keeps the newest notifications of each endpoint (setting rpcExplorer.notifications.bufferSize).');
        return item;
      }
      case 'unlisted': {
        const item = new vscode.TreeItem(
          element.count === 1 ? vscode.l10n.t('1 older notification not listed') : vscode.l10n.t('{0} older notifications not listed', element.count),
          vscode.TreeItemCollapsibleState.None,
        );
        item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = vscode.l10n.t('The view lists the newest {0}; Filter narrows them and Export writes every one the buffer keeps.', MAX_LISTED);
        return item;
      }
      case 'subscription': {
        const { subscription } = element;
        const item = new vscode.TreeItem(vscode.l10n.t('subscription {0}', subscription.id), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `notifications|${element.endpoint}|subscription|${subscription.id}`;
        item.description = `${subscription.method} · ${subscription.count === 1 ? vscode.l10n.t('1 notification') : vscode.l10n.t('{0} notifications', subscription.count)}`;
        item.iconPath = new vscode.ThemeIcon('bell');
        item.contextValue = element.unsubscribe ? 'notificationSubscription.unsubscribable' : 'notificationSubscription';
        item.tooltip = element.unsubscribe ? vscode.l10n.t('Made by {0}; {1} ends it', subscription.method, element.unsubscribe) : vscode.l10n.t('Made by {0}', subscription.method);
        return item;
      }
      case 'message': {
        const { item: message } = element;
        const item = new vscode.TreeItem(message.method, expandable(message.params) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `notifications|${element.endpoint}|${message.seq}`;
        item.description = `${time(message.receivedAt)}  ${preview(message.params)}`;
        item.iconPath = new vscode.ThemeIcon('mail');
        item.tooltip = `${new Date(message.receivedAt).toISOString()}  ${message.method}\n${preview(message.params)}`;
        item.contextValue = 'notification';
        return item;
      }
      case 'value': {
        const item = new vscode.TreeItem(element.key, expandable(element.value) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = expandable(element.value) ? (Array.isArray(element.value) ? `[${(element.value as TypedValue[]).length}]` : '{…}') : preview(element.value);
        return item;
      }
    }
  }

  /** Newest first. `subscription` null: those outside any subscription. */
  private messages(entry: EndpointNotifications, subscription: string | null): NotificationNode[] {
    const visible = this.store.visible(entry, subscription);
    const listed = Math.min(visible.length, MAX_LISTED);
    const rows: NotificationNode[] = new Array(listed);
    for (let i = 0; i < listed; i++) rows[i] = { kind: 'message', endpoint: entry.endpoint, item: visible[visible.length - 1 - i] };
    if (visible.length > listed) rows.push({ kind: 'unlisted', endpoint: entry.endpoint, count: visible.length - listed });
    return rows;
  }

  private valueChildren(value: TypedValue | undefined): NotificationNode[] {
    if (value === null || typeof value !== 'object') return [];
    if (Array.isArray(value)) return value.map((v, i) => ({ kind: 'value', key: `[${i}]`, value: v }));
    return Object.entries(value).map(([key, v]) => ({ kind: 'value', key, value: v }));
  }

  dispose(): void {
    this.stopListening();
    this.changed.dispose();
  }
}
