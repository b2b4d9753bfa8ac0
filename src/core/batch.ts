/**
 * Batches: several calls in one request — a JSON-RPC array or one XML-RPC system.multicall. Each call gets its own
 * answer (a result, a fault, or an error about that answer); a server that cannot batch rejects the whole batch with
 * RpcError kind 'unsupported'.
 */
import * as l10n from '@vscode/l10n';
import type { BatchAnswer, BatchCall } from './batchTypes';
import { RpcError } from './errors';
import { callJsonRpcBatch } from './jsonrpc/batch';
import { PROTOCOL_LABELS } from './protocols';
import type { CallOptions, Protocol } from './types';
import { validateTypedValue } from './values';
import { callXmlRpcBatch } from './xmlrpc/batch';

export type { BatchAnswer, BatchCall } from './batchTypes';

export async function callBatch(url: string, protocol: Protocol, calls: readonly BatchCall[], options: CallOptions = {}): Promise<BatchAnswer[]> {
  calls.forEach((call, i) => {
    for (let j = 0; j < call.args.length; j++) {
      const problem = validateTypedValue(call.args[j]);
      if (problem) throw new RpcError('usage', l10n.t('call {0} of the batch, argument {1}: {2}', i + 1, j + 1, problem));
    }
  });
  if (protocol === 'jsonrpc') return callJsonRpcBatch(url, calls, { ...options, idempotent: false });
  if (protocol === 'xmlrpc') return callXmlRpcBatch(url, calls, { ...options, idempotent: false });
  throw new RpcError('unsupported', l10n.t('{0} has no batches: only JSON-RPC and XML-RPC (system.multicall) do', PROTOCOL_LABELS[protocol]), protocol);
}
