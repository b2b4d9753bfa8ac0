import * as path from 'node:path';
import * as vscode from 'vscode';
import { RpcError, RpcFault, callMethod, describeError, discover, type Protocol, type TypedValue } from '../core';
import type { WorkspaceEndpointRegistry } from '../explorer/endpointRegistry';
import type { Endpoint } from '../explorer/endpointTypes';
import { displayUrl } from '../explorer/endpointUrl';
import type { ResultPanel, ResultView } from '../views/resultPanel';
import type { CallHistory, CallOutcomeKind } from './callHistory';
import { describeFailure } from './failureMessages';
import type { RequestOptions } from './requestOptions';
import type { WireLog } from './wireLog';

export interface CallRequest {
  endpointUrl: string;
  method: string;
  args: TypedValue[];
  /** The arguments as the user typed them (kept for history and the pre-filled box). */
  argsText: string;
}

export type CallOutcome =
  | { status: 'ok'; value: TypedValue; elapsedMs: number; callId: number }
  | { status: 'fault'; fault: RpcFault; elapsedMs: number; callId: number }
  | { status: 'error' | 'cancelled'; error: unknown; message: string; elapsedMs: number; callId: number };

/**
 * Runs one call: works out the protocol, remembers the arguments, shows the pending call in the result panel
 * (with Cancel), sends it through the core with the user's settings, then records the outcome in the history
 * and the log. Never throws: every failure is an outcome with a one-line message.
 */
export class CallRunner {
  private readonly running = new Map<number, AbortController>();
  /** Recent requests by call id, so the panel's Call Again sends the very same call. */
  private readonly requests = new Map<number, CallRequest>();

  constructor(
    private readonly registry: WorkspaceEndpointRegistry,
    private readonly options: RequestOptions,
    private readonly history: CallHistory,
    private readonly log: WireLog,
    private panel?: ResultPanel,
  ) {}

  attachPanel(panel: ResultPanel): void {
    this.panel = panel;
  }

  /** Sends a shown call again (the panel's Call Again button). */
  async again(callId: number): Promise<CallOutcome | undefined> {
    const request = this.requests.get(callId);
    return request ? this.run(request) : undefined;
  }

  /** Cancels a running call (the panel's Cancel button). */
  cancel(callId: number): void {
    this.running.get(callId)?.abort();
  }

  async run(request: CallRequest, settings: { token?: vscode.CancellationToken; showPanel?: boolean } = {}): Promise<CallOutcome> {
    const endpoint = this.registry.get(request.endpointUrl);
    const label = endpoint?.config.name ?? displayUrl(request.endpointUrl);
    const callId = this.panel?.allocateCallId() ?? Date.now();
    const controller = new AbortController();
    this.running.set(callId, controller);
    this.requests.set(callId, request);
    for (const old of [...this.requests.keys()].slice(0, Math.max(0, this.requests.size - 20))) this.requests.delete(old);
    const tokenListener = settings.token?.onCancellationRequested(() => controller.abort());
    const startedAt = Date.now();
    const showPanel = settings.showPanel ?? true;
    // The arguments outlive a failure: the next Call pre-fills them.
    await this.history.rememberArgs(request.endpointUrl, request.method, request.argsText);
    const base: Omit<ResultView, 'status'> = {
      callId,
      method: request.method,
      endpoint: label === displayUrl(request.endpointUrl) ? label : `${label} (${displayUrl(request.endpointUrl)})`,
      protocol: this.registry.knownProtocol(request.endpointUrl) ?? 'auto',
      argsText: request.argsText,
      startedAt,
    };
    if (showPanel) this.panel?.show({ ...base, status: 'pending' });

    let outcome: CallOutcome;
    try {
      const protocol = await this.protocolFor(request.endpointUrl, controller.signal);
      base.protocol = protocol;
      const options = await this.options.forEndpoint(request.endpointUrl, controller.signal);
      const value = await callMethod(request.endpointUrl, protocol, request.method, request.args, options);
      outcome = { status: 'ok', value, elapsedMs: Date.now() - startedAt, callId };
    } catch (error) {
      const elapsedMs = Date.now() - startedAt;
      if (error instanceof RpcFault) outcome = { status: 'fault', fault: error, elapsedMs, callId };
      else {
        const cancelled = (error instanceof RpcError && error.kind === 'cancelled') || controller.signal.aborted;
        const message = cancelled ? `Cancelled: ${request.method} on ${label} (the server may still run it).` : describeFailure(error, label, { timeoutMs: this.options.timeoutMs, stoppedLocalFile: stoppedLocalFile(endpoint) });
        outcome = { status: cancelled ? 'cancelled' : 'error', error, message, elapsedMs, callId };
      }
    } finally {
      this.running.delete(callId);
      tokenListener?.dispose();
    }

    this.logOutcome(request, label, outcome);
    await this.history.record({
      endpointUrl: request.endpointUrl,
      method: request.method,
      argsText: request.argsText,
      outcome: outcome.status as CallOutcomeKind,
      summary: summarize(outcome),
      at: startedAt,
      elapsedMs: outcome.elapsedMs,
    });
    if (showPanel) this.panel?.show(toView(base, outcome), { reveal: true });
    return outcome;
  }

  /** The endpoint's protocol: known from discovery or the user's pick, else asked of the server (not added). */
  private async protocolFor(url: string, signal: AbortSignal): Promise<Protocol> {
    const known = this.registry.knownProtocol(url);
    if (known) return known;
    const configured = this.registry.get(url)?.config.protocol;
    try {
      const found = await discover(url, configured ?? 'auto', await this.options.forEndpoint(url, signal));
      return found.protocol;
    } catch (error) {
      if (error instanceof RpcError && error.protocol) return error.protocol;
      throw error;
    }
  }

  private logOutcome(request: CallRequest, label: string, outcome: CallOutcome): void {
    const head = `call ${request.method} on ${label}`;
    if (outcome.status === 'ok') this.log.channel.info(`${head} → ok in ${outcome.elapsedMs} ms`);
    else if (outcome.status === 'fault') this.log.channel.warn(`${head} → ${describeError(outcome.fault)} (${outcome.elapsedMs} ms)`);
    else if (outcome.status === 'cancelled') this.log.channel.info(`${head} → cancelled after ${outcome.elapsedMs} ms`);
    else this.log.channel.error(`${head} → ${outcome.message}`);
  }
}

function stoppedLocalFile(endpoint: Endpoint | undefined): string | undefined {
  const local = endpoint?.config.local;
  return local && !local.running ? path.basename(local.file) : undefined;
}

function toView(base: Omit<ResultView, 'status'>, outcome: CallOutcome): ResultView {
  switch (outcome.status) {
    case 'ok':
      return { ...base, status: 'ok', elapsedMs: outcome.elapsedMs, value: outcome.value };
    case 'fault':
      return {
        ...base,
        status: 'fault',
        elapsedMs: outcome.elapsedMs,
        fault: { code: outcome.fault.code, message: outcome.fault.faultString, data: outcome.fault.data },
      };
    default:
      return { ...base, status: outcome.status, elapsedMs: outcome.elapsedMs, error: outcome.message };
  }
}

function summarize(outcome: CallOutcome): string {
  switch (outcome.status) {
    case 'ok': {
      const text = JSON.stringify(outcome.value) ?? 'null';
      return text.length > 200 ? `${text.slice(0, 199)}…` : text;
    }
    case 'fault':
      return describeError(outcome.fault);
    default:
      return outcome.message;
  }
}
