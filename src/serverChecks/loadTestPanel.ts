/**
 * Load Test Method…: runs `rpc-explorer load`'s runner on one method and shows it live — throughput and latency
 * percentiles over time (uPlot, loaded only in this panel) and at the end the HDR histogram — with Stop, Save as
 * JSON and Copy Summary.
 */
import * as vscode from 'vscode';
import { describeError } from '../core';
import { loadHistogramText, loadJson, loadSummary, runLoad, type LoadProgress, type LoadResult } from '../core/load';
import { urlWithoutCredentials } from '../core/secrets';
import type { Protocol } from '../core/types';
import type { ServerChecksContext } from './index';
import type { LoadTestSettings } from './loadTestSettings';
import { resourceRoots, webviewHtml } from './webviewHtml';

type FromWebview = { type: 'ready' } | { type: 'stop' } | { type: 'saveJson' } | { type: 'copySummary' };

export class LoadTestPanel {
  static readonly viewType = 'rpcExplorer.loadTest';
  private readonly panel: vscode.WebviewPanel;
  private readonly abort = new AbortController();
  private readonly timeline: LoadProgress[] = [];
  private result: LoadResult | undefined;
  private done: { type: 'done'; [key: string]: unknown } | { type: 'error'; message: string } | undefined;

  constructor(
    private readonly context: ServerChecksContext,
    private readonly url: string,
    private readonly method: string,
  ) {
    const title = vscode.l10n.t('Load Test: {0}', method);
    this.panel = vscode.window.createWebviewPanel(LoadTestPanel.viewType, title, { viewColumn: vscode.ViewColumn.Active }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: resourceRoots(context.extensionUri),
    });
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'rpc-explorer.svg');
    this.panel.webview.html = webviewHtml(this.panel.webview, context.extensionUri, {
      title,
      scripts: ['dist/webview/uPlot.iife.min.js', 'media/serverChecks/load.js'],
      styles: ['dist/webview/uPlot.min.css', 'media/serverChecks/serverChecks.css'],
      labels: {
        title: vscode.l10n.t('Load Test: {0} on {1}', method, urlWithoutCredentials(url)),
        running: vscode.l10n.t('Running…'),
        finished: vscode.l10n.t('Finished'),
        stopped: vscode.l10n.t('Stopped'),
        stop: vscode.l10n.t('Stop'),
        saveJson: vscode.l10n.t('Save as JSON'),
        copySummary: vscode.l10n.t('Copy Summary'),
        throughput: vscode.l10n.t('Throughput (calls/s)'),
        latency: vscode.l10n.t('Latency (ms)'),
        histogram: vscode.l10n.t('Latency histogram'),
        seconds: vscode.l10n.t('Time (s)'),
        calls: vscode.l10n.t('calls'),
        failed: vscode.l10n.t('The load test could not run: {0}'),
        progress: vscode.l10n.t('{0} calls, {1} ok, {2} faults, {3} errors'),
      },
    });
    this.panel.webview.onDidReceiveMessage((message: FromWebview) => this.onMessage(message));
    this.panel.onDidDispose(() => this.abort.abort());
  }

  /** Runs the load test; resolves with its result (undefined when it could not start). */
  async run(settings: LoadTestSettings): Promise<LoadResult | undefined> {
    try {
      const options = await this.context.requestOptions.forEndpoint(this.url);
      const leading = (await this.context.requestOptions.leadingArgs(this.url)) ?? [];
      const protocol: Protocol = this.context.registry.knownProtocol(this.url) ?? (await this.context.detectProtocol(this.context.registry.callUrl(this.url), options)).protocol;
      const result = await runLoad({
        url: this.context.registry.callUrl(this.url),
        protocol,
        method: this.method,
        args: [...leading, ...settings.args],
        headers: options.headers,
        timeoutMs: options.timeoutMs,
        insecure: options.insecure,
        calls: settings.calls,
        durationSeconds: settings.durationSeconds,
        concurrency: settings.concurrency,
        rate: settings.rate,
        signal: this.abort.signal,
        onProgress: (progress) => {
          this.timeline.push(progress);
          void this.panel.webview.postMessage({ type: 'progress', progress });
        },
      });
      this.result = result;
      this.done = {
        type: 'done',
        stopped: result.stopped,
        summary: loadSummary(result),
        histogram: result.histogram.bars(40),
        distribution: loadHistogramText(result),
        timeline: this.timeline,
      };
      void this.panel.webview.postMessage(this.done);
      return result;
    } catch (error) {
      this.done = { type: 'error', message: describeError(error) };
      void this.panel.webview.postMessage(this.done);
      return undefined;
    }
  }

  private onMessage(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
        // The webview (re)loaded: give it what happened so far.
        for (const progress of this.timeline) void this.panel.webview.postMessage({ type: 'progress', progress });
        if (this.done) void this.panel.webview.postMessage(this.done);
        return;
      case 'stop':
        this.abort.abort();
        return;
      case 'copySummary':
        if (this.result) {
          void vscode.env.clipboard
            .writeText([vscode.l10n.t('Load Test: {0} on {1}', this.method, urlWithoutCredentials(this.url)), ...loadSummary(this.result)].join('\n') + '\n')
            .then(() => vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Load test summary copied')}`, 2500));
        }
        return;
      case 'saveJson':
        void this.saveJson();
        return;
    }
  }

  private async saveJson(): Promise<void> {
    if (!this.result) return;
    const target = await vscode.window.showSaveDialog({ filters: { JSON: ['json'] }, saveLabel: vscode.l10n.t('Save as JSON') });
    if (!target) return;
    const record = { ...JSON.parse(loadJson(this.result)), method: this.method, url: urlWithoutCredentials(this.url), errors_by_kind: this.result.errorsByKind, timeline: this.timeline };
    await vscode.workspace.fs.writeFile(target, Buffer.from(JSON.stringify(record, null, 2) + '\n', 'utf8'));
  }
}
