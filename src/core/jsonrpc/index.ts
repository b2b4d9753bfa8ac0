/** JSON-RPC 2.0: the client, the exact requests and the reply reader. The chunk dist/chunks/jsonrpc.js (see esbuild.js). */
export { createJsonRpcClient, jsonRpcClient } from './client';
export { JSONRPC_CONTENT_TYPE } from './contentType';
export { methodsFromOpenRpc, isOpenRpcDocument } from './openrpc';
export { encodeJsonRpcCall, encodeRequest } from './request';
export { decodeResponse } from './response';
export { toPlainJson } from './values';
