/**
 * Runs the calls of one `# @batch NAME` as one request (a JSON-RPC array or one XML-RPC system.multicall), then
 * judges each call's answer on its own: every call keeps its outcome, its EXPECT verdict and its JUnit case.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, describeError } from '../core';
import { collectNotifications } from '../core/websocket/callNotifications';
import { callBatch, type BatchAnswer } from '../core/batch';
import { DEFAULT_TIMEOUT_MS } from '../core/transport';
import type { CallOptions, Protocol, TypedValue } from '../core/types';
import { callTarget, recordError, recordFault, recordResult, recordUnresolved } from './callOutcome';
import { watchNotifications, type NotificationWatch } from './notificationWatch';
import { callLabel, type RequestCall } from './parser';
import type { CallOutcome, RunOptions } from './runner';
import type { RequestFileResolver } from './variables';

/** The planned calls from `start` that belong to the batch of `calls[start]`: consecutive in the file, same name. */
export function batchAt(calls: readonly RequestCall[], start: number): RequestCall[] {
  const name = calls[start].batch?.text;
  if (name === undefined) return [calls[start]];
  const batch = [calls[start]];
  for (let i = start + 1; i < calls.length && calls[i].batch?.text === name && calls[i].index === calls[i - 1].index + 1; i++) batch.push(calls[i]);
  return batch;
}

/** The outcome of one call from its answer in the batch (its notifications are judged by their watch). */
function judge(outcome: CallOutcome, call: RequestCall, expected: TypedValue | undefined, answer: BatchAnswer): void {
  if ('error' in answer) recordError(outcome, answer.error);
  else if ('fault' in answer) recordFault(outcome, call, answer.fault);
  else if ('result' in answer) recordResult(outcome, call, expected, answer.result);
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
      recordUnresolved(outcomes[index], error);
    }
  });
  if (sent.length === 0) return finish();
  const first = sent[0].resolved;
  for (const { index, resolved } of sent) {
    outcomes[index].method = resolved.method;
    outcomes[index].url = resolved.url;
  }
  const failAll = (error: unknown, message: string) => {
    for (const { index } of sent) recordError(outcomes[index], error, message);
    return finish();
  };
  const otherUrl = sent.find(({ resolved }) => resolved.url !== first.url);
  if (otherUrl) {
    const message = l10n.t('batch "{0}": its calls go to more than one URL ({1} and {2}); a batch is one request to one URL', name, first.url, otherUrl.resolved.url);
    return failAll(new RpcError('usage', message), message);
  }
  const callOptions: CallOptions = {
    ...options.transport,
    headers: { ...options.transport?.headers, ...Object.assign({}, ...sent.map(({ resolved }) => resolved.headers)) },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
  };
  let answers: BatchAnswer[];
  let target: { url: string; protocol: Protocol };
  const watches = new Map<number, NotificationWatch>();
  let during: ReturnType<typeof collectNotifications> | undefined;
  let deadline = 0;
  try {
    target = await callTarget(first.url, calls[sent[0].index].protocol, callOptions);
    // Listening before the batch is sent: the notifications that arrive on the connection within the batch's timeout
    // count for each call of it that expects them.
    for (const { index } of sent) {
      const expected = calls[index].expect;
      if (expected?.kind === 'notifications' && expected.notifications) watches.set(index, watchNotifications(target.url, expected.notifications, callOptions));
    }
    during = collectNotifications(target.url, callOptions);
    deadline = Date.now() + (callOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    answers = await callBatch(
      target.url,
      target.protocol,
      sent.map(({ resolved }) => ({ method: resolved.method, args: resolved.args })),
      callOptions,
    );
  } catch (error) {
    for (const watch of watches.values()) watch.stop();
    during?.stop();
    return failAll(error, l10n.t('batch "{0}": {1}', name, describeError(error)));
  }
  sent.forEach(({ index, resolved }, i) => {
    const outcome = outcomes[index];
    outcome.protocol = target.protocol;
    outcome.url = target.url;
    outcome.args = resolved.args;
    judge(outcome, calls[index], resolved.expect, answers[i]);
  });
  await Promise.all(
    [...watches].map(async ([index, watch]) => {
      const missing = await watch.verdict(deadline, options.signal);
      watch.stop();
      const outcome = outcomes[index];
      if (missing && (outcome.status === 'ok' || outcome.status === 'fail')) {
        outcome.status = 'fail';
        outcome.message = missing;
      }
    }),
  );
  const notifications = during.stop();
  for (const { index } of sent) outcomes[index].notifications = notifications;
  return finish();
}
