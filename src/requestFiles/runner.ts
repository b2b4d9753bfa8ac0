/**
 * Runs a parsed request file: checks it whole first (a file with an error sends nothing), then sends its calls in
 * order, one at a time, each with its own deadline, and judges each EXPECT. No vscode: the CLI's `run` and the
 * editor share it, each passing its own variable sources and listening to the outcomes as they come.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault, callMethod, describeError, detectProtocol, resolveCallUrl } from '../core';
import type { RpcErrorKind } from '../core/errors';
import { maskSecrets, urlWithoutCredentials } from '../core/secrets';
import { DEFAULT_TIMEOUT_MS } from '../core/endpointUrl';
import type { CallOptions, Protocol, TransportOptions, TypedValue } from '../core/types';
import { differenceOf } from './expectations';
import { callLabel, type Diagnostic, type ParsedRequestFile, type RequestCall } from './parser';
import { MissingResult, ReferenceProblem, RequestFileResolver, displayValue, readSecrets, type VariableSources } from './variables';
import { batchAt, runBatch } from './batchRun';
import { watchNotifications, type NotificationWatch } from './notificationWatch';

/**
 * ok: the call answered and its EXPECT (if any) held, an expected fault included. fail: the EXPECT did not hold.
 * fault: the server answered with a fault nobody expected. error: no answer (connection, timeout, HTTP, protocol)
 * or a reference that could not be resolved. skipped: a call whose result it needs has none.
 */
export type CallStatus = 'ok' | 'fail' | 'fault' | 'error' | 'skipped';

export interface CallOutcome {
  call: RequestCall;
  /** callLabel(call): the title, name, method or line. */
  label: string;
  status: CallStatus;
  /** One line, for every status but ok: `expected 5, got 6`, `fault 1: …`, `connection refused …`. */
  message?: string;
  durationMs: number;
  /** The protocol the call went out in (detected when the call says auto). */
  protocol?: Protocol;
  /** The URL called, without credentials (nor any secret value the file used). */
  url?: string;
  method?: string;
  /** The arguments as sent (references resolved; secret values in them are the caller's to mask). */
  args?: TypedValue[];
  result?: TypedValue;
  fault?: { code: number | string | null; message: string };
  /** The kind of error (status error): the core's RpcError kind, 'reference' or 'internal'. */
  errorKind?: RpcErrorKind | 'reference' | 'internal';
}

export interface RunOptions {
  sources?: VariableSources;
  /** Deadline of each request in ms (a call with protocol auto may take a detection probe first). Default 30 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Which calls to run (`--filter`); the named calls they use run too. Default: all. */
  select?: (call: RequestCall) => boolean;
  /** Stop at the first call that is not ok. */
  bail?: boolean;
  /** Transport settings of the caller (TLS, size cap, extra headers, wire log); the file's headers win. */
  transport?: Omit<TransportOptions, 'timeoutMs' | 'signal' | 'idempotent'>;
  onCallStart?: (call: RequestCall) => void;
  onOutcome?: (outcome: CallOutcome) => void;
}

