/**
 * The contracts of the protocol core. Pure TypeScript: nothing under src/core imports `vscode`,
 * so the extension and the CLI share every line of it.
 */
/**
 * Typed JSON: the one value model of every protocol, and the text users type and read.
 * Plain JSON null/boolean/string/array/object map to nil/boolean/string/array/struct.
 * A number's text decides its type when it is read (typedJson.ts): an integer literal is an integer (within int32
 * an XML-RPC <int>, a larger one an <i8>), a literal with "." or an exponent a double.
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

/**
 * The id of a protocol of the registry (src/core/protocols.ts). Spelled out here, not derived from the registry: the
 * registry's descriptors import these types, and a type read back from it would make a cycle (protocols.ts checks
 * at compile time that the two list the same ids).
 */
export type Protocol = 'hprose' | 'xmlrpc' | 'jsonrpc';
export type ProtocolChoice = Protocol | 'auto';

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
  /** Where it is known from: the server's introspection, the server's source, or a call by name that succeeded. */
  origin?: 'introspection' | 'source' | 'called';
}

export interface ParamInfo {
  name: string;
  required?: boolean;
  description?: string;
  /** The JSON Schema, as the server sent it. */
  schema?: unknown;
}

export interface Discovery<P extends string = Protocol> {
  protocol: P;
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

/** One protocol's client: discovery and calls, over a transport. */
export interface ProtocolClient<P extends string = Protocol> {
  readonly protocol: P;
  discover(url: string, options?: DiscoverOptions): Promise<Discovery<P>>;
  call(url: string, method: string, args: TypedValue[], options?: CallOptions): Promise<TypedValue>;
}

/**
 * One request exactly as a protocol sends it: what "copy as curl" and request files show. The transport adds only
 * what belongs to the connection (content-length, accept-encoding, user-agent, basic auth from the URL) and the
 * user's extra headers.
 */
export interface EncodedRequest {
  method: 'POST';
  /** The protocol's own headers, lower-cased (content-type). */
  headers: Record<string, string>;
  body: Buffer;
  /** The request id written in the body (JSON-RPC), which the reply must carry. */
  id?: number;
  /** A JSON-RPC batch: the ids of its calls (its notifications have none); the reply carries them. */
  ids?: readonly number[];
}

/** An answer as a transport received it. Transports without statuses report 200. */
export interface TransportReply {
  status: number;
  statusMessage?: string;
  /** host:port, for messages. */
  host: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface SendOptions extends TransportOptions {
  /** Statuses besides 2xx whose body `decode` reads itself (JSON-RPC errors sent with HTTP 500). */
  acceptStatus?: (status: number) => boolean;
}

/**
 * Carries a request's bytes to a URL and hands the answer to `decode` (before the connection may serve another
 * request, so a connection whose answer could not be read is not reused). HTTP (src/core/httpTransport.ts) is the
 * one implementation; a WebSocket or TCP transport would be another file. `label` names the request in the wire log.
 */
export interface Transport {
  send<T>(url: string, request: EncodedRequest, options: SendOptions, label: string, decode: (reply: TransportReply) => T): Promise<T>;
}

/**
 * Everything the core knows about one protocol; src/core/protocols.ts lists them. A new protocol is its own folder
 * with a descriptor, and one line in that list.
 */
export interface ProtocolDescriptor<Id extends string = string> {
  readonly id: Id;
  /** How users read its name: 'XML-RPC'. Error messages of its client start with it. */
  readonly label: string;
  /** Paths where its servers conventionally listen, as hints (e.g. XML-RPC's /RPC2). */
  readonly defaultPaths: readonly string[];
  /** Where a URL without a path is tried next when its root is not an RPC endpoint (XML-RPC: /RPC2, as Python's ServerProxy posts). */
  readonly pathlessFallback?: string;
  readonly contentType: string;
  /** It also runs over WebSocket (ws://, wss://): JSON-RPC. The others are refused there with a usage error. */
  readonly webSocket?: boolean;
  readonly client: ProtocolClient<string>;
  /**
   * The protocol's cheapest side-effect-free request, for auto-detection: resolves, faults, or rejects with an
   * RpcError whose `protocol` is this id, when the server speaks the protocol.
   */
  probe(url: string, options: TransportOptions): Promise<unknown>;
  /** The exact request the client sends for a call. `id`: the JSON-RPC request id (a fresh one when omitted). */
  encodeCall(method: string, args: readonly TypedValue[], id?: number): EncodedRequest;
  /** The result of a call's answer body; throws RpcFault for a fault. `request` lets JSON-RPC check the reply's id. */
  decodeResult(body: Buffer, request?: EncodedRequest): TypedValue;
}
