/** JSON-RPC over WebSocket: the transport, the per-endpoint connections and their notifications. */
export { webSocketTransport } from './transport';
export { webSocketConnection, webSocketConnections, onWebSocketConnection, closeWebSocketConnections, isWebSocketUrl } from './pool';
export type { WebSocketConnection, ConnectionState, ServerNotification } from './connection';
