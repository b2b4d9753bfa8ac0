/**
 * The facade of the protocol core: what the extension and the CLI import.
 */
import { RpcError, RpcFault, describeError } from './errors';
import { hproseClient } from './hprose';
import { jsonRpcClient } from './jsonrpc';
import { parseEndpointUrl } from './transport';
import type { CallOptions, DiscoverOptions, Discovery, Protocol, ProtocolChoice, ProtocolClient, TransportOptions, TypedValue } from './types';
import { validateTypedValue } from './values';
import { xmlRpcClient } from './xmlrpc';

export * from './types';
export * from './errors';
export * from './values';

export const PROTOCOL_LABELS: Readonly<Record<Protocol, string>> = { xmlrpc: 'XML-RPC', jsonrpc: 'JSON-RPC', hprose: 'hprose' };

/**
 * Auto-detection order, which is also the order of preference when two probes answer alike. All probes go out at
 * once (they are discovery requests, free of side effects) and the first protocol that answers wins; the others
 * are cancelled. So a server that stalls on a request it cannot read (the npm hprose server holds one for 10 s)
 * costs nothing when another probe has its answer.
 */
const AUTO_ORDER: readonly Protocol[] = ['hprose', 'xmlrpc', 'jsonrpc'];

/** Failures that say nothing about the protocol: every probe would meet them again, so report them once. */
const FATAL_KINDS = new Set(['connection', 'timeout', 'cancelled', 'usage', 'too-large']);

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

/**
 * Each protocol's cheapest side-effect-free request; it resolves or faults when the server speaks the protocol.
 * (XML-RPC: system.listMethods, whose fault still proves XML-RPC; JSON-RPC: rpc.discover; hprose: the function list.)
 */
const PROBES: Readonly<Record<Protocol, (url: string, options: CallOptions) => Promise<unknown>>> = {
  xmlrpc: (url, options) => xmlRpcClient.call(url, 'system.listMethods', [], options),
  jsonrpc: (url, options) => jsonRpcClient.call(url, 'rpc.discover', [], options),
  hprose: (url, options) => hproseClient.discover(url, options),
};

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
  const fatal = outcomes.find(({ error }) => error instanceof RpcError && FATAL_KINDS.has(error.kind));
  if (fatal) return fatal.error as RpcError;
  const statuses = outcomes.map(({ error }) => (error instanceof RpcError && error.kind === 'http' ? /^HTTP \d+/.exec(error.message)?.[0] : undefined));
  if (statuses[0] !== undefined && statuses.every((s) => s === statuses[0])) {
    return new RpcError('unsupported', `no supported protocol answered: every probe (${outcomes.map((o) => PROTOCOL_LABELS[o.protocol]).join(', ')}) got ${probeOutcome(outcomes[0].error)}`);
  }
  return new RpcError('unsupported', `no supported protocol answered — ${outcomes.map((o) => `${PROTOCOL_LABELS[o.protocol]}: ${probeOutcome(o.error)}`).join('; ')}`);
}

/**
 * Does this failure prove the server speaks `candidate`? A fault does, and so does an error the client raised after
 * recognising its own protocol in a broken answer (`error.protocol` set: a <methodResponse> with a DOCTYPE, a
 * JSON-RPC reply with the wrong id, an hprose server that will not list its functions).
 */
function provesProtocol(error: unknown, candidate: Protocol): boolean {
  return error instanceof RpcFault || (error instanceof RpcError && error.protocol === candidate);
}

/**
 * Runs `attempt` for every protocol at once. Resolves with the first protocol whose attempt succeeds or proves the
 * protocol (then `error` is that attempt's failure); the others are cancelled. When none does, rejects with one
 * RpcError: the connection problem they all met, or what each got.
 */
async function raceProtocols<T>(
  options: TransportOptions,
  attempt: (protocol: Protocol, options: TransportOptions) => Promise<T>,
): Promise<{ protocol: Protocol; value?: T; error?: unknown }> {
  const controllers = AUTO_ORDER.map(() => new AbortController());
  const cancelAll = () => controllers.forEach((c) => c.abort());
  options.signal?.addEventListener('abort', cancelAll, { once: true });
  try {
    return await new Promise((resolve, reject) => {
      const outcomes: ProbeOutcome[] = [];
      let done = false;
      AUTO_ORDER.forEach((protocol, i) => {
        const settle = (winner: { protocol: Protocol; value?: T; error?: unknown } | undefined, error?: unknown) => {
          if (done) return;
          if (winner) {
            done = true;
            resolve(winner);
            return;
          }
          outcomes[i] = { protocol, error };
          if (outcomes.filter(Boolean).length === AUTO_ORDER.length) {
            done = true;
            if (options.signal?.aborted) reject(new RpcError('cancelled', 'request cancelled'));
            else reject(noProtocolAnswered(outcomes));
          }
        };
        attempt(protocol, { ...options, signal: controllers[i].signal, idempotent: true }).then(
          (value) => settle({ protocol, value }),
          (error) => settle(provesProtocol(error, protocol) ? { protocol, error } : undefined, error),
        );
      });
    });
  } finally {
    options.signal?.removeEventListener('abort', cancelAll);
    cancelAll();
  }
}

/** Protocols found by probing, per URL, for the life of the process: a call is probed for once, then sent once. */
const detectedProtocols = new Map<string, { protocol: Protocol; url: string }>();

/** `url` with `/RPC2` for a URL that names no path (as Python's ServerProxy posts); undefined when it names one. */
export function rpc2Fallback(url: string): string | undefined {
  const parsed = parseEndpointUrl(url);
  if (parsed.pathname !== '/' || parsed.search !== '') return undefined;
  parsed.pathname = '/RPC2';
  return parsed.toString();
}

