import * as path from 'node:path';
import * as vscode from 'vscode';
import { collectNotifications, type CallNotifications } from '../core/websocket/callNotifications';
import { RpcError, RpcFault, callMethod, describeError, detectProtocol, resolveCallUrl, type CallOptions, type Protocol, type TypedValue } from '../core';
import type { Endpoint, EndpointRegistry } from '../endpoints/endpointTypes';
import { displayUrl, endpointLabel } from '../endpoints/endpointUrl';
import type { ResultPanel, ResultView } from '../views/resultPanel';
import type { CallHistory, CallOutcomeKind } from './callHistory';
import { describeFailure } from '../callOptions/failureMessages';
import type { RequestOptions } from '../callOptions/requestOptions';
import type { WireLog } from '../callOptions/wireLog';

/** How long a call may take before the panel shows it pending. */
const PENDING_VIEW_DELAY_MS = 50;

export interface CallRequest {
  endpointUrl: string;
  method: string;
  args: TypedValue[];
  /** The arguments as the user typed them (kept for history and the pre-filled box). */
  argsText: string;
}

export type CallOutcome = (
  | { status: 'ok'; value: TypedValue; elapsedMs: number; callId: number }
  | { status: 'fault'; fault: RpcFault; elapsedMs: number; callId: number }
  | { status: 'error' | 'cancelled'; error: unknown; message: string; elapsedMs: number; callId: number }
) & {
  /** A ws:// endpoint's notifications that came while the call ran. */
  notifications?: CallNotifications;
};

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
    private readonly registry: EndpointRegistry,
    private readonly options: RequestOptions,
    private readonly history: CallHistory,
    private readonly log: WireLog,
    private readonly panel: ResultPanel,
  ) {}

  /** Sends a shown call again (the panel's Call Again button). */
  /** The request behind a call on screen (the last 20 are kept). */
  requestOf(callId: number): CallRequest | undefined {
    return this.requests.get(callId);
  }

  async again(callId: number): Promise<CallOutcome | undefined> {
    const request = this.requests.get(callId);
    return request ? this.run(request) : undefined;
  }

  /** Cancels a running call (the panel's Cancel button). */
  cancel(callId: number): void {
    this.running.get(callId)?.abort();
  }

  /**
   * The clock runs around the request alone, so "Result in" is the call's own time: settings and secrets are read
   * before it starts (cached), the history is written after the outcome is on screen.
   */
  /**
   * `shown`: without the panel, the caller's own "outcome on screen" (the call form's): the history is written after
   * it, as after the panel's, so the write does not hold up the outcome.
   */
  async run(request: CallRequest, settings: { token?: vscode.CancellationToken; showPanel?: boolean; shown?: Promise<unknown> } = {}): Promise<CallOutcome> {
    const endpoint = this.registry.get(request.endpointUrl);
    const label = endpointLabel(endpoint?.config ?? { url: request.endpointUrl });
    const shownUrl = displayUrl(request.endpointUrl);
    const callId = this.panel.allocateCallId();
    const controller = new AbortController();
    this.running.set(callId, controller);
    this.requests.set(callId, request);
    for (const old of [...this.requests.keys()].slice(0, Math.max(0, this.requests.size - 20))) this.requests.delete(old);
    const tokenListener = settings.token?.onCancellationRequested(() => controller.abort());
    const startedAt = Date.now();
    const showPanel = settings.showPanel ?? true;
    const base: Omit<ResultView, 'status'> = {
      callId,
      method: request.method,
      endpoint: label === shownUrl ? label : `${label} (${shownUrl})`,
      protocol: this.registry.knownProtocol(request.endpointUrl) ?? 'auto',
      argsText: request.argsText,
      startedAt,
    };
    // A breakpoint may hold the call for as long as the user looks: calls to a debugged server run without a timeout.
    if (this.options.timeoutOff(request.endpointUrl)) base.endpoint += ` — ${vscode.l10n.t('timeout off while the server is being debugged')}`;
    // A call that answers within PENDING_VIEW_DELAY_MS goes straight to its outcome: one webview round trip instead of
    // two, and no "Calling…" flash. A slower one shows its pending state (with Cancel) from then on.
    // The first call of a session opens the panel at once: its webview (seconds on a cold window) loads while the
    // request is in flight, and the outcome follows the pending view as soon as the page is up.
    let pendingView: ReturnType<typeof setTimeout> | undefined;
    if (showPanel && !this.panel.opened) this.panel.show({ ...base, status: 'pending' });
    else if (showPanel) pendingView = setTimeout(() => this.panel.show({ ...base, status: 'pending' }), PENDING_VIEW_DELAY_MS);

    let outcome: CallOutcome;
    let clock = performance.now();
    try {
      const options = await this.options.forEndpoint(request.endpointUrl, controller.signal);
      const protocol = await this.protocolFor(request.endpointUrl, options);
      base.protocol = protocol;
      const url = await resolveCallUrl(this.registry.callUrl(request.endpointUrl), protocol, options);
      clock = performance.now();
      const during = collectNotifications(url, options);
      let value: TypedValue;
      try {
        value = await callMethod(url, protocol, request.method, request.args, { ...options, leadingArgs: await this.options.leadingArgs(request.endpointUrl) });
      } finally {
        base.notifications = during.stop();
      }
      outcome = { status: 'ok', value, elapsedMs: performance.now() - clock, callId };
      this.registry.noteCalledMethod(request.endpointUrl, request.method, protocol);
    } catch (error) {
      const elapsedMs = performance.now() - clock;
      if (error instanceof RpcFault) outcome = { status: 'fault', fault: error, elapsedMs, callId };
      else {
        const cancelled = (error instanceof RpcError && error.kind === 'cancelled') || controller.signal.aborted;
        const message = cancelled
          ? vscode.l10n.t('Cancelled: {0} on {1} (the server may still run it).', request.method, label)
          : describeFailure(error, label, { timeoutMs: this.options.timeoutMs, stoppedLocalFile: stoppedLocalFile(endpoint) });
        outcome = { status: cancelled ? 'cancelled' : 'error', error, message, elapsedMs, callId };
      }
    } finally {
      this.running.delete(callId);
      tokenListener?.dispose();
    }

    clearTimeout(pendingView);
    if (base.notifications) outcome.notifications = base.notifications;
    // A call that failed on a stopped local server: the panel offers "Start and Call".
    if (outcome.status === 'error' && stoppedLocalFile(endpoint)) base.stoppedLocalServer = stoppedLocalFile(endpoint);
    if (showPanel) this.panel.show(toView(base, outcome), { reveal: true });
    this.logOutcome(label, request, outcome);
    // Written once the outcome is on screen (or after a second, when the panel is hidden); the arguments outlive a
    // failure: the next Call pre-fills them.
    const recording = this.record(request, outcome, startedAt);
    void (showPanel ? this.panel.whenShown(callId, 1000).then(recording) : settings.shown ? settings.shown.then(recording, recording) : recording());
    return outcome;
  }

  /** Writes the call into the history (a function, so it runs once the outcome is on screen). */
  private record(request: CallRequest, outcome: CallOutcome, startedAt: number): () => void {
    return () => {
      this.history.rememberArgs(request.endpointUrl, request.method, request.argsText);
      this.history.record({
        endpointUrl: request.endpointUrl,
        method: request.method,
        argsText: request.argsText,
        outcome: outcome.status as CallOutcomeKind,
        summary: summarize(outcome),
        at: startedAt,
        elapsedMs: Math.round(outcome.elapsedMs * 10) / 10,
      });
    };
  }

  /** The endpoint's protocol: known from discovery or the user's pick, else asked of the server (not added). */
  private async protocolFor(url: string, options: CallOptions): Promise<Protocol> {
    const known = this.registry.knownProtocol(url);
    if (known) return known;
    const configured = this.registry.get(url)?.config.protocol;
    if (configured && configured !== 'auto') return configured;
    return (await detectProtocol(url, options)).protocol;
  }

  private logOutcome(label: string, request: CallRequest, outcome: CallOutcome): void {
    const head = `call ${request.method} on ${label}`;
    const ms = `${outcome.elapsedMs.toFixed(1)} ms`;
    if (outcome.status === 'ok') this.log.channel.info(`${head} → ok in ${ms}`);
    else if (outcome.status === 'fault') this.log.channel.warn(`${head} → ${describeError(outcome.fault)} (${ms})`);
    else if (outcome.status === 'cancelled') this.log.channel.info(`${head} → cancelled after ${ms}`);
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
