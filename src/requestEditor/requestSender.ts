import * as path from 'node:path';
import * as vscode from 'vscode';
import { maskSecrets } from '../core/secrets';
import { displayUrl } from '../endpoints/endpointUrl';
import { blockedCalls, checkRequestFile, runCheckedFile, type CallOutcome, type Diagnostic, type ParsedRequestFile, type RequestCall, type RunOptions, type RunReport, callLabel, displayValue } from '../requestFiles';
import type { RequestOptions } from '../callOptions/requestOptions';
import type { ResultPanel, ResultView } from '../views/resultPanel';
import { type CallVerdicts, verdictOf } from './callVerdicts';
import { EditorVariables, ParsedDocuments, callAtLine, urlText } from './requestDocuments';
import { batchAt } from '../requestFiles/batchRun';
import type { RequestResultsView } from './requestResultsView';

/** Send All's report: what ran, and the calls an error kept from being sent (each with that error). */
export interface SendAllReport extends RunReport {
  notSent: { call: RequestCall; diagnostic: Diagnostic }[];
}

/**
 * Send and Send All of a .rpc editor: the file is checked first (a call with an error, or using one, is not sent;
 * the others go), then the calls go through the request file runner with the editor's variables. Send shows its call
 * in the RPC Result panel; each call's verdict goes where the call is (CallVerdicts) and into the Request Results view.
 */
