/**
 * The notifications of each WebSocket endpoint, as they arrive: a ring buffer per endpoint (older ones dropped and
 * counted), grouped by subscription when their params carry the result of an earlier call in the subscription
 * field, with a method filter and pause. No vscode: the view reads it, and tests can too.
 */
import type { TypedValue } from '../core/types';
import type { ServerNotification } from '../core/websocket';

export interface StoredNotification extends ServerNotification {
  /** Arrival order within the endpoint. */
  seq: number;
  /** The subscription id its params carry, when a call's result named it. */
  subscription?: string;
}

export interface Subscription {
  id: string;
  /** The call whose result the id was. */
  method: string;
  count: number;
}

export interface EndpointNotifications {
  endpoint: string;
  /** Oldest first, at most `capacity`. */
  items: StoredNotification[];
  dropped: number;
  total: number;
  /** The oldest items over the capacity, not yet dropped (see trim): not shown, counted as dropped. */
  hidden: number;
  subscriptions: Map<string, Subscription>;
}

export class NotificationStore {
  private readonly endpoints = new Map<string, EndpointNotifications>();
  /** Results of calls (a subscription id each, maybe), per endpoint: id → the method that returned it. */
  private readonly callResults = new Map<string, Map<string, string>>();
  private readonly listeners = new Set<() => void>();
  private pendingChange: NodeJS.Timeout | undefined;
  private lastNotified = -Infinity;
  paused = false;
  private trimNow = false;
  /** Only methods containing this text are shown ('' shows all). */
  filter = '';

  constructor(
    private capacity: number,
    private subscriptionField: string,
    /** How long changes gather before the listeners hear of them (a burst of 2,000 messages/s is one repaint). */
    private readonly settleMs = 200,
  ) {}

  configure(capacity: number, subscriptionField: string): void {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.subscriptionField = subscriptionField || 'subscription';
    this.trimNow = true;
    for (const entry of this.endpoints.values()) this.trim(entry);
    this.trimNow = false;
    this.changed();
  }

  /** Called (at most every settleMs; during a stream every 2.5 × settleMs) after notifications arrived or were cleared. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A call's answer on an endpoint: a string or number result may name a subscription. */
  noteResult(endpoint: string, method: string, result: TypedValue): void {
    if (typeof result !== 'string' && typeof result !== 'number') return;
    let results = this.callResults.get(endpoint);
    if (!results) this.callResults.set(endpoint, (results = new Map()));
    results.set(String(result), method);
    if (results.size > 1000) results.delete(results.keys().next().value!);
  }

  add(notification: ServerNotification): void {
    if (this.paused) return;
    let entry = this.endpoints.get(notification.endpoint);
    if (!entry) {
      entry = { endpoint: notification.endpoint, items: [], dropped: 0, total: 0, hidden: 0, subscriptions: new Map() };
      this.endpoints.set(notification.endpoint, entry);
    }
    const stored: StoredNotification = { ...notification, seq: ++entry.total };
    const id = this.subscriptionOf(notification);
    if (id !== undefined) {
      const method = this.callResults.get(notification.endpoint)?.get(id);
      if (method !== undefined) {
        stored.subscription = id;
        const subscription = entry.subscriptions.get(id) ?? { id, method, count: 0 };
        subscription.count++;
        entry.subscriptions.set(id, subscription);
      }
    }
    entry.items.push(stored);
    this.trim(entry);
    this.changed();
  }

  list(): EndpointNotifications[] {
    return [...this.endpoints.values()];
  }

  get(endpoint: string): EndpointNotifications | undefined {
    return this.endpoints.get(endpoint);
  }

  /** The stored notifications of an endpoint that pass the filter (of one subscription, or outside any). */
  visible(entry: EndpointNotifications, subscription?: string | null): StoredNotification[] {
    const filter = this.filter.toLowerCase();
    const items = entry.hidden > 0 ? entry.items.slice(entry.hidden) : entry.items;
    return items.filter(
      (item) =>
        (filter === '' || item.method.toLowerCase().includes(filter)) &&
        (subscription === undefined || (subscription === null ? item.subscription === undefined : item.subscription === subscription)),
    );
  }

  clear(endpoint?: string): void {
    if (endpoint === undefined) this.endpoints.clear();
    else this.endpoints.delete(endpoint);
    this.changed();
  }

  /** Forgets a subscription's group (after Unsubscribe); its notifications stay, ungrouped. */
  forgetSubscription(endpoint: string, id: string): void {
    const entry = this.endpoints.get(endpoint);
    entry?.subscriptions.delete(id);
    for (const item of entry?.items ?? []) if (item.subscription === id) item.subscription = undefined;
    this.callResults.get(endpoint)?.delete(id);
    this.changed();
  }

  /** What Export writes: the visible notifications of every endpoint, as JSON. */
  exportJson(): string {
    const out = this.list().map((entry) => ({
      endpoint: entry.endpoint,
      dropped: entry.dropped + entry.hidden,
      notifications: this.visible(entry).map((item) => ({
        time: new Date(item.receivedAt).toISOString(),
        method: item.method,
        ...(item.params !== undefined ? { params: item.params } : {}),
        ...(item.subscription !== undefined ? { subscription: item.subscription } : {}),
      })),
    }));
    return JSON.stringify(out, null, 2);
  }

  private subscriptionOf(notification: ServerNotification): string | undefined {
    const params = notification.params;
    if (params === null || typeof params !== 'object' || Array.isArray(params)) return undefined;
    const value = params[this.subscriptionField];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }

  private trim(entry: EndpointNotifications): void {
    const over = entry.items.length - this.capacity;
    // The overflow goes in slices of a tenth of the buffer, not one message at a time: a burst at a full buffer would
    // otherwise move 10,000 items per message. Until then the oldest few are hidden (visible() skips them).
    if (over <= 0 || (over < Math.max(1, Math.floor(this.capacity / 10)) && !this.trimNow)) {
      entry.hidden = Math.max(0, over);
      return;
    }
    entry.hidden = 0;
    // One splice for the whole overflow: a burst does not shift the array once per message.
    const removed = entry.items.splice(0, over);
    entry.dropped += over;
    for (const item of removed) {
      if (item.subscription === undefined) continue;
      const subscription = entry.subscriptions.get(item.subscription);
      if (subscription) subscription.count--;
    }
  }

  private changed(): void {
    if (this.pendingChange) return;
    // A lone message shows within settleMs; a steady stream (a change within a second of the last repaint) repaints
    // at most every 2.5 × settleMs: each repaint sends the view's rows to the workbench, which a burst must not flood.
    const streaming = performance.now() - this.lastNotified < 1000;
    this.pendingChange = setTimeout(
      () => {
        this.pendingChange = undefined;
        this.lastNotified = performance.now();
        for (const listener of [...this.listeners]) listener();
      },
      streaming ? this.settleMs * 2.5 : this.settleMs,
    );
  }

  dispose(): void {
    if (this.pendingChange) clearTimeout(this.pendingChange);
    this.listeners.clear();
  }
}
