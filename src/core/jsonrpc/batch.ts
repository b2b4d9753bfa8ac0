/**
 * A JSON-RPC 2.0 batch: the calls in one array, the answers matched by id in whatever order they come (a
 * notification gets none). A server that answers the array with one error object (or not with an array) cannot
 * batch: that is one RpcError of kind 'unsupported' for the whole batch.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault } from '../errors';
import { schemeTransport } from '../transports';
import type { BatchAnswer, BatchCall } from '../batchTypes';
import type { CallOptions, EncodedRequest, TypedValue } from '../types';
import { parseJsonKeepingBigIntegers } from './bigIntegers';
import { JSONRPC_CONTENT_TYPE } from './contentType';
import { encodeJsonRpcCall } from './request';
import { decodeResponse } from './response';
import { toJsonText } from './values';

function encodeNotification(method: string, args: readonly TypedValue[]): string {
  const head = JSON.stringify({ jsonrpc: '2.0', method });
  return args.length === 0 ? head : head.slice(0, -1) + ',"params":' + toJsonText(args as TypedValue[]) + '}';
}

/** The exact request of a batch, and the id of each call (undefined for a notification). */
export function encodeJsonRpcBatch(calls: readonly BatchCall[]): { request: EncodedRequest; ids: (number | undefined)[] } {
  const ids: (number | undefined)[] = [];
  const parts = calls.map((call) => {
    if (call.notification) {
      ids.push(undefined);
      return encodeNotification(call.method, call.args);
    }
    const encoded = encodeJsonRpcCall(call.method, call.args);
    ids.push(encoded.id);
    return encoded.body.toString('utf8');
  });
  const request: EncodedRequest = {
    method: 'POST',
    headers: { 'content-type': JSONRPC_CONTENT_TYPE },
    body: Buffer.from(`[${parts.join(',')}]`, 'utf8'),
    ids: ids.filter((id): id is number => id !== undefined),
  };
  return { request, ids };
}

/** What a reply said about one call of the batch. */
function answerOf(reply: unknown, id: number): BatchAnswer {
  try {
    const body = Buffer.from(JSON.stringify(reply), 'utf8');
    return { result: decodeResponse({ status: 200, host: '', headers: {}, body }, id) };
  } catch (error) {
    if (error instanceof RpcFault) return { fault: error };
    return { error: error instanceof RpcError ? error : new RpcError('malformed', String(error)) };
  }
}

export async function callJsonRpcBatch(url: string, calls: readonly BatchCall[], options: CallOptions = {}): Promise<BatchAnswer[]> {
  const leading = options.leadingArgs ?? [];
  const sent = leading.length ? calls.map((call) => ({ ...call, args: [...leading, ...call.args] })) : calls;
  const { request, ids } = encodeJsonRpcBatch(sent);
  const label = l10n.t('batch of {0}', calls.length);
  const replies = await schemeTransport.send(url, request, { ...options, acceptStatus: (s) => s >= 400 && s < 600 }, label, (reply) => {
    const text = reply.body.toString('utf8').trim();
    if (request.ids!.length === 0 && text === '') return [];
    let parsed: unknown;
    try {
      parsed = parseJsonKeepingBigIntegers(text);
    } catch {
      throw new RpcError('malformed', l10n.t('JSON-RPC: the answer to the batch is not JSON'), 'jsonrpc');
    }
    if (!Array.isArray(parsed)) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      const said = error ? `${String(error.code ?? '')} ${String(error.message ?? '')}`.trim() : text.slice(0, 80);
      throw new RpcError('unsupported', l10n.t('the server cannot take a JSON-RPC batch: it answered the array with {0}', said), 'jsonrpc');
    }
    return parsed as unknown[];
  });
  const byId = new Map<string, unknown>();
  for (const reply of replies) {
    if (reply !== null && typeof reply === 'object' && 'id' in reply) byId.set(JSON.stringify((reply as { id: unknown }).id), reply);
  }
  return ids.map((id) => {
    if (id === undefined) return { notified: true };
    const reply = byId.get(JSON.stringify(id));
    if (reply === undefined) return { error: new RpcError('malformed', l10n.t('JSON-RPC: the answer to the batch has no reply with id {0}', id), 'jsonrpc') };
    return answerOf(reply, id);
  });
}