/** A failure that says "nothing RPC lives at this path": worth trying /RPC2. */
function wrongPath(error: unknown): boolean {
  if (!(error instanceof RpcError)) return false;
  if (error.kind === 'unsupported') return true;
  if (error.kind === 'http') return /^HTTP (404|405|501)\b/.test(error.message);
  return error.kind === 'malformed' && error.protocol === undefined;
}

/**
 * Runs `attempt` on the URL, and when the URL names no path and nothing RPC answered there, on `/RPC2` (where
 * ServerProxy posts): the result says which URL answered. The first failure is the one reported.
 */
async function withRpc2Fallback<T>(url: string, protocol: ProtocolChoice, attempt: (url: string) => Promise<T>): Promise<{ url: string; value: T }> {
  try {
    return { url, value: await attempt(url) };
  } catch (error) {
    const alternative = protocol === 'auto' || protocol === 'xmlrpc' ? rpc2Fallback(url) : undefined;
    if (!alternative || !wrongPath(error)) throw error;
    try {
      return { url: alternative, value: await attempt(alternative) };
    } catch (second) {
      // /RPC2 proved the protocol, but faulted or could not list: that is the answer, from the right place.
      if (second instanceof RpcError && second.kind === 'no-introspection') throw second;
      throw error;
    }
  }
}

/**
 * Lists a server's methods. With 'auto', probes every protocol's discovery at once and the result names the one
 * that answered; when none does, rejects with one RpcError (kind 'unsupported') naming what each probe got. A server
 * that speaks a protocol but cannot list methods rejects with kind 'no-introspection' and `error.protocol` set. For a
 * URL without a path whose root is not an RPC endpoint, `/RPC2` is tried and the result's `url` names it.
 */
export async function discover(url: string, protocol: ProtocolChoice, options: DiscoverOptions = {}): Promise<Discovery> {
  parseEndpointUrl(url); // a bad URL is one usage error, not three probe failures
  const found = await withRpc2Fallback(url, protocol, (target) => discoverAt(target, protocol, options));
  const discovery = found.value;
  detectedProtocols.set(url, { protocol: discovery.protocol, url: found.url });
  return found.url === url ? discovery : { ...discovery, url: found.url };
}

async function discoverAt(url: string, protocol: ProtocolChoice, options: DiscoverOptions): Promise<Discovery> {
  if (protocol !== 'auto') return clientFor(protocol).discover(url, { ...options, idempotent: true });
  const won = await raceProtocols(options, (candidate, probeOptions) => clientFor(candidate).discover(url, { ...options, ...probeOptions }));
  // The other probes went out too, at the same time.
  if (won.value) return { ...won.value, roundTrips: won.value.roundTrips + AUTO_ORDER.length - 1 };
  const error = won.error;
  if (error instanceof RpcFault) {
    // The server answered in this protocol, so it speaks it; it just would not list its methods.
    throw new RpcError('no-introspection', `${PROTOCOL_LABELS[won.protocol]} server cannot list its methods: ${describeError(error)}`, won.protocol);
  }
  throw error;
}

/**
 * Which protocol a server speaks, and at which URL (`/RPC2` for a URL with no path whose root is not an RPC
 * endpoint): asked with side-effect-free probes, remembered for the life of the process.
 */
export async function detectProtocol(url: string, options: TransportOptions = {}): Promise<{ protocol: Protocol; url: string }> {
  parseEndpointUrl(url);
  const known = detectedProtocols.get(url);
  if (known) return known;
  const found = await withRpc2Fallback(url, 'auto', (target) => raceProtocols(options, (candidate, probeOptions) => PROBES[candidate](target, probeOptions)));
  const detected = { protocol: found.value.protocol, url: found.url };
  detectedProtocols.set(url, detected);
  return detected;
}

/**
 * Where an XML-RPC call to `url` goes: the URL itself, or `/RPC2` when the URL names no path and its root is not an
 * XML-RPC endpoint (found with a side-effect-free probe, remembered). Other protocols keep the URL as given.
 */
export async function resolveCallUrl(url: string, protocol: Protocol, options: TransportOptions = {}): Promise<string> {
  if (protocol !== 'xmlrpc' || !rpc2Fallback(url)) return url;
  const known = detectedProtocols.get(url);
  if (known) return known.url;
  const found = await withRpc2Fallback(url, 'xmlrpc', async (target) => {
    try {
      await PROBES.xmlrpc(target, { ...options, idempotent: true });
    } catch (error) {
      if (!provesProtocol(error, 'xmlrpc')) throw error;
    }
  });
  detectedProtocols.set(url, { protocol, url: found.url });
  return found.url;
}

/**
 * Calls a method on a server whose protocol is unknown (the CLI's `call --protocol auto`): finds the protocol with
 * discovery probes, then sends the call once, in that protocol — a call may have side effects.
 */
export async function callMethodAuto(
  url: string,
  method: string,
  args: TypedValue[],
  options?: CallOptions,
): Promise<{ protocol: Protocol; result: TypedValue; url: string }> {
  const detected = await detectProtocol(url, options);
  return { ...detected, result: await callMethod(detected.url, detected.protocol, method, args, options) };
}

/**
 * Calls one method; rejects with RpcFault for a server fault, RpcError otherwise. `options.leadingArgs` (a secret
 * every method takes first, such as aria2's `token:…`) go before the arguments.
 */
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
    const sent = options?.leadingArgs?.length ? [...options.leadingArgs, ...args] : args;
    return clientFor(protocol).call(url, method, sent, { ...options, idempotent: false });
  } catch (error) {
    return Promise.reject(error);
  }
}
