/**
 * The facade of the protocol core: what the extension and the CLI import. The protocols come from the registry
 * (src/core/protocols.ts); nothing here names one.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault, describeError } from './errors';
import { PROTOCOL_REGISTRY } from './protocols';
import { parseEndpointUrl } from './endpointUrl';
import type { CallOptions, DiscoverOptions, Discovery, Protocol, ProtocolClient, ProtocolDescriptor, TransportOptions, TypedValue } from './types';
import { validateTypedValue } from './values';
import { isWebSocketUrl } from './websocket/url';

export * from './types';
export * from './errors';
export * from './values';
export * from './secrets';
export { PROTOCOL_REGISTRY, PROTOCOLS, PROTOCOL_CHOICES, PROTOCOL_LABELS, isProtocol, isProtocolChoice, protocolDescriptor } from './protocols';

/** The longest a probe may take before the next protocol is asked (the last one gets the whole timeout). */
const PROBE_TIMEOUT_MS = 5000;

/** Failures that say nothing about the protocol: every probe would meet them again, so report them once. */
const FATAL_KINDS = new Set(['connection', 'timeout', 'cancelled', 'usage', 'too-large']);

/** A failure that says "nothing RPC lives at this path": worth trying the protocol's usual path. */
function wrongPath(error: unknown): boolean {
  if (!(error instanceof RpcError)) return false;
  if (error.kind === 'unsupported') return true;
  if (error.kind === 'http') return error.detail.status === 404 || error.detail.status === 405 || error.detail.status === 501;
  return error.kind === 'malformed' && error.protocol === undefined;
}