export class RequestSender implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The last Send All report (the summary document shows it). */
  lastReport: SendAllReport | undefined;

  constructor(
    private readonly parsed: ParsedDocuments,
    private readonly variables: EditorVariables,
    private readonly panel: ResultPanel,
    private readonly requestOptions: RequestOptions,
    private readonly verdicts: CallVerdicts,
    private readonly resultsView: RequestResultsView,
  ) {}

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Sends one call (by index, else the one under the cursor of the active .rpc editor). */
  async send(uri?: vscode.Uri, index?: number): Promise<CallOutcome | undefined> {
    const document = await this.documentOf(uri);
    if (!document) return undefined;
    const file = this.parsed.get(document);
    const call = index !== undefined ? file.calls[index] : callAtLine(file, vscode.window.activeTextEditor?.selection.active.line ?? 0);
    if (!call) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no call to send.', path.basename(document.uri.path)));
      return undefined;
    }
    const checked = await this.check(document);
    if (!checked) return undefined;
    const blocker = checked.blocked.get(call.index);
    this.verdicts.clear(document.uri, [call.index]);
    if (blocker) {
      this.verdicts.record(document.uri, [{ call, label: callLabel(call), status: 'not-sent', diagnostic: blocker, message: blocker.message }]);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('{0} was not sent: {1}. See the Problems view.', callLabel(call), where(blocker)),
      );
      return undefined;
    }
    const results = this.variables.resultsOf(document.uri);
    for (const [name, state] of results) checked.resolver.results.set(name, state);
    let callId = 0;
    let shownCall = false;
    const viewBase = (c: RequestCall): Omit<ResultView, 'status'> => ({
      callId,
      method: c.method?.token.text ?? '',
      endpoint: c.url?.token.text ?? '',
      protocol: c.protocol,
      argsText: c.args?.token.text.trim() ?? '',
      startedAt: Date.now(),
    });
    let outcome: CallOutcome | undefined;
    const { transport, timeoutMs } = await this.transportFor(file);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: call.method ? vscode.l10n.t('Sending {0}', call.method.token.text) : vscode.l10n.t('Sending call') }, (_progress) =>
      runCheckedFile(checked.resolver, checked.warnings, {
        transport,
        select: (c) => c.index === call.index,
        timeoutMs,
        onCallStart: (c) => {
          if (c.index !== call.index) return;
          callId = this.panel.allocateCallId();
          shownCall = true;
          this.panel.show({ ...viewBase(c), status: 'pending' }, { reveal: true });
        },
        onOutcome: (o) => {
          if (o.call.name) results.set(o.call.name.text, o.result !== undefined ? { value: o.result } : { missing: o.status === 'fault' ? vscode.l10n.t('{0} returned a fault', o.label) : vscode.l10n.t('{0} has no result', o.label) });
          if (o.call.index === call.index) outcome = o;
        },
      }),
    );
    if (!outcome) return undefined;
    this.verdicts.record(document.uri, [verdictOf(outcome)]);
    if (shownCall) this.panel.show(resultView(viewBase(call), outcome, [...checked.resolver.secrets.values()]), { reveal: true });
    this.showVerdict(outcome);
    return outcome;
  }

  /** Sends the `# @batch` that starts at call `index` as one request, and shows its summary like Send All. */
  async sendBatch(uri: vscode.Uri | undefined, index: number): Promise<RunReport | undefined> {
    const document = await this.documentOf(uri);
    if (!document) return undefined;
    const members = new Set(batchAt(this.parsed.get(document).calls, index).map((c) => c.index));
    return this.sendAll(uri, (c) => members.has(c.index));
  }

  /** Sends every call without an error (or the selected ones among them) in order and shows the Request Results view. */
  async sendAll(uri?: vscode.Uri, select?: (call: RequestCall) => boolean): Promise<SendAllReport | undefined> {
    const document = await this.documentOf(uri);
    if (!document) return undefined;
    const checked = await this.check(document);
    if (!checked) return undefined;
    const results = this.variables.resultsOf(document.uri);
    results.clear();
    this.verdicts.clear(document.uri);
    const name = path.basename(document.uri.path);
    const { transport, timeoutMs } = await this.transportFor(checked.resolver.file);
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sending {0}', name), cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return runCheckedFile(checked.resolver, checked.warnings, {
          transport,
          timeoutMs,
          select: (c) => !checked.blocked.has(c.index) && (!select || select(c)),
          signal: controller.signal,
          onCallStart: (c) => progress.report({ message: c.method?.token.text }),
          onOutcome: (o) => {
            if (o.call.name) results.set(o.call.name.text, o.result !== undefined ? { value: o.result } : { missing: vscode.l10n.t('{0} has no result', o.label) });
          },
        });
      },
    );
    const notSent = [...checked.blocked].map(([index, diagnostic]) => ({ call: checked.resolver.file.calls[index], diagnostic }));
    const full: SendAllReport = { ...report, notSent };
    this.lastReport = full;
    if (notSent.length > 0) {
      void vscode.window.showWarningMessage(
        notSent.length === 1
          ? vscode.l10n.t('1 call of {0} was not sent ({1}). See the Problems view.', name, where(notSent[0].diagnostic))
          : vscode.l10n.t('{0} calls of {1} were not sent ({2}). See the Problems view.', notSent.length, name, where(notSent[0].diagnostic)),
      );
    }
    this.verdicts.record(document.uri, [
      ...report.outcomes.map(verdictOf),
      ...notSent.map(({ call, diagnostic }) => ({ call, label: callLabel(call), status: 'not-sent' as const, diagnostic, message: diagnostic.message })),
      ...report.notRun.map((call) => ({ call, label: callLabel(call), status: 'skipped' as const, message: vscode.l10n.t('not run') })),
    ]);
    await this.resultsView.show();
    return full;
  }

  /**
   * The file's resolver, its warnings and the calls an error keeps from being sent (the others go); undefined (and
   * one message) when the environment itself is broken.
   */
  private async check(document: vscode.TextDocument) {
    const environment = this.variables.environment();
    if (environment.error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Nothing was sent: {0}.', environment.error));
      return undefined;
    }
    const checked = await checkRequestFile(this.parsed.get(document), this.variables.sources());
    return {
      resolver: checked.resolver,
      warnings: checked.diagnostics.filter((d) => d.severity !== 'error'),
      blocked: blockedCalls(checked.resolver, checked.diagnostics),
    };
  }

  /**
   * The explorer's settings for the file's endpoint (its headers and secrets, TLS, size cap, wire log) when every
   * call goes to one URL; a file that calls several sends with its own headers only, so no endpoint's credentials
   * reach another server.
   */
  private async transportFor(file: ParsedRequestFile): Promise<{ transport: RunOptions['transport']; timeoutMs: number }> {
    const environment = this.variables.environment().variables;
    const urls = new Set(file.calls.map((call) => (call.url ? urlText(file, call.url, environment) : undefined)));
    // The request timeout, or none when a server the file calls is being debugged (paused at a breakpoint).
    const timeoutMs = Math.max(this.requestOptions.timeoutMs, ...[...urls].map((url) => (url === undefined ? 0 : this.requestOptions.timeoutFor(url))));
    const [url] = urls;
    if (urls.size !== 1 || url === undefined) return { transport: undefined, timeoutMs };
    try {
      const { timeoutMs: _timeout, signal: _signal, multicallChunk: _chunk, ...transport } = await this.requestOptions.forEndpoint(url);
      return { transport, timeoutMs };
    } catch {
      return { transport: undefined, timeoutMs };
    }
  }

  private async documentOf(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri) return vscode.workspace.openTextDocument(uri);
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'rpc') return editor.document;
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a request file (.rpc) to send its calls.'));
    return undefined;
  }

  /** The panel has no place for the EXPECT verdict: the status bar says it, and a notification when it failed. */
  private showVerdict(outcome: CallOutcome): void {
    const call = outcome.call;
    const ms = `${Math.round(outcome.durationMs)} ms`;
    if (outcome.status === 'ok') {
      if (call.expect) vscode.window.setStatusBarMessage(`$(pass) ${outcome.label}: ${vscode.l10n.t('EXPECT held ({0})', ms)}`, 10_000);
      else vscode.window.setStatusBarMessage(`$(pass) ${outcome.label} (${ms})`, 5_000);
    } else if (outcome.status === 'fail') {
      vscode.window.setStatusBarMessage(`$(error) ${outcome.label}: ${outcome.message}`, 10_000);
      void vscode.window.showWarningMessage(`✗ ${outcome.label}: ${outcome.message}`);
    } else if (outcome.status === 'skipped' || (outcome.status === 'error' && outcome.errorKind === 'reference')) {
      void vscode.window.showWarningMessage(`${outcome.label}: ${outcome.message}`);
    }
  }
}

