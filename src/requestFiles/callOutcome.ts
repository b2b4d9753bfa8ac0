/**
 * What a call's answer makes of its outcome, for a call sent alone (runner.ts) and for one in a `# @batch`
 * (batchRun.ts) alike: the protocol it goes out in, a reference that cannot be resolved, a fault (expected or not),
 * a result against its EXPECT, an error.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, type RpcFault, describeError, detectProtocol, resolveCallUrl } from '../core';
import type { CallOptions, Protocol, TypedValue } from '../core/types';
import { differenceOf } from './expectations';
import type { RequestCall } from './parser';
import type { CallOutcome } from './runner';
import { MissingResult, ReferenceProblem, displayValue } from './variables';

/** The URL and protocol a call goes out with: detected when the call says auto. */
export async function callTarget(url: string, chosen: Protocol | 'auto', options: CallOptions): Promise<{ url: string; protocol: Protocol }> {
  if (chosen === 'auto') return detectProtocol(url, options);
  return { url: await resolveCallUrl(url, chosen, options), protocol: chosen };
}

/** A call whose references could not be resolved: skipped (it needs a result that is missing) or an error. */
export function recordUnresolved(outcome: CallOutcome, error: unknown): void {
  if (error instanceof MissingResult) {
    outcome.status = 'skipped';
    outcome.message = error.message;
    return;
  }
  outcome.status = 'error';
  outcome.errorKind = error instanceof ReferenceProblem ? 'reference' : 'internal';
  outcome.message = describeError(error);
}

/** No answer: connection, timeout, HTTP, protocol. */
export function recordError(outcome: CallOutcome, error: unknown, message = describeError(error)): void {
  outcome.status = 'error';
  outcome.errorKind = error instanceof RpcError ? error.kind : 'internal';
  outcome.message = message;
}

/** A fault: fine when the call EXPECTs it (with its code, if it names one). */
export function recordFault(outcome: CallOutcome, call: RequestCall, error: RpcFault): void {
  outcome.fault = { code: error.code, message: error.faultString };
  const expect = call.expect;
  if (expect?.kind === 'fault') {
    const code = expect.faultCode?.value;
    if (code !== undefined && String(code) !== String(error.code)) {
      outcome.status = 'fail';
      outcome.message = l10n.t('expected fault {0}, got {1}', JSON.stringify(code), describeError(error));
    }
  } else {
    outcome.status = 'fault';
    outcome.message = describeError(error);
  }
}

/** A result, judged against the call's EXPECT value (`expected`, resolved) or its EXPECT FAULT. */
export function recordResult(outcome: CallOutcome, call: RequestCall, expected: TypedValue | undefined, result: TypedValue): void {
  outcome.result = result;
  if (call.expect?.kind === 'fault') {
    outcome.status = 'fail';
    outcome.message = `expected a fault${call.expect.faultCode ? ` ${JSON.stringify(call.expect.faultCode.value)}` : ''}, got ${displayValue(result)}`;
  } else if (expected !== undefined) {
    const difference = differenceOf(expected, result, { numbersByValue: outcome.protocol === 'jsonrpc' });
    if (difference) {
      outcome.status = 'fail';
      outcome.message = difference;
    }
  }
}
