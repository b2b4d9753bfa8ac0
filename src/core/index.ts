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
 * Auto-detection order: the cheapest, least ambiguous probe first.
 * - hprose first: its probe is one byte (`z`), only an hprose server answers `F…z`, and XML-RPC and JSON-RPC
 *   servers reject it at once. The other way round is slow: the npm hprose server delays every answer to a request
 *   it cannot read by 10 s (its `errorDelay`), so probing it with XML or JSON first would cost 20 s.
 * - XML-RPC next: any <methodResponse>, even a fault, settles the protocol (e.g. the origin document's server,
 *   which has no introspection).
 * - JSON-RPC last: a JSON reply with "jsonrpc" settles it.
 */
const AUTO_ORDER: readonly Protocol[] = ['hprose', 'xmlrpc', 'jsonrpc'];

/** Failures that say nothing about the protocol: every probe would meet them again, so report them once. */
const FATAL_KINDS = new Set(['connection', 'timeout', 'cancelled', 'usage', 'no-introspection', 'too-large']);

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
    .replace(/^(XML-RPC|JSON-RPC|hprose):\s*/i, '')
    .replace(/^malformed ([\w-]+ )?response: /i, '');
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}

interface ProbeOutcome {
  protocol: Protocol;
  error: unknown;
}

/** The one error of a failed auto-detection: what each probe got (once, when they all got the same HTTP status). */
function noProtocolAnswered(outcomes: ProbeOutcome[]): RpcError {
  const statuses = outcomes.map(({ error }) => (error instanceof RpcError && error.kind === 'http' ? /^HTTP \d+/.exec(error.message)?.[0] : undefined));
  if (statuses[0] !== undefined && statuses.every((s) => s === statuses[0])) {
    return new RpcError('unsupported', `no supported protocol answered: every probe (${outcomes.map((o) => PROTOCOL_LABELS[o.protocol]).join(', ')}) got ${probeOutcome(outcomes[0].error)}`);
  }
  return new RpcError('unsupported', `no supported protocol answered — ${outcomes.map((o) => `${PROTOCOL_LABELS[o.protocol]}: ${probeOutcome(o.error)}`).join('; ')}`);
}

/**
 * Does this probe failure settle the protocol? Yes for errors that no other protocol would fix (connection,
 * timeout...), and for errors the client raised after recognising its own protocol in a broken answer
 * (`error.protocol` set: e.g. a <methodResponse> with a DOCTYPE, a JSON-RPC reply with the wrong id).
 */
function settlesProtocol(error: unknown, candidate: Protocol): boolean {
  if (error instanceof RpcFault) return true;
  return error instanceof RpcError && (FATAL_KINDS.has(error.kind) || error.protocol === candidate);
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

  const outcomes: ProbeOutcome[] = [];
  let roundTrips = 0;
  for (const candidate of AUTO_ORDER) {
    try {
      const found = await clientFor(candidate).discover(url, options);
      return { ...found, roundTrips: found.roundTrips + roundTrips };
    } catch (error) {
      if (error instanceof RpcError && settlesProtocol(error, candidate)) throw error;
      if (error instanceof RpcFault) {
        // The server answered in this protocol, so it speaks it; it just would not list its methods.
        throw new RpcError('no-introspection', `${PROTOCOL_LABELS[candidate]} server cannot list its methods: ${describeError(error)}`, candidate);
      }
      roundTrips++;
      outcomes.push({ protocol: candidate, error });
    }
  }
  throw noProtocolAnswered(outcomes);
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
  const outcomes: ProbeOutcome[] = [];
  for (const candidate of AUTO_ORDER) {
    try {
      return { protocol: candidate, result: await callMethod(url, candidate, method, args, options) };
    } catch (error) {
      if (settlesProtocol(error, candidate)) throw error;
      outcomes.push({ protocol: candidate, error });
    }
  }
  throw noProtocolAnswered(outcomes);
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