function where(diagnostic: Diagnostic): string {
  return vscode.l10n.t('line {0}: {1}', diagnostic.range.start.line + 1, diagnostic.message);
}

/** The panel's view of a request file call: the arguments as sent (secrets masked, the template below) and the EXPECT verdict. */
function resultView(base: Omit<ResultView, 'status'>, outcome: CallOutcome, secrets: string[]): ResultView {
  const sent = outcome.args ? maskSecrets(outcome.args.map((a) => displayValue(a, Number.MAX_SAFE_INTEGER)).join(', '), secrets) : undefined;
  const template = base.argsText;
  const view: Omit<ResultView, 'status'> = {
    ...base,
    endpoint: outcome.url ? displayUrl(outcome.url) : base.endpoint,
    protocol: outcome.protocol ?? base.protocol,
    elapsedMs: outcome.durationMs,
    ...(outcome.notifications ? { notifications: outcome.notifications } : {}),
    ...(sent !== undefined ? { argsText: sent, ...(sent !== template.replace(/\s+/g, ' ').trim() && outcome.call.args?.references.length ? { argsTemplate: template } : {}) } : {}),
    ...(outcome.call.expect && (outcome.status === 'ok' || outcome.status === 'fail')
      ? { verdict: { held: outcome.status === 'ok', text: outcome.status === 'ok' ? vscode.l10n.t('held') : (outcome.message ?? '') } }
      : {}),
  };
  if (outcome.fault) return { ...view, status: 'fault', fault: outcome.fault };
  if (outcome.result !== undefined) return { ...view, status: 'ok', value: outcome.result };
  return { ...view, status: 'error', error: outcome.message ?? vscode.l10n.t('no result') };
}
