/**
 * The hprose 2.x client: raw hprose bodies over a transport (HTTP by default). hprose says nothing about signatures
 * or help, so discovery lists names only.
 */
import { httpTransport } from '../httpTransport';
import type { ProtocolClient, Transport } from '../types';
import { decodeCallResponse, decodeFunctionList } from './protocol';
import { encodeHproseCall, FUNCTION_LIST } from './request';

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
