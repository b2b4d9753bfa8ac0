/**
 * A JSON-RPC 2.0 reply read: a reply must carry our id; an error object becomes an RpcFault(code, message, data).
 * Some servers send errors with HTTP 4xx/5xx and a JSON body, so those statuses are read too (and reported as HTTP
 * errors when the body is not a JSON-RPC reply). Integers beyond 2^53 become {"$i8": "digits"} instead of being rounded.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault } from '../errors';
import { httpStatusError } from '../transport';
import type { TransportReply, TypedValue } from '../types';
import { parseJsonKeepingBigIntegers } from './bigIntegers';

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

function startOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > 40 ? line.slice(0, 40) + '…' : line);
}
