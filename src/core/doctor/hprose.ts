/** The hprose 2.0 rules of `rpc-explorer doctor`: the function list and the error answer. */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault, describeError } from '../errors';
import { HPROSE_CONTENT_TYPE, decodeCallResponse, decodeFunctionList, encodeCall } from '../hprose';
import type { TransportOptions } from '../types';
import { excerpt, nonexistentMethod, probe } from './probe';
import { Verdicts, type RuleOutcome } from './rules';

/** The first bytes of every hprose answer: F (function list), R (result), E (error). */
const HPROSE_FIRST = new Set(['F', 'R', 'E']);

export async function checkHprose(url: string, options: TransportOptions): Promise<RuleOutcome[]> {
  const verdicts = new Verdicts('hprose');
  const list = await probe(url, 'z', HPROSE_CONTENT_TYPE, options, l10n.t('the function list'));
  const first = list.body.subarray(0, 1).toString('latin1');
  if (!HPROSE_FIRST.has(first)) {
    throw new RpcError('unsupported', l10n.t('{0} does not speak hprose: the function list request was answered with HTTP {1} {2}', url, list.status, excerpt(list.body)));
  }
  try {
    if (first !== 'F') throw new Error(l10n.t('the answer starts with "{0}"', first));
    decodeFunctionList(list.body);
    verdicts.pass('hprose.function-list');
  } catch (error) {
    verdicts.broken('hprose.function-list', l10n.t('the request "z" is answered with "F", the function list, and "z": {0}', describeError(error)));
  }

  const missing = nonexistentMethod('_');
  const unknown = await probe(url, encodeCall(missing, []), HPROSE_CONTENT_TYPE, options, missing);
  try {
    decodeCallResponse(unknown.body);
    verdicts.broken('hprose.error', l10n.t('an unknown function is answered with "E", an error, and "z"; {0} got a result', missing));
  } catch (error) {
    if (error instanceof RpcFault && unknown.body.subarray(0, 1).toString('latin1') === 'E') verdicts.pass('hprose.error');
    else verdicts.broken('hprose.error', l10n.t('an unknown function is answered with "E", an error, and "z"; {0} got {1}', missing, error instanceof RpcFault ? excerpt(unknown.body) : describeError(error)));
  }
  return verdicts.list(l10n.t('not checked'));
}
