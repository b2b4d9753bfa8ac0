/**
 * The facade of the protocol core: what the extension and the CLI import.
 * (Owner: core helper. Keep these signatures; others code against them.)
 */
import type { CallOptions, DiscoverOptions, Discovery, Protocol, ProtocolChoice, ProtocolClient, TypedValue } from './types';

export * from './types';
export * from './errors';
export * from './values';

/** The client of one protocol. */
export declare function clientFor(protocol: Protocol): ProtocolClient;

/**
 * Lists a server's methods. With 'auto', tries each protocol's discovery in a sensible order and the result
 * names the one that worked; when none does, rejects with one RpcError (kind 'unsupported') naming what each
 * probe got. A server that speaks a protocol but cannot list methods rejects with kind 'no-introspection' and
 * `error.protocol` set.
 */
export declare function discover(url: string, protocol: ProtocolChoice, options?: DiscoverOptions): Promise<Discovery>;

/** Calls one method; rejects with RpcFault for a server fault, RpcError otherwise. */
export declare function callMethod(
  url: string,
  protocol: Protocol,
  method: string,
  args: TypedValue[],
  options?: CallOptions,
): Promise<TypedValue>;
