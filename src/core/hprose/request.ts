/** The exact HTTP requests of hprose 2.x: a call (`C…z`) and the function list (`z`). */
import type { EncodedRequest, TypedValue } from '../types';
import { HPROSE_CONTENT_TYPE } from './contentType';
import { FUNCTION_LIST_REQUEST, encodeCall } from './protocol';

/** The exact request of a call: `C…z`. */
export function encodeHproseCall(method: string, args: readonly TypedValue[]): EncodedRequest {
  return { method: 'POST', headers: { 'content-type': HPROSE_CONTENT_TYPE }, body: encodeCall(method, args) };
}

/** The function-list request: `z`. */
export const FUNCTION_LIST: EncodedRequest = { method: 'POST', headers: { 'content-type': HPROSE_CONTENT_TYPE }, body: FUNCTION_LIST_REQUEST };
