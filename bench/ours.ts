// What the benchmark measures of ours, bundled by bench/run.mjs into bench/.data/ours.cjs (esbuild).
// The facade (src/core/index.ts) is preferred; until it is implemented, the XML-RPC client it delegates to.
import * as facade from '../src/core/index';
import type { CallOptions, DiscoverOptions, Discovery, TypedValue } from '../src/core/types';
import { xmlRpcClient } from '../src/core/xmlrpc/index';

export {
  decodeMethodResponse as decodeResponse,
  encodeMethodCall as encodeCall,
  parseXml,
  XML_PARSER_OPTIONS as parserOptions,
} from '../src/core/xmlrpc/index';

export const usesFacade = typeof facade.discover === 'function' && typeof facade.callMethod === 'function';

export function discover(url: string, options?: DiscoverOptions): Promise<Discovery> {
  return usesFacade ? facade.discover(url, 'xmlrpc', options) : xmlRpcClient.discover(url, options);
}

export function callMethod(url: string, method: string, args: TypedValue[], options?: CallOptions): Promise<TypedValue> {
  return usesFacade ? facade.callMethod(url, 'xmlrpc', method, args, options) : xmlRpcClient.call(url, method, args, options);
}

/** The request-file (.rpc) parser, for requestFile.parse_ms. */
export { parseRequestFile } from '../src/requestFiles/parser';

/** JSON-RPC calls over HTTP or WebSocket (the URL's scheme), for the WebSocket latency figure. */
export function jsonRpcCall(url: string, method: string, args: TypedValue[], options?: CallOptions): Promise<TypedValue> {
  return facade.callMethod(url, 'jsonrpc', method, args, options);
}

/** The WebSocket connections and the Notifications view's store, for notifications.burst. */
export { webSocketConnection, closeWebSocketConnections } from '../src/core/websocket';
export { NotificationStore } from '../src/notifications/notificationStore';