/** `url` with `path` when the URL names no path (as Python's ServerProxy posts to /RPC2); undefined when it names one. */
function pathlessAlternative(url: string, path: string): string | undefined {
  const parsed = parseEndpointUrl(url);
  if (parsed.pathname !== '/' || parsed.search !== '') return undefined;
  parsed.pathname = path;
  return parsed.toString();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The core's operations over a list of protocol descriptors, tried in the list's order by auto-detection. The
 * exports below use PROTOCOL_REGISTRY; another list (a test's, with a protocol of its own) gets its own core, with
 * its own memory of detected protocols.
 */
export function createRpcCore<Id extends string>(registry: readonly ProtocolDescriptor<Id>[]) {
  type Choice = Id | 'auto';
  interface ProbeOutcome {
    descriptor: ProtocolDescriptor<Id>;
    error: unknown;
  }
  const labelPrefix = new RegExp(`^(${registry.map((d) => escapeRegExp(d.label)).join('|')}):\\s*`, 'i');

  /** The protocols that can answer at a URL: over WebSocket, only those that run there (JSON-RPC). */
  function candidatesAt(url: string): readonly ProtocolDescriptor<Id>[] {
    return isWebSocketUrl(url) ? registry.filter((d) => d.webSocket) : registry;
  }

  /** The descriptor of a protocol asked for by name at a URL; one that cannot run over the URL's WebSocket is a usage error. */
  function descriptorAt(url: string, protocol: string): ProtocolDescriptor<Id> {
    const descriptor = descriptorOf(protocol);
    if (isWebSocketUrl(url) && !descriptor.webSocket) {
      throw new RpcError('usage', l10n.t('{0} does not run over WebSocket: use an http:// or https:// URL', descriptor.label));
    }
    return descriptor;
  }

  function descriptorOf(protocol: string): ProtocolDescriptor<Id> {
    const found = registry.find((d) => d.id === protocol);
    if (!found) {
      const ids = registry.map((d) => d.id);
      throw new RpcError('usage', l10n.t('unknown protocol "{0}" (expected auto, {1} or {2})', String(protocol), ids.slice(0, -1).join(', '), ids[ids.length - 1]));
    }
    return found;
  }

  /** The client of one protocol. */
  function clientFor(protocol: Id): ProtocolClient<Id> {
    // A descriptor's client reports its descriptor's id.
    return descriptorOf(protocol).client as ProtocolClient<Id>;
  }

  /** A probe's failure, short enough to sit next to the others on one line. */
  function probeOutcome(error: unknown): string {
    const text = describeError(error)
      .replace(labelPrefix, '')
      .replace(/^malformed ([\w-]+ )?response: /i, '');
    return text.length > 80 ? text.slice(0, 77) + '...' : text;
  }

  /** The one error of a failed auto-detection: what each probe got (once, when they all got the same HTTP status). */
  function noProtocolAnswered(outcomes: ProbeOutcome[]): RpcError {
    const fatal = outcomes.find(({ error }) => error instanceof RpcError && FATAL_KINDS.has(error.kind));
    if (fatal) return fatal.error as RpcError;
    const statuses = outcomes.map(({ error }) => (error instanceof RpcError && error.kind === 'http' ? error.detail.status : undefined));
    if (statuses[0] !== undefined && statuses.every((s) => s === statuses[0])) {
      return new RpcError('unsupported', l10n.t('no supported protocol answered: every probe ({0}) got {1}', outcomes.map((o) => o.descriptor.label).join(', '), probeOutcome(outcomes[0].error)));
    }
    return new RpcError('unsupported', l10n.t('no supported protocol answered — {0}', outcomes.map((o) => `${o.descriptor.label}: ${probeOutcome(o.error)}`).join('; ')));
  }

  /**
   * Does this failure prove the server speaks `candidate`? A fault does, and so does an error the client raised after
   * recognising its own protocol in a broken answer (`error.protocol` set: a <methodResponse> with a DOCTYPE, a
   * JSON-RPC reply with the wrong id, an hprose server that will not list its functions).
   */
  function provesProtocol(error: unknown, candidate: Id): boolean {
    return error instanceof RpcFault || (error instanceof RpcError && error.protocol === candidate);
  }

  /**
   * Asks each protocol's side-effect-free probe in turn, in the registry's order, until one answers in its protocol
   * (a fault counts: the server speaks it). One at a time, so a server that serves one connection at a time is never
   * left with a cancelled request (Perl's RPC::XML::Server dies of the SIGPIPE), and a probe that stalls costs at most
   * PROBE_TIMEOUT_MS before the next one is asked. A connection problem every probe would meet ends it at once.
   * Rejects with one RpcError naming what each probe got when none answers.
   */
  async function probeInOrder(url: string, options: TransportOptions): Promise<{ descriptor: ProtocolDescriptor<Id>; probes: number }> {
    const outcomes: ProbeOutcome[] = [];
    const candidates = candidatesAt(url);
    for (const [index, descriptor] of candidates.entries()) {
      const last = index === candidates.length - 1;
      const timeoutMs = last ? options.timeoutMs : Math.min(options.timeoutMs ?? PROBE_TIMEOUT_MS, PROBE_TIMEOUT_MS);
      try {
        await descriptor.probe(url, { ...options, timeoutMs, idempotent: true });
        return { descriptor, probes: index + 1 };
      } catch (error) {
        if (provesProtocol(error, descriptor.id)) return { descriptor, probes: index + 1 };
        // A probe the server stalled on, or hung up on without answering (some servers close the connection on a
        // body they cannot read), says nothing about the next protocol: ask it.
        const stalled = error instanceof RpcError && error.kind === 'timeout' && !last;
        const hungUp = error instanceof RpcError && error.kind === 'connection' && error.detail.hungUp !== undefined && !last;
        if (error instanceof RpcError && FATAL_KINDS.has(error.kind) && !stalled && !hungUp) throw error;
        outcomes.push({ descriptor, error });
      }
    }
    throw noProtocolAnswered(outcomes);
  }

  /** Protocols found by probing, per URL, for the life of the core: a call is probed for once, then sent once. */
  const detectedProtocols = new Map<string, { protocol: Id; url: string }>();

  /**
   * Runs `attempt` on the URL, and when the URL names no path and nothing RPC answered there, on the usual path of
   * the protocol (of every protocol, for 'auto'; /RPC2 for XML-RPC): the result says which URL answered. The first
   * failure is the one reported.
   */
  async function withPathlessFallback<T>(url: string, protocol: Choice, attempt: (url: string) => Promise<T>): Promise<{ url: string; value: T }> {
    try {
      return { url, value: await attempt(url) };
    } catch (error) {
      if (!wrongPath(error)) throw error;
      const candidates = protocol === 'auto' ? candidatesAt(url) : [descriptorOf(protocol)];
      const paths = [...new Set(candidates.map((d) => d.pathlessFallback).filter((path): path is string => path !== undefined))];
      for (const path of paths) {
        const alternative = pathlessAlternative(url, path);
        if (!alternative) break;
        try {
          return { url: alternative, value: await attempt(alternative) };
        } catch (second) {
          // The usual path proved the protocol, but faulted or could not list: that is the answer, from the right place.
          if (second instanceof RpcError && second.kind === 'no-introspection') throw second;
        }
      }
      throw error;
    }
  }

  async function discoverAt(url: string, protocol: Choice, options: DiscoverOptions): Promise<Discovery<Id>> {
    if (protocol !== 'auto') {
      const descriptor = descriptorAt(url, protocol);
      return { ...(await descriptor.client.discover(url, { ...options, idempotent: true })), protocol: descriptor.id };
    }
    const found = await probeInOrder(url, options);
    try {
      const discovery = await found.descriptor.client.discover(url, { ...options, idempotent: true });
      return { ...discovery, protocol: found.descriptor.id, roundTrips: discovery.roundTrips + found.probes };
    } catch (error) {
      if (error instanceof RpcFault) {
        // The server answered in this protocol, so it speaks it; it just would not list its methods.
        throw new RpcError('no-introspection', l10n.t('{0} server cannot list its methods: {1}', found.descriptor.label, describeError(error)), found.descriptor.id as Protocol);
      }
      throw error;
    }
  }

  /**
   * Lists a server's methods. With 'auto', asks each protocol's probe in turn, then discovers in the one that
   * answered; when none does, rejects with one RpcError (kind 'unsupported') naming what each probe got. A
   * server that speaks a protocol but cannot list methods rejects with kind 'no-introspection' and `error.protocol`
   * set. For a URL without a path whose root is not an RPC endpoint, the protocol's usual path (/RPC2) is tried and
   * the result's `url` names it.
   */
  async function discover(url: string, protocol: Choice, options: DiscoverOptions = {}): Promise<Discovery<Id>> {
    parseEndpointUrl(url); // a bad URL is one usage error, not one per probe
    const found = await withPathlessFallback(url, protocol, (target) => discoverAt(target, protocol, options));
    const discovery = found.value;
    detectedProtocols.set(url, { protocol: discovery.protocol, url: found.url });
    return found.url === url ? discovery : { ...discovery, url: found.url };
  }

  /**
   * Which protocol a server speaks, and at which URL (the usual path for a URL with no path whose root is not an RPC
   * endpoint): asked with side-effect-free probes, remembered for the life of the core.
   */
  async function detectProtocol(url: string, options: TransportOptions = {}): Promise<{ protocol: Id; url: string }> {
    parseEndpointUrl(url);
    const known = detectedProtocols.get(url);
    if (known) return known;
    const found = await withPathlessFallback(url, 'auto', (target) => probeInOrder(target, options));
    const detected = { protocol: found.value.descriptor.id, url: found.url };
    detectedProtocols.set(url, detected);
    return detected;
  }

  /**
   * Where a call to `url` goes: the URL itself, or the protocol's usual path (XML-RPC: /RPC2) when the URL names no
   * path and its root is not an endpoint of the protocol (found with a side-effect-free probe, remembered).
   */
  async function resolveCallUrl(url: string, protocol: Id, options: TransportOptions = {}): Promise<string> {
    const descriptor = descriptorAt(url, protocol);
    if (descriptor.pathlessFallback === undefined || !pathlessAlternative(url, descriptor.pathlessFallback)) return url;
    const known = detectedProtocols.get(url);
    if (known) return known.url;
    const found = await withPathlessFallback(url, protocol, async (target) => {
      try {
        await descriptor.probe(target, { ...options, idempotent: true });
      } catch (error) {
        if (!provesProtocol(error, protocol)) throw error;
      }
    });
    detectedProtocols.set(url, { protocol, url: found.url });
    return found.url;
  }

  /**
   * Calls one method; rejects with RpcFault for a server fault, RpcError otherwise. `options.leadingArgs` (a secret
   * every method takes first, such as aria2's `token:…`) go before the arguments.
   */
  function callMethod(url: string, protocol: Id, method: string, args: TypedValue[], options?: CallOptions): Promise<TypedValue> {
    try {
      parseEndpointUrl(url);
      if (method.trim() === '') throw new RpcError('usage', l10n.t('no method name given'));
      for (let i = 0; i < args.length; i++) {
        const problem = validateTypedValue(args[i]);
        if (problem) throw new RpcError('usage', l10n.t('argument {0}: {1}', i + 1, problem));
      }
      const sent = options?.leadingArgs?.length ? [...options.leadingArgs, ...args] : args;
      descriptorAt(url, protocol);
      return clientFor(protocol).call(url, method, sent, { ...options, idempotent: false });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Calls a method on a server whose protocol is unknown (the CLI's `call --protocol auto`): finds the protocol with
   * discovery probes, then sends the call once, in that protocol — a call may have side effects.
   */
  async function callMethodAuto(url: string, method: string, args: TypedValue[], options?: CallOptions): Promise<{ protocol: Id; result: TypedValue; url: string }> {
    const detected = await detectProtocol(url, options);
    return { ...detected, result: await callMethod(detected.url, detected.protocol, method, args, options) };
  }

  return { registry, clientFor, discover, detectProtocol, resolveCallUrl, callMethod, callMethodAuto };
}

/** The core over PROTOCOL_REGISTRY: what the extension and the CLI use. */
export const { clientFor, discover, detectProtocol, resolveCallUrl, callMethod, callMethodAuto } = createRpcCore<Protocol>(PROTOCOL_REGISTRY);
