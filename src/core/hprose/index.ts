/**
 * The hprose 2.x client: raw hprose bodies over a transport (HTTP by default). hprose says nothing about signatures
 * or help, so discovery lists names only.
 */
import { httpTransport } from '../httpTransport';
import type { EncodedRequest, ProtocolClient, Transport, TypedValue } from '../types';
import { FUNCTION_LIST_REQUEST, decodeCallResponse, decodeFunctionList, encodeCall } from './protocol';

import { HPROSE_CONTENT_TYPE } from './contentType';

export { HPROSE_CONTENT_TYPE };

/** The exact request of a call: `C…z`. */
export function encodeHproseCall(method: string, args: readonly TypedValue[]): EncodedRequest {
  return { method: 'POST', headers: { 'content-type': HPROSE_CONTENT_TYPE }, body: encodeCall(method, args) };
}

/** The function-list request: `z`. */
const FUNCTION_LIST: EncodedRequest = { method: 'POST', headers: { 'content-type': HPROSE_CONTENT_TYPE }, body: FUNCTION_LIST_REQUEST };

/** An hprose client whose requests travel over `transport`. */
export function createHproseClient(transport: Transport): ProtocolClient<'hprose'> {
  return {
    protocol: 'hprose',

    async discover(url, options = {}) {
      const names = await transport.send(url, FUNCTION_LIST, options, 'function list', (reply) => decodeFunctionList(reply.body));
      return { protocol: 'hprose', methods: names.map((name) => ({ name, signatures: null, help: null })), roundTrips: 1 };
    },

    async call(url, method, args, options = {}) {
      return transport.send(url, encodeHproseCall(method, args), options, method, (reply) => decodeCallResponse(reply.body));
    },
  };
}

export const hproseClient = createHproseClient(httpTransport);

export { encodeCall, decodeCallResponse, decodeFunctionList } from './protocol';
export { serializeValue } from './writer';
export { HproseReader } from './reader';
