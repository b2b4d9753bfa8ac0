/**
 * An XML-RPC batch: one system.multicall. Servers send each result wrapped in a one-element array (the standard) or
 * bare (supervisord, Perl's RPC::XML), and a fault as a {faultCode, faultString} entry. The batch carries one
 * system.listMethods first, whose answer (a list of names) shows which shape the server uses.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault } from '../errors';
import type { BatchAnswer, BatchCall } from '../batchTypes';
import type { CallOptions, TypedValue } from '../types';
import { xmlRpcClient } from './client';

function faultOf(entry: TypedValue): RpcFault | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const { faultCode, faultString } = entry;
  if (typeof faultString !== 'string' || (typeof faultCode !== 'number' && typeof faultCode !== 'string')) return undefined;
  return new RpcFault(faultCode, faultString);
}

const isNameList = (value: TypedValue) => Array.isArray(value) && value.every((name) => typeof name === 'string');

/** 'wrapped' or 'bare' from the answer to system.listMethods; undefined when it cannot tell. */
function shapeOf(entry: TypedValue): 'wrapped' | 'bare' | undefined {
  if (Array.isArray(entry) && entry.length === 1 && isNameList(entry[0])) return 'wrapped';
  if (isNameList(entry) && !(Array.isArray(entry) && entry.length === 1)) return 'bare';
  return undefined;
}

export async function callXmlRpcBatch(url: string, calls: readonly BatchCall[], options: CallOptions = {}): Promise<BatchAnswer[]> {
  const leading = options.leadingArgs ?? [];
  const entries = calls.map((call) => ({ methodName: call.method, params: [...leading, ...call.args] }));
  let results: TypedValue;
  try {
    results = await xmlRpcClient.call(url, 'system.multicall', [[{ methodName: 'system.listMethods', params: [] }, ...entries]], { ...options, leadingArgs: undefined });
  } catch (error) {
    if (error instanceof RpcFault) {
      throw new RpcError('unsupported', l10n.t('the server cannot take an XML-RPC batch: system.multicall answered {0}', error.message), 'xmlrpc');
    }
    if (error instanceof RpcError && error.kind === 'malformed') {
      throw new RpcError('malformed', l10n.t('the server answered system.multicall with something that cannot be read: {0}', error.message), 'xmlrpc');
    }
    throw error;
  }
  if (!Array.isArray(results) || results.length !== calls.length + 1) {
    throw new RpcError('malformed', l10n.t('system.multicall answered {0} entries for {1} calls', Array.isArray(results) ? results.length - 1 : 0, calls.length), 'xmlrpc');
  }
  const answers = results.slice(1);
  // Without a listing to tell: the standard's shape when every answer is a one-element array.
  const shape = shapeOf(results[0]) ?? (answers.every((entry) => faultOf(entry) !== undefined || (Array.isArray(entry) && entry.length === 1)) ? 'wrapped' : 'bare');
  return answers.map((entry) => {
    const fault = faultOf(entry);
    if (fault) return { fault };
    if (shape === 'wrapped') {
      if (Array.isArray(entry) && entry.length === 1) return { result: entry[0] };
      return { error: new RpcError('malformed', l10n.t('system.multicall sent an entry that is neither a one-element array nor a fault'), 'xmlrpc') };
    }
    return { result: entry };
  });
}
