/**
 * Check Server: `rpc-explorer doctor` on an endpoint, as a report panel — one row per rule with its status icon, id,
 * detail and a link to the spec's section — with Run Again and Copy as Markdown. One panel per endpoint.
 */
import * as vscode from 'vscode';
import { describeError } from '../core';
import { RULES, doctorMarkdown, runDoctor, type DoctorReport } from '../core/doctor';
import { urlWithoutCredentials } from '../core/secrets';
import type { ServerChecksContext } from './index';
import { resourceRoots, webviewHtml } from './webviewHtml';

type FromWebview = { type: 'ready' } | { type: 'runAgain' } | { type: 'copyMarkdown' } | { type: 'openSpec'; url: string };

export class CheckServerPanel {
  static readonly viewType = 'rpcExplorer.checkServer';
  private static readonly open = new Map<string, CheckServerPanel>();
  private report: DoctorReport | undefined;
  private running: Promise<DoctorReport | undefined> | undefined;
  private lastMessage: unknown;

  /** Shows the endpoint's report panel and runs the check; resolves with the report (undefined when it failed). */
  static show(context: ServerChecksContext, url: string): Promise<DoctorReport | undefined> {
    let panel = CheckServerPanel.open.get(url);
    if (panel) panel.panel.reveal(undefined, true);
    else {
      panel = new CheckServerPanel(context, url);
      CheckServerPanel.open.set(url, panel);
    }
    return panel.run();
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(
    private readonly context: ServerChecksContext,
    private readonly url: string,
  ) {
    const shown = urlWithoutCredentials(url);
    this.panel = vscode.window.createWebviewPanel(CheckServerPanel.viewType, vscode.l10n.t('Check Server: {0}', shown), { viewColumn: vscode.ViewColumn.Active }, {
      enableScripts: true,
      localResourceRoots: resourceRoots(context.extensionUri),
    });
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'rpc-explorer.svg');
    this.panel.webview.html = webviewHtml(this.panel.webview, context.extensionUri, {
      title: vscode.l10n.t('Check Server: {0}', shown),
      scripts: ['media/serverChecks/check.js'],
      styles: ['media/serverChecks/serverChecks.css'],
      labels: {
        title: vscode.l10n.t('Check Server: {0}', shown),
        running: vscode.l10n.t('Checking {0} against its protocol\'s rules…', shown),
        runAgain: vscode.l10n.t('Run Again'),
        copyMarkdown: vscode.l10n.t('Copy as Markdown'),
        status: vscode.l10n.t('Status'),
        rule: vscode.l10n.t('Rule'),
        detail: vscode.l10n.t('Detail'),
        spec: vscode.l10n.t('Spec'),
        pass: vscode.l10n.t('pass'),
        fail: vscode.l10n.t('fail'),
        warn: vscode.l10n.t('warning'),
        skip: vscode.l10n.t('skipped'),
        specLink: vscode.l10n.t('spec section'),
        summary: vscode.l10n.t('{0}: {1} passed, {2} failed, {3} warnings, {4} skipped'),
        failed: vscode.l10n.t('The check could not run: {0}'),
      },
    });
    this.panel.webview.onDidReceiveMessage((message: FromWebview) => this.onMessage(message));
    this.panel.onDidDispose(() => CheckServerPanel.open.delete(url));
  }

  private post(message: unknown): void {
    this.lastMessage = message;
    void this.panel.webview.postMessage(message);
  }

  private run(): Promise<DoctorReport | undefined> {
    this.running ??= (async () => {
      this.post({ type: 'running' });
      try {
        const callUrl = this.context.registry.callUrl(this.url);
        const options = await this.context.requestOptions.forEndpoint(this.url);
        const protocol = this.context.registry.knownProtocol(this.url) ?? 'auto';
        const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking {0}', urlWithoutCredentials(this.url)) }, () =>
          runDoctor(callUrl, protocol, options),
        );
        this.report = report;
        this.post({ type: 'report', protocol: report.protocol, rules: report.rules });
        return report;
      } catch (error) {
        this.report = undefined;
        this.post({ type: 'error', message: describeError(error) });
        return undefined;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private onMessage(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
        if (this.lastMessage) void this.panel.webview.postMessage(this.lastMessage);
        return;
      case 'runAgain':
        void this.run();
        return;
      case 'copyMarkdown':
        if (this.report) {
          void vscode.env.clipboard
            .writeText(doctorMarkdown(this.report, vscode.l10n.t('Check Server: {0}', urlWithoutCredentials(this.url))))
            .then(() => vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Report copied as Markdown')}`, 2500));
        }
        return;
      case 'openSpec':
        // Only the rules' own links open: the webview shows server text, and a link must not come from it.
        if (RULES.some((rule) => rule.spec === message.url)) void vscode.env.openExternal(vscode.Uri.parse(message.url));
        return;
    }
  }
}
