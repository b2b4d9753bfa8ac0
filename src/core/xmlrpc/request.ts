/** The exact bytes of an XML-RPC call: what the client sends and what a "copy as curl" snippet shows. */
import type { EncodedRequest, TypedValue } from '../types';
import { encodeMethodCall } from './encode';

import { XMLRPC_CONTENT_TYPE } from './contentType';

export { XMLRPC_CONTENT_TYPE };

export function encodeXmlRpcCall(method: string, args: readonly TypedValue[]): EncodedRequest {
  return { method: 'POST', headers: { 'content-type': XMLRPC_CONTENT_TYPE }, body: Buffer.from(encodeMethodCall(method, args), 'utf8') };
}
