/**
 * Counts the notifications a call's EXPECT NOTIFICATIONS names on the call's WebSocket connection, from just before
 * the call is sent until enough arrived or its deadline passed.
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../core/errors';
import type { TransportOptions } from '../core/types';
import { webSocketConnection } from '../core/websocket';
import { isWebSocketUrl } from '../core/websocket/url';
import type { NotificationExpectation } from './notificationExpectation';

export interface NotificationWatch {
  /** Resolves with the verdict once `count` arrived (undefined) or at the deadline (the one-line failure). */
  verdict(deadline: number, signal?: AbortSignal): Promise<string | undefined>;
  stop(): void;
}

export function watchNotifications(url: string, expected: NotificationExpectation, options: TransportOptions): NotificationWatch {
  if (!isWebSocketUrl(url)) throw new RpcError('usage', l10n.t('EXPECT NOTIFICATIONS needs a ws:// or wss:// URL'));
  let seen = 0;
  let wake: (() => void) | undefined;
  const stopListening = webSocketConnection(url, options).onNotification((notification) => {
    if (notification.method !== expected.method) return;
    seen++;
    if (seen >= expected.count) wake?.();
  });
  return {
    async verdict(deadline, signal) {
      if (seen < expected.count) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
          };
          wake = done;
          signal?.addEventListener('abort', done, { once: true });
        });
      }
      if (seen >= expected.count) return undefined;
      return l10n.t('expected {0} notifications {1}, got {2}', expected.count, expected.method, seen);
    },
    stop: stopListening,
  };
}
