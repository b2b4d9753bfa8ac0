/**
 * The contracts of the protocol core. Pure TypeScript: nothing under src/core imports `vscode`,
 * so the extension and the CLI share every line of it.
 */

/**
 * Typed JSON: the one value model of every protocol, and the text users type and read.
 * Plain JSON null/boolean/string/array/object map to nil/boolean/string/array/struct.
 * A JSON integer within int32 is an XML-RPC <int>, a larger safe integer an <i8>, any other number a <double>.
 * Tagged objects carry what JSON cannot say:
 *   {"$double": n}      a double even when n is integral (decoders emit it for integral doubles)
 *   {"$datetime": "s"}  XML-RPC dateTime.iso8601 exactly as on the wire / hprose datetime as ISO 8601
 *   {"$base64": "s"}    binary (XML-RPC base64, hprose bytes)
 *   {"$i8": "digits"}   an integer beyond 2^53 (XML-RPC i8, hprose long)
 */
export type TypedValue = null | boolean | number | string | TypedValue[] | TypedStruct;
export interface TypedStruct {
  [key: string]: TypedValue;
}

export type Protocol = 'xmlrpc' | 'jsonrpc' | 'hprose';
export type ProtocolChoice = Protocol | 'auto';
export const PROTOCOLS: readonly Protocol[] = ['xmlrpc', 'jsonrpc', 'hprose'];

/** What a protocol's discovery tells about one remote method. */
export interface MethodInfo {
  name: string;
  /** Each signature is [returnType, argType...]; null when the server does not say. */
  signatures: string[][] | null;
  /** Help text; null when the server has none. */
  help: string | null;
  /** JSON-RPC (OpenRPC) parameters, in order. */
  params?: ParamInfo[];
  /** JSON-RPC (OpenRPC) result schema. */
  result?: ParamInfo;
  /** Where the entry came from: the server's introspection (default) or the server's source file. */
  origin?: 'introspection' | 'source';
}

export interface ParamInfo {
  name: string;
  required?: boolean;
  description?: string;
  /** The JSON Schema, as the server sent it. */
  schema?: unknown;
}

export interface Discovery {
  protocol: Protocol;
  methods: MethodInfo[];
  /** HTTP requests the discovery took (for the benchmark and the tooltip). */
  roundTrips: number;
  /**
   * What discovery could not read, one line each (e.g. "help and signatures could not be read for 3 of 40
   * methods: …"): shown in the endpoint's tooltip and on the CLI's stderr, never dropped silently.
   */
  warnings?: string[];
  /** The URL that answered, when it differs from the one asked (e.g. `/RPC2` appended to a URL with no path). */
  url?: string;
}

/** Something on the wire, for the trace log. Bodies are text (hprose and XML-RPC bodies are UTF-8 text). */
export interface WireEvent {
  direction: 'request' | 'response';
  method: string;
  url: string;
  status?: number;
  headers: Record<string, string>;
  body: string;
  elapsedMs?: number;
}

export interface TransportOptions {
  /** Whole-request deadline in ms; default 30 000. A server that drips bytes still times out. */
  timeoutMs?: number;
  /** Largest response body accepted (after decompression), in bytes; default 20 MiB. */
  maxResponseBytes?: number;
  /** Extra request headers, sent on discovery and calls alike. */
  headers?: Record<string, string>;
  /** Cancels the request; the promise rejects with RpcError kind 'cancelled'. */
  signal?: AbortSignal;
  /** Extra CA certificate file (PEM) trusted besides the system CAs. */
  caFile?: string;
  /** Accept any TLS certificate: an explicit opt-in per endpoint. */
  insecure?: boolean;
  /**
   * The request has no side effects (discovery): when a kept-alive connection drops before any answer, it is sent
   * again once on a fresh connection. A user's call is never sent twice.
   */
  idempotent?: boolean;
  /** Observer of raw traffic (the extension's trace log). Credentials are masked before it is called. */
  onWire?: (event: WireEvent) => void;
}

export interface CallOptions extends TransportOptions {
  /** Arguments every call takes first (aria2's `token:SECRET`); not sent with discovery. */
  leadingArgs?: TypedValue[];
}

export interface DiscoverOptions extends TransportOptions {
  /** XML-RPC: calls per system.multicall request; default 500. */
  multicallChunk?: number;
}

/** One protocol's client. All network work goes through the shared transport. */
export interface ProtocolClient {
  readonly protocol: Protocol;
  discover(url: string, options?: DiscoverOptions): Promise<Discovery>;
  call(url: string, method: string, args: TypedValue[], options?: CallOptions): Promise<TypedValue>;
}
