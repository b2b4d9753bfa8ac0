/**
 * The WebSocket connections of the process: one per endpoint (URL, headers and TLS settings), made on first use.
 * The extension's tree and Notifications view, and the CLI's `listen`, observe them here.
 */
import type { TransportOptions } from '../types';
import type { WebSocketConnection } from './connection';

// The connection (and the ws library behind it) loads with the first WebSocket endpoint: a chunk (see esbuild.js).
const connectionModule = () => require('./connection') as typeof import('./connection');

export { isWebSocketUrl } from './url';

const connections = new Map<string, WebSocketConnection>();
const addedListeners = new Set<(connection: WebSocketConnection) => void>();

function keyOf(url: string, options: TransportOptions): string {
  const headers = Object.entries(options.headers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([url.trim(), headers, options.caFile ?? '', Boolean(options.insecure), options.maxResponseBytes ?? 0]);
}

/** The connection to an endpoint, made (not yet opened) when there is none. */
export function webSocketConnection(url: string, options: TransportOptions = {}): WebSocketConnection {
  const key = keyOf(url, options);
  let connection = connections.get(key);
  if (!connection) {
    connection = new (connectionModule().WebSocketConnection)({
      url: url.trim(),
      headers: options.headers,
      caFile: options.caFile,
      insecure: options.insecure,
      maxResponseBytes: options.maxResponseBytes,
    });
    connections.set(key, connection);
    for (const listener of [...addedListeners]) listener(connection);
  }
  return connection;
}

/** The connections made so far. */
export function webSocketConnections(): WebSocketConnection[] {
  return [...connections.values()];
}

/** Called for every new connection; returns its unsubscribe. */
export function onWebSocketConnection(listener: (connection: WebSocketConnection) => void): () => void {
  addedListeners.add(listener);
  return () => addedListeners.delete(listener);
}

/** Closes every connection (the CLI before it exits, tests after each server). */
export function closeWebSocketConnections(): void {
  for (const connection of connections.values()) connection.close();
  connections.clear();
}
