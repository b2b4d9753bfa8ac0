import * as vscode from 'vscode';
import { escapeHtml, webviewHtml } from './webviewHtml';
import type { TypedValue } from '../core';

/** What the "RPC Result" panel shows: one call, pending or finished. Sent to the webview as data, never as HTML. */
export interface ResultView {
  callId: number;
  method: string;
  /** The endpoint as shown (name or URL, password hidden). */
  endpoint: string;
  protocol: string;
  argsText: string;
  /** When the arguments were written with references (a request file): the text as written, shown below. */
  argsTemplate?: string;
  /** A request file call's EXPECT: whether it held, and the one-line verdict. */
  verdict?: { held: boolean; text: string };
  /** The call failed because the endpoint's local server (this file) is stopped: the panel offers Start and Call. */
  stoppedLocalServer?: string;
  startedAt: number;
  status: 'pending' | 'ok' | 'fault' | 'error' | 'cancelled';
  elapsedMs?: number;
  value?: TypedValue;
  fault?: { code: number | string | null; message: string; data?: TypedValue };
  /** One line naming the endpoint and what to do. */
  error?: string;
  /** A ws:// endpoint: the notifications that arrived while the call ran (the first ones, and how many came). */
  notifications?: { count: number; items: { method: string; params?: TypedValue; receivedAt: number }[] };
}

/** A call the webview has put on screen. */
export interface ShownCall {
  callId: number;
  status: ResultView['status'];
}

/**
 * A button of the panel pressed on the call shown: Call Again, Edit and Call (arguments box pre-filled), Start and
 * Call (the stopped local server first), Copy As…, Save to Request File; Cancel names its call.
 */
export type ResultPanelRequest =
  | { action: 'cancel'; callId: number }
  | { action: 'callAgain' | 'editAndCall' | 'startServerAndCall' | 'copyAs' | 'saveToRequestFile'; view: ResultView };

type FromWebview =
  | { type: 'ready' }
  | { type: 'cancel'; callId: number }
  | { type: 'copy' }
  | { type: 'openJson' }
  | { type: 'callAgain' }
  | { type: 'startServerAndCall' }
  | { type: 'editAndCall' }
  | { type: 'copyAs' }
  | { type: 'saveToRequestFile' }
  | ({ type: 'shown' } & ShownCall);

/**
 * The one reusable "RPC Result" webview panel, beside the editor. Strict CSP: scripts only with a nonce, styles
 * and scripts only from media/, no remote content; the webview builds its DOM with textContent from the posted data.
 */
export class ResultPanel implements vscode.Disposable {
  static readonly viewType = 'rpcExplorer.result';
  private panel?: vscode.WebviewPanel;
  private view?: ResultView;
  private nextCallId = 1;
  private lastShown?: ShownCall;
  private jsonDocuments?: import('./resultJsonDocuments').ResultJsonDocuments;
  private readonly shown = new vscode.EventEmitter<ShownCall>();
  /** Fires when the webview has put a view on screen. */
  readonly onDidShow = this.shown.event;
  private readonly asked = new vscode.EventEmitter<ResultPanelRequest>();
  /** Fires when a button of the panel asks for something the calls do (the panel only shows). */
  readonly onDidAsk = this.asked.event;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** The id the next call will get (each call owns the panel until a newer one starts). */
  allocateCallId(): number {
    return this.nextCallId++;
  }

  get current(): ResultView | undefined {
    return this.view;
  }

  /** The panel exists (its webview is loaded or loading). */
  get opened(): boolean {
    return this.panel !== undefined;
  }

  get visible(): boolean {
    return !!this.panel?.visible;
  }

  /** Shows a view; a stale call (older than the one shown) does not overwrite a newer one. */
  show(view: ResultView, options: { reveal: boolean } = { reveal: true }): void {
    if (this.view && view.callId < this.view.callId) return;
    this.view = view;
    if (!this.panel) {
      if (!options.reveal) return;
      this.panel = this.createPanel();
    } else if (options.reveal && !this.panel.visible) {
      this.panel.reveal(undefined, true); // where the user left it, without taking focus
    }
    void this.panel.webview.postMessage({ type: 'show', view });
  }

