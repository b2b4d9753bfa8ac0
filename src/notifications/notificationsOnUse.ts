import type * as vscode from 'vscode';
import type { CommandTable } from '../common/commandTable';
import { onWebSocketConnection } from '../core/websocket/pool';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { once } from '../lazy/once';
import type { NotificationsFeature } from './index';

/** The view's commands, each run on the loaded feature (package.json lists them). */
const VIEW_COMMANDS = ['filter', 'pause', 'resume', 'clear', 'export', 'unsubscribe'] as const;

/** The Notifications feature, loaded on first use, and its commands. */
export interface NotificationsOnUse {
  /** The feature, loading it. */
  get(): NotificationsFeature;
  commands(): CommandTable;
}

/**
 * Notifications of WebSocket endpoints: the feature (a chunk, see esbuild.js) loads with the first WebSocket
 * connection or Show Notifications.
 */
export function notificationsOnUse(context: vscode.ExtensionContext, registry: EndpointRegistry): NotificationsOnUse {
  const get = once(() => (require('./index') as typeof import('./index')).activateNotifications(context, registry));
  const stopWatching = onWebSocketConnection(() => get());
  context.subscriptions.push({ dispose: stopWatching });
  return {
    get,
    commands: () => {
      const table: CommandTable = { 'rpcExplorer.showNotifications': () => get().show() };
      for (const id of VIEW_COMMANDS) table[`rpcExplorer.notifications.${id}`] = (...args: unknown[]) => get().commands[id](...args);
      return table;
    },
  };
}
