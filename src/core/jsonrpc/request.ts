/** The exact request of a JSON-RPC 2.0 call: numbers as typed, ids unique within the process. */
import type { EncodedRequest, TypedValue } from '../types';
import { JSONRPC_CONTENT_TYPE } from './contentType';
import { toJsonText } from './values';

let lastId = 0;

/** Ids are unique within the process; a reply with another id is refused. */
function nextId(): number {
  lastId = lastId >= Number.MAX_SAFE_INTEGER ? 1 : lastId + 1;
  return lastId;
}

export function encodeRequest(id: number, method: string, args: readonly TypedValue[]): string {
  const head = JSON.stringify({ jsonrpc: '2.0', method, id });
  // `params` may be omitted (JSON-RPC 2.0 §4); we send it only when there are arguments. toJsonText keeps numbers
  // as typed (an {"$i8"} with every digit, 1.0 as 1.0), which JSON.stringify of JS values cannot.
  if (args.length === 0) return head;
  return head.slice(0, -1) + ',"params":' + toJsonText(args as TypedValue[]) + '}';
}

/** The exact request of a call, with request id `id` (the next one of the process when omitted). */
export function encodeJsonRpcCall(method: string, args: readonly TypedValue[], id = nextId()): EncodedRequest {
  return { method: 'POST', headers: { 'content-type': JSONRPC_CONTENT_TYPE }, body: Buffer.from(encodeRequest(id, method, args), 'utf8'), id };
}
