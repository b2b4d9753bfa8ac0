/**
 * Runs the calls of one `# @batch NAME` as one request (a JSON-RPC array or one XML-RPC system.multicall), then
 * judges each call's answer on its own: every call keeps its outcome, its EXPECT verdict and its JUnit case.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, describeError, detectProtocol, resolveCallUrl } from '../core';
import { callBatch, type BatchAnswer } from '../core/batch';
import type { CallOptions, Protocol, TypedValue } from '../core/types';
import { differenceOf } from './expectations';
import { callLabel, type RequestCall } from './parser';
import type { CallOutcome, RunOptions } from './runner';
import { MissingResult, ReferenceProblem, displayValue, type RequestFileResolver } from './variables';

const DEFAULT_TIMEOUT_MS = 30_000;

/** The planned calls from `start` that belong to the batch of `calls[start]`: consecutive in the file, same name. */
export function batchAt(calls: readonly RequestCall[], start: number): RequestCall[] {
  const name = calls[start].batch?.text;
  if (name === undefined) return [calls[start]];
  const batch = [calls[start]];
  for (let i = start + 1; i < calls.length && calls[i].batch?.text === name && calls[i].index === calls[i - 1].index + 1; i++) batch.push(calls[i]);
  return batch;
}

/** The outcome of one call from its answer in the batch. */
function judge(outcome: CallOutcome, call: RequestCall, expected: TypedValue | undefined, answer: BatchAnswer): void {
  if ('error' in answer) {
    outcome.status = 'error';
    outcome.errorKind = answer.error.kind;
    outcome.message = describeError(answer.error);
    return;
  }
  if ('notified' in answer) return;
  if ('fault' in answer) {
    const error = answer.fault;
    outcome.fault = { code: error.code, message: error.faultString };
    if (call.expect?.kind === 'fault') {
      const code = call.expect.faultCode?.value;
      if (code !== undefined && String(code) !== String(error.code)) {
        outcome.status = 'fail';
        outcome.message = l10n.t('expected fault {0}, got {1}', JSON.stringify(code), describeError(error));
      }
    } else {
      outcome.status = 'fault';
      outcome.message = describeError(error);
    }
    return;
  }
  outcome.result = answer.result;
  if (call.expect?.kind === 'fault') {
    outcome.status = 'fail';
    outcome.message = `expected a fault${call.expect.faultCode ? ` ${JSON.stringify(call.expect.faultCode.value)}` : ''}, got ${displayValue(answer.result)}`;
  } else if (call.expect?.kind === 'notifications') {
    outcome.status = 'error';
    outcome.errorKind = 'usage';
    outcome.message = l10n.t('EXPECT NOTIFICATIONS is not checked in a batch: give the call its own request');
  } else if (expected !== undefined) {
    const difference = differenceOf(expected, answer.result, { numbersByValue: outcome.protocol === 'jsonrpc' });
    if (difference) {
      outcome.status = 'fail';
      outcome.message = difference;
    }
  }
}

export async function runBatch(calls: readonly RequestCall[], resolver: RequestFileResolver, options: RunOptions): Promise<CallOutcome[]> {
  const started = performance.now();
  const name = calls[0].batch!.text;
  const outcomes = calls.map((call): CallOutcome => ({ call, label: callLabel(call), status: 'ok', durationMs: 0 }));
  const finish = () => {
    const durationMs = performance.now() - started;
    for (const outcome of outcomes) outcome.durationMs = durationMs;
    return outcomes;
  };
  // Each call's values; a call whose references cannot be resolved stays out of the batch with its own outcome.
  const sent: { index: number; resolved: ReturnType<RequestFileResolver['resolveCall']> }[] = [];
  calls.forEach((call, index) => {
    try {
      sent.push({ index, resolved: resolver.resolveCall(call) });
    } catch (error) {
      const outcome = outcomes[index];
      outcome.status = error instanceof MissingResult ? 'skipped' : 'error';
      if (!(error instanceof MissingResult)) outcome.errorKind = error instanceof ReferenceProblem ? 'reference' : 'internal';
      outcome.message = describeError(error);
    }
  });
  if (sent.length === 0) return finish();
  const first = sent[0].resolved;
  for (const { index, resolved } of sent) {
    outcomes[index].method = resolved.method;
    outcomes[index].url = resolved.url;
  }
  const failAll = (message: string, kind: CallOutcome['errorKind']) => {
    for (const { index } of sent) Object.assign(outcomes[index], { status: 'error', errorKind: kind, message });
    return finish();
  };
  const otherUrl = sent.find(({ resolved }) => resolved.url !== first.url);
  if (otherUrl) return failAll(l10n.t('batch "{0}": its calls go to more than one URL ({1} and {2}); a batch is one request to one URL', name, first.url, otherUrl.resolved.url), 'usage');
  const callOptions: CallOptions = {
    ...options.transport,
    headers: { ...options.transport?.headers, ...Object.assign({}, ...sent.map(({ resolved }) => resolved.headers)) },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
  };
  let answers: BatchAnswer[];
  let protocol: Protocol;
  let url = first.url;
  try {
    const chosen = calls[sent[0].index].protocol;
    if (chosen === 'auto') {
      const detected = await detectProtocol(url, callOptions);
      url = detected.url;
      protocol = detected.protocol;
    } else {
      protocol = chosen;
      url = await resolveCallUrl(url, protocol, callOptions);
    }
    answers = await callBatch(
      url,
      protocol,
      sent.map(({ resolved }) => ({ method: resolved.method, args: resolved.args })),
      callOptions,
    );
  } catch (error) {
    return failAll(l10n.t('batch "{0}": {1}', name, describeError(error)), error instanceof RpcError ? error.kind : 'internal');
  }
  sent.forEach(({ index, resolved }, i) => {
    const outcome = outcomes[index];
    outcome.protocol = protocol;
    outcome.url = url;
    judge(outcome, calls[index], resolved.expect, answers[i]);
  });
  return finish();
}
