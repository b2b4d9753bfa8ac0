/** JSON-RPC 2.0 over HTTP POST or WebSocket. */
import type { ProtocolDescriptor } from '../types';
import { JSONRPC_CONTENT_TYPE, decodeResponse, encodeJsonRpcCall, jsonRpcClient } from './index';

export const jsonRpcProtocol: ProtocolDescriptor<'jsonrpc'> = {
  id: 'jsonrpc',
  label: 'JSON-RPC',
  // aria2's endpoint; most other servers answer wherever they are mounted.
  defaultPaths: ['/jsonrpc'],
  contentType: JSONRPC_CONTENT_TYPE,
  webSocket: true,
  client: jsonRpcClient,
  // Any reply, even an error object, proves JSON-RPC. system.listMethods rather than rpc.discover: aria2 answers it
  // without its secret token, and delays every unauthorised request by a second.
  probe: (url, options) => jsonRpcClient.call(url, 'system.listMethods', [], options),
  encodeCall: encodeJsonRpcCall,
  decodeResult: (body, request) => decodeResponse({ status: 200, host: '', headers: {}, body }, request?.id),
};
