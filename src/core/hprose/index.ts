/**
 * The hprose 2.x client: raw hprose bodies POSTed over the shared transport. hprose says nothing about signatures or
 * help, so discovery lists names only.
 */
import { postBody } from '../transport';
import type { CallOptions, DiscoverOptions, Discovery, ProtocolClient, TypedValue } from '../types';
import { FUNCTION_LIST_REQUEST, decodeCallResponse, decodeFunctionList, encodeCall } from './protocol';

/** What the Python hprose client sends; the npm server ignores the content type. */
const CONTENT_TYPE = 'application/hprose';

export const hproseClient: ProtocolClient = {
  protocol: 'hprose',

  async discover(url: string, options: DiscoverOptions = {}): Promise<Discovery> {
    const response = await postBody(url, FUNCTION_LIST_REQUEST, CONTENT_TYPE, options, 'function list');
    const names = decodeFunctionList(response.body);
    return { protocol: 'hprose', methods: names.map((name) => ({ name, signatures: null, help: null })), roundTrips: 1 };
  },

  async call(url: string, method: string, args: TypedValue[], options: CallOptions = {}): Promise<TypedValue> {
    const response = await postBody(url, encodeCall(method, args), CONTENT_TYPE, options, method);
    return decodeCallResponse(response.body);
  },
};

export { encodeCall, decodeCallResponse, decodeFunctionList } from './protocol';
export { serializeValue } from './writer';
export { HproseReader } from './reader';
