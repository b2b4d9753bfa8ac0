/**
 * The JSON-RPC 2.0 client over a transport (HTTP or WebSocket, by the URL's scheme). A reply must carry our id; an error object becomes an
 * RpcFault(code, message, data). Some servers send errors with HTTP 4xx/5xx and a JSON body, so those statuses are
 * read too (and reported as HTTP errors when the body is not a JSON-RPC reply).
 * Integers beyond 2^53 in a reply become {"$i8": "digits"} instead of being rounded.
 * Discovery: `rpc.discover` (OpenRPC), then `system.listMethods`, else a clear no-introspection error.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault } from '../errors';
import { schemeTransport } from '../transports';
import { httpStatusError } from '../transport';
import type { CallOptions, DiscoverOptions, Discovery, EncodedRequest, MethodInfo, ProtocolClient, Transport, TransportReply, TypedValue } from '../types';
import { parseJsonKeepingBigIntegers } from './bigIntegers';
import { isOpenRpcDocument, methodsFromOpenRpc } from './openrpc';
import { toJsonText } from './values';
import { JSONRPC_CONTENT_TYPE } from './contentType';

export { JSONRPC_CONTENT_TYPE };

let lastId = 0;

/** Ids are unique within the process; a reply with another id is refused. */
function nextId(): number {
  lastId = lastId >= Number.MAX_SAFE_INTEGER ? 1 : lastId + 1;
  return lastId;
}

export function encodeRequest(id: number, method: string, args: readonly TypedValue[]): string {
  const head = JSON.stringify({ jsonrpc: '2.0', method, id });
  // `params` may be omitted (JSON-RPC 2.0 §4); we send it only when there are arguments. toJsonText keeps numbers
  // as typed (an {"$i8"} with every digit, 1.0 as 1.0), which JSON.stringify of JS values cannot.
  if (args.length === 0) return head;
  return head.slice(0, -1) + ',"params":' + toJsonText(args as TypedValue[]) + '}';
}

/** The exact request of a call, with request id `id` (the next one of the process when omitted). */
export function encodeJsonRpcCall(method: string, args: readonly TypedValue[], id = nextId()): EncodedRequest {
  return { method: 'POST', headers: { 'content-type': JSONRPC_CONTENT_TYPE }, body: Buffer.from(encodeRequest(id, method, args), 'utf8'), id };
}

/**
 * The result of a reply to request `id` (any id when undefined); throws RpcFault for an error object,
 * RpcError('malformed'|'http') otherwise.
 */
export function decodeResponse(response: TransportReply, id: number | undefined): TypedValue {
  const { status, body } = response;
  const ok = status >= 200 && status < 300;
  const httpError = () => httpStatusError(status, response.statusMessage, response.host, body);
  const text = body.toString('utf8');
  if (text.trim() === '') {
    if (!ok) throw httpError();
    throw new RpcError('malformed', l10n.t('JSON-RPC: the server sent an empty response (HTTP {0})', status));
  }
  let reply: unknown;
  try {
    reply = parseJsonKeepingBigIntegers(text);
  } catch {
    if (!ok) throw httpError();
    const webPage = /^\s*<(!doctype html|html)[\s>]/i.test(text);
    throw new RpcError('malformed', l10n.t('JSON-RPC: the response is not JSON (it starts with {0})', startOf(text)), undefined, webPage ? { webPage } : {});
  }
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply) || !('result' in reply || 'error' in reply)) {
    if (!ok) throw httpError();
    throw new RpcError('malformed', l10n.t('JSON-RPC: the response is JSON but not a JSON-RPC reply (it starts with {0})', startOf(text)));
  }
  const message = reply as { id?: unknown; result?: unknown; error?: unknown };
  const error = message.error;
  // A server that could not read the request answers with id null (JSON-RPC 2.0 §5): still its error to show.
  const idMatches = id === undefined || message.id === id || (error != null && message.id === null);
  if (!idMatches) {
    // A JSON-RPC reply, just not ours: the protocol is settled (auto-detection stops here).
    throw new RpcError(
      'malformed',
      l10n.t('JSON-RPC: the reply has id {0}, but the request had id {1}', JSON.stringify(message.id) ?? l10n.t('missing'), String(id)),
      'jsonrpc',
    );
  }
  if (error !== undefined && error !== null) {
    if (typeof error === 'object' && !Array.isArray(error)) {
      const { code, message: text, data } = error as { code?: unknown; message?: unknown; data?: unknown };
      const faultCode = typeof code === 'number' || typeof code === 'string' ? code : null;
      const faultText = typeof text === 'string' ? text : text === undefined ? l10n.t('error without a message') : JSON.stringify(text);
      throw data === undefined ? new RpcFault(faultCode, faultText) : new RpcFault(faultCode, faultText, data as TypedValue);
    }
    throw new RpcFault(null, typeof error === 'string' ? error : JSON.stringify(error));
  }
  return (message.result ?? null) as TypedValue;
}

