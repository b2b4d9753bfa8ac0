/**
 * The facade of the protocol core: what the extension and the CLI import.
 * (Owner: core helper. Keep these signatures; others code against them.)
 */
import { RpcError, RpcFault, describeError } from './errors';
import { hproseClient } from './hprose';
import { jsonRpcClient } from './jsonrpc';
import { parseEndpointUrl } from './transport';
import type { CallOptions, DiscoverOptions, Discovery, Protocol, ProtocolChoice, ProtocolClient, TypedValue } from './types';
import { validateTypedValue } from './values';
import { xmlRpcClient } from './xmlrpc';

export * from './types';
export * from './errors';
export * from './values';

export const PROTOCOL_LABELS: Readonly<Record<Protocol, string>> = { xmlrpc: 'XML-RPC', jsonrpc: 'JSON-RPC', hprose: 'hprose' };

/**
 * Auto-detection order. XML-RPC first: it is what the origin document's servers speak, and its probe
 * (system.listMethods) is unambiguous — any <methodResponse>, even a fault, settles the protocol. JSON-RPC next
 * (a JSON reply with "jsonrpc" settles it), hprose last (its one-byte `z` probe is cheap, and both earlier probes
 * already fail fast on an hprose server with an `E…z` answer).
 */
const AUTO_ORDER: readonly Protocol[] = ['xmlrpc', 'jsonrpc', 'hprose'];

/** Failures that say nothing about the protocol: every probe would meet them again, so report them once. */
const FATAL_KINDS = new Set(['connection', 'timeout', 'cancelled', 'usage', 'no-introspection']);

/** The client of one protocol. */
export function clientFor(protocol: Protocol): ProtocolClient {
  switch (protocol) {
    case 'xmlrpc':
      return xmlRpcClient;
    case 'jsonrpc':
      return jsonRpcClient;
    case 'hprose':
      return hproseClient;
    default:
      throw new RpcError('usage', `unknown protocol "${String(protocol)}" (expected auto, xmlrpc, jsonrpc or hprose)`);
  }
}

/** A probe's failure, short enough to sit next to the two others on one line. */
function probeOutcome(error: unknown): string {
  const text = describeError(error)
    .replace(/^malformed [\w-]+ response: /i, '')
    .replace(/^malformed response: /i, '');
  return text.length > 110 ? text.slice(0, 107) + '...' : text;
}

/**
 * Lists a server's methods. With 'auto', tries each protocol's discovery in a sensible order and the result
 * names the one that worked; when none does, rejects with one RpcError (kind 'unsupported') naming what each
 * probe got. A server that speaks a protocol but cannot list methods rejects with kind 'no-introspection' and
 * `error.protocol` set.
 */
export async function discover(url: string, protocol: ProtocolChoice, options: DiscoverOptions = {}): Promise<Discovery> {
  parseEndpointUrl(url); // a bad URL is one usage error, not three probe failures
  if (protocol !== 'auto') return clientFor(protocol).discover(url, options);

  const outcomes: string[] = [];
  let roundTrips = 0;
  for (const candidate of AUTO_ORDER) {
    try {
      const found = await clientFor(candidate).discover(url, options);
      return { ...found, roundTrips: found.roundTrips + roundTrips };
    } catch (error) {
      if (error instanceof RpcError && FATAL_KINDS.has(error.kind)) throw error;
      if (error instanceof RpcFault) {
        // The server answered in this protocol, so it speaks it; it just would not list its methods.
        throw new RpcError('no-introspection', `${PROTOCOL_LABELS[candidate]} server cannot list its methods: ${describeError(error)}`, candidate);
      }
      roundTrips++;
      outcomes.push(`${PROTOCOL_LABELS[candidate]}: ${probeOutcome(error)}`);
    }
  }
  throw new RpcError('unsupported', `no supported protocol answered — ${outcomes.join('; ')}`);
}

/**
 * Calls a method on a server whose protocol is unknown (the CLI's `call --protocol auto`): sends the call in each
 * protocol in turn until one is understood. A server understands only its own protocol, so the method runs once.
 */
export async function callMethodAuto(
  url: string,
  method: string,
  args: TypedValue[],
  options?: CallOptions,
): Promise<{ protocol: Protocol; result: TypedValue }> {
  const outcomes: string[] = [];
  for (const candidate of AUTO_ORDER) {
    try {
      return { protocol: candidate, result: await callMethod(url, candidate, method, args, options) };
    } catch (error) {
      if (error instanceof RpcFault || (error instanceof RpcError && FATAL_KINDS.has(error.kind))) throw error;
      outcomes.push(`${PROTOCOL_LABELS[candidate]}: ${probeOutcome(error)}`);
    }
  }
  throw new RpcError('unsupported', `no supported protocol answered — ${outcomes.join('; ')}`);
}

/** Calls one method; rejects with RpcFault for a server fault, RpcError otherwise. */
export function callMethod(
  url: string,
  protocol: Protocol,
  method: string,
  args: TypedValue[],
  options?: CallOptions,
): Promise<TypedValue> {
  try {
    parseEndpointUrl(url);
    if (method.trim() === '') throw new RpcError('usage', 'no method name given');
    for (let i = 0; i < args.length; i++) {
      const problem = validateTypedValue(args[i]);
      if (problem) throw new RpcError('usage', `argument ${i + 1}: ${problem}`);
    }
    return clientFor(protocol).call(url, method, args, options);
  } catch (error) {
    return Promise.reject(error);
  }
}
