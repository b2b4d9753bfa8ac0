/** JSON-RPC 2.0 over HTTP POST or WebSocket. The client and codec load on the first request (a chunk, see esbuild.js). */
import type { ProtocolDescriptor } from '../types';
import { JSONRPC_CONTENT_TYPE } from './contentType';

export { JSONRPC_CONTENT_TYPE };

let loaded: typeof import('./index') | undefined;
const implementation = () => (loaded ??= require('./index') as typeof import('./index'));

export const jsonRpcProtocol: ProtocolDescriptor<'jsonrpc'> = {
  id: 'jsonrpc',
  label: 'JSON-RPC',
  // aria2's endpoint; most other servers answer wherever they are mounted.
  defaultPaths: ['/jsonrpc'],
  contentType: JSONRPC_CONTENT_TYPE,
  webSocket: true,
  get client() {
    return implementation().jsonRpcClient;
  },
  // Any reply, even an error object, proves JSON-RPC. system.listMethods rather than rpc.discover: aria2 answers it
  // without its secret token, and delays every unauthorised request by a second.
  probe: (url, options) => implementation().jsonRpcClient.call(url, 'system.listMethods', [], options),
  encodeCall: (method, args, id) => implementation().encodeJsonRpcCall(method, args, id),
  decodeResult: (body, request) => implementation().decodeResponse({ status: 200, host: '', headers: {}, body }, request?.id),
};
