/**
 * The hprose 2.x client: raw hprose bodies POSTed over the shared transport. hprose says nothing about signatures or
 * help, so discovery lists names only.
 */
import { postRequest } from '../transport';
import type { CallOptions, DiscoverOptions, Discovery, ProtocolClient, TypedValue } from '../types';
import { FUNCTION_LIST_REQUEST, decodeCallResponse, decodeFunctionList, encodeCall } from './protocol';

/** What the Python hprose client sends; the npm server ignores the content type. */
const CONTENT_TYPE = 'application/hprose';

export const hproseClient: ProtocolClient = {
  protocol: 'hprose',

  async discover(url: string, options: DiscoverOptions = {}): Promise<Discovery> {
    const names = await postRequest(url, FUNCTION_LIST_REQUEST, CONTENT_TYPE, options, 'function list', (response) => decodeFunctionList(response.body));
    return { protocol: 'hprose', methods: names.map((name) => ({ name, signatures: null, help: null })), roundTrips: 1 };
  },

  call(url: string, method: string, args: TypedValue[], options: CallOptions = {}): Promise<TypedValue> {
    return postRequest(url, encodeCall(method, args), CONTENT_TYPE, options, method, (response) => decodeCallResponse(response.body));
  },
};

export { encodeCall, decodeCallResponse, decodeFunctionList } from './protocol';
export { serializeValue } from './writer';
export { HproseReader } from './reader';