  /**
   * Resolves when the webview has put the outcome of a call on screen, or after `timeoutMs` (a hidden panel shows
   * nothing until it is revealed): true when it was shown.
   */
  whenShown(callId: number, timeoutMs = 10_000): Promise<boolean> {
    if (this.lastShown?.callId === callId && this.lastShown.status !== 'pending') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        listener.dispose();
        resolve(false);
      }, timeoutMs);
      const listener = this.onDidShow((shown) => {
        if (shown.callId === callId && shown.status !== 'pending') {
          clearTimeout(timer);
          listener.dispose();
          resolve(true);
        }
      });
    });
  }

  dispose(): void {
    this.panel?.dispose();
    this.shown.dispose();
    this.asked.dispose();
    this.jsonDocuments?.dispose();
  }

  private createPanel(): vscode.WebviewPanel {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      ResultPanel.viewType,
      vscode.l10n.t('RPC Result'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [media], enableFindWidget: true },
    );
    panel.iconPath = vscode.Uri.joinPath(media, 'rpc-explorer.svg');
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((message: FromWebview) => this.onMessage(message));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  /** "Open as JSON": the result shown (or `view`) as a read-only JSON document. */
  async openAsJson(view = this.view): Promise<vscode.TextEditor | undefined> {
    if (!view) return undefined;
    this.jsonDocuments ??= new (await import('./resultJsonDocuments')).ResultJsonDocuments();
    return this.jsonDocuments.open(`${view.method} result`, view.callId, resultText(view));
  }

  private onMessage(message: FromWebview): void {
    const view = this.view;
    switch (message.type) {
      case 'ready':
        // The webview (re)loaded, e.g. after being hidden: give it the current view again.
        if (view) void this.panel?.webview.postMessage({ type: 'show', view });
        return;
      case 'cancel':
        this.asked.fire({ action: 'cancel', callId: message.callId });
        return;
      case 'callAgain':
      case 'editAndCall':
      case 'startServerAndCall':
      case 'copyAs':
      case 'saveToRequestFile':
        if (view) this.asked.fire({ action: message.type, view });
        return;
      case 'copy':
        if (view) void vscode.env.clipboard.writeText(resultText(view)).then(() => vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('RPC result copied')}`, 2500));
        return;
      case 'openJson':
        if (view) void this.openAsJson(view);
        return;
      case 'shown':
        this.lastShown = { callId: message.callId, status: message.status };
        this.shown.fire(this.lastShown);
        return;
    }
  }

  private html(webview: vscode.Webview): string {
    const empty = escapeHtml(vscode.l10n.t('No call yet. Run {0}.', '\u0000')).replace('\u0000', `<b>${escapeHtml(vscode.l10n.t('RPC Explorer: Call Method'))}</b>`);
    return webviewHtml(webview, this.extensionUri, {
      title: vscode.l10n.t('RPC Result'),
      styles: ['media/result.css'],
      scripts: ['media/webviewKit.js', 'media/valueTree.js', 'media/result.js'],
      labels: webviewLabels(),
      placeholderHtml: `<p class="empty">${empty}</p>`,
    });
  }
}

/**
 * The webview's words, in the display language: media/result.js reads them from `data-labels` and fills in `{0}`.
 * Type names (array, struct, nil) and units stay as the protocols and the code write them.
 */
export function webviewLabels(): Record<string, string> {
  return {
    endpoint: vscode.l10n.t('Endpoint'),
    protocol: vscode.l10n.t('Protocol'),
    arguments: vscode.l10n.t('Arguments'),
    noArguments: vscode.l10n.t('(none)'),
    asWritten: vscode.l10n.t('as written: {0}'),
    expect: vscode.l10n.t('Expect'),
    copyResult: vscode.l10n.t('Copy Result'),
    copyResultTitle: vscode.l10n.t('Copy the result as typed JSON'),
    openJson: vscode.l10n.t('Open as JSON'),
    openJsonTitle: vscode.l10n.t('Open the result in an untitled JSON document'),
    copyAs: vscode.l10n.t('Copy As…'),
    copyAsTitle: vscode.l10n.t('Copy the call as curl, Python, Node.js or an rpc-explorer command line'),
    saveToRequestFile: vscode.l10n.t('Save to Request File'),
    saveToRequestFileTitle: vscode.l10n.t('Add this call to a request file (.rpc) you can keep in git and send again'),
    callAgain: vscode.l10n.t('Call Again'),
    editAndCall: vscode.l10n.t('Edit and Call'),
    editAndCallTitle: vscode.l10n.t('Change the arguments, then send the call'),
    startAndCall: vscode.l10n.t('Start and Call'),
    startAndCallTitle: vscode.l10n.t('Start the endpoint\'s local server ({0}), then send the same call'),
    callAgainTitle: vscode.l10n.t('Send the same call again'),
    calling: vscode.l10n.t('Calling…'),
    callingFor: vscode.l10n.t('Calling… {0}'),
    cancel: vscode.l10n.t('Cancel'),
    cancelTitle: vscode.l10n.t('Cancel the request'),
    cancelling: vscode.l10n.t('Cancelling…'),
    resultIn: vscode.l10n.t('Result in {0}'),
    notificationsDuring: vscode.l10n.t('Notifications during the call ({0})'),
    faultAfter: vscode.l10n.t('Fault after {0}'),
    fault: vscode.l10n.t('Fault'),
    noFaultCode: vscode.l10n.t('(no code)'),
    faultCode: vscode.l10n.t('code {0}'),
    faultData: vscode.l10n.t('data'),
    cancelledAfter: vscode.l10n.t('Cancelled after {0}'),
    failedAfter: vscode.l10n.t('Failed after {0}'),
    binaryBytes: vscode.l10n.t('binary, {0} bytes'),
    showAllCharacters: vscode.l10n.t('show all ({0} characters)'),
    showAllCharactersTitle: vscode.l10n.t('Render the whole string'),
    expand: vscode.l10n.t('Expand'),
    showMore: vscode.l10n.t('Show {0} more ({1} of {2} shown)'),
    showAll: vscode.l10n.t('show all'),
    showAllTitle: vscode.l10n.t('Render every remaining entry'),
  };
}

/** Typed JSON text of what the panel shows (Copy Result / Open as JSON). */
export function resultText(view: ResultView): string {
  if (view.status === 'ok') return JSON.stringify(view.value ?? null, null, 2);
  if (view.status === 'fault' && view.fault) {
    const fault: Record<string, TypedValue> = { faultCode: view.fault.code, faultString: view.fault.message };
    if (view.fault.data !== undefined) fault.data = view.fault.data;
    return JSON.stringify(fault, null, 2);
  }
  return JSON.stringify({ error: view.error ?? view.status }, null, 2);
}
