/**
 * The JSON-RPC 2.0 client over a transport (HTTP or WebSocket, by the URL's scheme).
 * Discovery: `rpc.discover` (OpenRPC), then `system.listMethods`, else a clear no-introspection error.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault } from '../errors';
import { schemeTransport } from '../transports';
import type { CallOptions, DiscoverOptions, Discovery, MethodInfo, ProtocolClient, Transport, TypedValue } from '../types';
import { isOpenRpcDocument, methodsFromOpenRpc } from './openrpc';
import { encodeJsonRpcCall } from './request';
import { decodeResponse } from './response';

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

/** Over HTTP POST for http(s):// URLs, over the endpoint's WebSocket for ws(s):// ones. */
export const jsonRpcClient = createJsonRpcClient(schemeTransport);