export interface RunReport {
  /** Parse and check diagnostics; when one is an error nothing was sent. */
  diagnostics: Diagnostic[];
  outcomes: CallOutcome[];
  /** Selected calls that did not run: --bail stopped the run, or it was cancelled. */
  notRun: RequestCall[];
  durationMs: number;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Every problem of the file, parse and references (unknown variables, unset $env and $secret…), in file order,
 * with the resolver ready to run it. Asks for each secret the file uses once.
 */
export async function checkRequestFile(file: ParsedRequestFile, sources: VariableSources = {}): Promise<{ diagnostics: Diagnostic[]; resolver: RequestFileResolver }> {
  const secrets = await readSecrets(file, sources);
  const resolver = new RequestFileResolver(file, sources, secrets);
  const diagnostics = [...file.diagnostics, ...resolver.check()].sort((a, b) => a.offset - b.offset);
  return { diagnostics, resolver };
}

/**
 * The calls to run, in file order: the selected ones and, transitively, the named calls they use whose result the
 * resolver does not hold yet (the editor keeps the results of earlier sends).
 */
export function plannedCalls(file: ParsedRequestFile, resolver: RequestFileResolver, select?: (call: RequestCall) => boolean): RequestCall[] {
  const chosen = new Set<number>();
  const add = (call: RequestCall, selected: boolean) => {
    if (chosen.has(call.index)) return;
    if (!selected && call.name && resolver.results.has(call.name.text)) return;
    chosen.add(call.index);
    for (const index of resolver.dependenciesOf(call)) add(file.calls[index], false);
  };
  for (const call of file.calls) if (!select || select(call)) add(call, true);
  return file.calls.filter((call) => chosen.has(call.index));
}

/** Runs a file checkRequestFile found no error in (its resolver, and the diagnostics to report: warnings). */
export async function runCheckedFile(resolver: RequestFileResolver, diagnostics: Diagnostic[], options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const file = resolver.file;
  const report: RunReport = { diagnostics, outcomes: [], notRun: [], durationMs: 0 };
  if (hasErrors(diagnostics)) throw new Error('a request file with errors is never run');
  let stopped = false;
  const planned = plannedCalls(file, resolver, options.select);
  for (let i = 0; i < planned.length; i++) {
    const call = planned[i];
    if (stopped || options.signal?.aborted) {
      report.notRun.push(call);
      continue;
    }
    // A `# @batch` goes out as one request: its calls start together and each gets its own outcome.
    const batch = batchAt(planned, i);
    i += batch.length - 1;
    for (const member of batch) options.onCallStart?.(member);
    const outcomes = call.batch ? await runBatch(batch, resolver, options) : [await runCall(call, resolver, options)];
    for (const outcome of outcomes) {
      hideSecrets(outcome, [...resolver.secrets.values()]);
      if (outcome.call.name) {
        resolver.results.set(outcome.call.name.text, outcome.result !== undefined ? { value: outcome.result } : { missing: missingResult(outcome.status) });
      }
      report.outcomes.push(outcome);
      options.onOutcome?.(outcome);
      if (options.bail && outcome.status !== 'ok') stopped = true;
    }
  }
  report.durationMs = performance.now() - started;
  return report;
}

/** The URL and message of an outcome never show a secret the file used (`?token={{$secret T}}`). */
function hideSecrets(outcome: CallOutcome, secrets: string[]): void {
  if (outcome.url !== undefined) outcome.url = maskSecrets(urlWithoutCredentials(outcome.url), secrets);
  if (outcome.message !== undefined) outcome.message = maskSecrets(outcome.message, secrets);
  if (outcome.fault) outcome.fault = { ...outcome.fault, message: maskSecrets(outcome.fault.message, secrets) };
}

/** Why a named call has no result, to end "needs the result of "hello", which …". */
function missingResult(status: CallStatus): string {
  switch (status) {
    case 'ok':
    case 'fail':
      return l10n.t('returned nothing');
    case 'fault':
      return l10n.t('returned a fault');
    case 'error':
      return l10n.t('failed');
    case 'skipped':
      return l10n.t('was skipped');
  }
}

async function runCall(call: RequestCall, resolver: RequestFileResolver, options: RunOptions): Promise<CallOutcome> {
  const started = performance.now();
  const outcome: CallOutcome = { call, label: callLabel(call), status: 'ok', durationMs: 0 };
  const finish = (): CallOutcome => {
    outcome.durationMs = performance.now() - started;
    return outcome;
  };
  let resolved;
  try {
    resolved = resolver.resolveCall(call);
  } catch (error) {
    if (error instanceof MissingResult) {
      outcome.status = 'skipped';
      outcome.message = error.message;
    } else {
      outcome.status = 'error';
      outcome.errorKind = error instanceof ReferenceProblem ? 'reference' : 'internal';
      outcome.message = describeError(error);
    }
    return finish();
  }
  outcome.method = resolved.method;
  outcome.args = resolved.args;
  outcome.url = resolved.url;
  const callOptions: CallOptions = {
    ...options.transport,
    headers: { ...options.transport?.headers, ...resolved.headers },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
  };
  let result: TypedValue;
  let watch: NotificationWatch | undefined;
  try {
    let url = resolved.url;
    let protocol: Protocol;
    if (call.protocol === 'auto') {
      const detected = await detectProtocol(url, callOptions);
      url = detected.url;
      protocol = detected.protocol;
    } else {
      protocol = call.protocol;
      url = await resolveCallUrl(url, protocol, callOptions);
    }
    outcome.protocol = protocol;
    outcome.url = url;
    // Listening before the call is sent: notifications that come before its answer count too.
    if (call.expect?.kind === 'notifications' && call.expect.notifications) watch = watchNotifications(url, call.expect.notifications, callOptions);
    const deadline = Date.now() + (callOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    result = await callMethod(url, protocol, resolved.method, resolved.args, callOptions);
    const missing = await watch?.verdict(deadline, options.signal);
    if (missing) {
      outcome.status = 'fail';
      outcome.message = missing;
    }
  } catch (error) {
    watch?.stop();
    if (error instanceof RpcFault) {
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
    } else {
      outcome.status = 'error';
      outcome.errorKind = error instanceof RpcError ? error.kind : 'internal';
      outcome.message = describeError(error);
    }
    return finish();
  }
  watch?.stop();
  outcome.result = result;
  if (call.expect?.kind === 'fault') {
    outcome.status = 'fail';
    outcome.message = `expected a fault${call.expect.faultCode ? ` ${JSON.stringify(call.expect.faultCode.value)}` : ''}, got ${displayValue(result)}`;
  } else if (resolved.expect !== undefined) {
    const difference = differenceOf(resolved.expect, result, { numbersByValue: outcome.protocol === 'jsonrpc' });
    if (difference) {
      outcome.status = 'fail';
      outcome.message = difference;
    }
  }
  return finish();
}