/** A JSON-RPC client whose requests travel over `transport`. */
export function createJsonRpcClient(transport: Transport): ProtocolClient<'jsonrpc'> {
  const rpc = async (url: string, method: string, args: readonly TypedValue[], options: CallOptions): Promise<TypedValue> => {
    const request = encodeJsonRpcCall(method, args);
    return transport.send(url, request, { ...options, acceptStatus: (s) => s >= 400 && s < 600 }, method, (reply) => decodeResponse(reply, request.id));
  };
  return {
    protocol: 'jsonrpc',
    discover: (url, options = {}) => discover(rpc, url, options),
    call: (url, method, args, options = {}) => rpc(url, method, args, options),
  };
}

type Rpc = (url: string, method: string, args: readonly TypedValue[], options: CallOptions) => Promise<TypedValue>;

/** Method not found (-32601), or a server that words it differently. */
function isMethodMissing(error: unknown): boolean {
  return error instanceof RpcFault && (error.code === -32601 || /not found|unknown method|no such method|not supported/i.test(error.faultString));
}

async function discover(rpc: Rpc, url: string, options: DiscoverOptions): Promise<Discovery<'jsonrpc'>> {
  let roundTrips = 0;
  let discoverFault: RpcFault | undefined;
  try {
    roundTrips++;
    const document = await rpc(url, 'rpc.discover', [], options);
    if (isOpenRpcDocument(document)) {
      return { protocol: 'jsonrpc', methods: methodsFromOpenRpc(document as never), roundTrips };
    }
    const names = nameList(document);
    if (names) return { protocol: 'jsonrpc', methods: names, roundTrips };
  } catch (error) {
    if (!(error instanceof RpcFault)) throw error;
    discoverFault = error;
  }
  try {
    roundTrips++;
    const listed = await rpc(url, 'system.listMethods', [], options);
    const names = nameList(listed);
    if (names) return { protocol: 'jsonrpc', methods: names, roundTrips };
    throw new RpcError('malformed', l10n.t('JSON-RPC: system.listMethods did not return a list of names'), 'jsonrpc');
  } catch (error) {
    if (!(error instanceof RpcFault)) throw error;
    // Both introspection methods faulted: the server speaks JSON-RPC but cannot list its methods.
    const said = [discoverFault, error]
      .filter((fault): fault is RpcFault => fault !== undefined && !isMethodMissing(fault))
      .map((fault) => fault.faultString);
    throw new RpcError(
      'no-introspection',
      l10n.t(
        'this JSON-RPC server has no introspection: it answers neither rpc.discover nor system.listMethods (add an rpc.discover method returning an OpenRPC document, see https://spec.open-rpc.org/#service-discovery-method)',
      ) + (said.length > 0 ? l10n.t('; it said: {0}', said.join('; ')) : ''),
      'jsonrpc',
    );
  }
}

function nameList(value: TypedValue): MethodInfo[] | null {
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) return null;
  return (value as string[]).map((name) => ({ name, signatures: null, help: null }));
}

function startOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > 40 ? line.slice(0, 40) + '…' : line);
}

/** Over HTTP POST for http(s):// URLs, over the endpoint's WebSocket for ws(s):// ones. */
export const jsonRpcClient = createJsonRpcClient(schemeTransport);

export { methodsFromOpenRpc, isOpenRpcDocument } from './openrpc';
export { toPlainJson } from './values';
