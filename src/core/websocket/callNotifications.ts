/**
 * The notifications that arrive on a ws:// endpoint's connection while a call to it runs, to show beside its answer
 * (at most MAX_KEPT; the count says how many came). The command path and request files both collect them.
 */
import type { TransportOptions, TypedValue } from '../types';
import { webSocketConnection } from './pool';
import { isWebSocketUrl } from './url';

const MAX_KEPT = 200;

export interface CallNotifications {
  count: number;
  items: { method: string; params?: TypedValue; receivedAt: number }[];
}

/** Starts collecting; `stop()` returns what came (undefined for an HTTP endpoint). */
export function collectNotifications(url: string, options: TransportOptions): { stop(): CallNotifications | undefined } {
  if (!isWebSocketUrl(url)) return { stop: () => undefined };
  const collected: CallNotifications = { count: 0, items: [] };
  const stopListening = webSocketConnection(url, options).onNotification((notification) => {
    collected.count++;
    if (collected.items.length < MAX_KEPT) collected.items.push({ method: notification.method, params: notification.params, receivedAt: notification.receivedAt });
  });
  return {
    stop() {
      stopListening();
      return collected;
    },
  };
}
