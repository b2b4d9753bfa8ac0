import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { webviewHtml } from '../views/webviewHtml';
import { PROTOCOL_LABELS, parseArgumentList, type MethodInfo, type TypedValue } from '../core';
import { argumentListText, methodShapeOf, signatureLinesOf, withoutSecrets, type MethodShape } from '../core/methodShape';
import { keepsArguments, type CallHistory } from '../calls/callHistory';
import type { CallOutcome, CallRunner } from '../calls/callRunner';
import type { CallNotifications } from '../core/websocket/callNotifications';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { displayUrl, endpointLabel } from '../endpoints/endpointUrl';
import type { SourceIndex } from '../sourceEditor';
import { sourceHints } from '../sourceEditor/sourceHints';
import { callFormLabels } from './callFormLabels';

/** The form values kept per endpoint + method (workspace state); secret-named fields are never among them. */
const VALUES_KEY = 'rpcExplorer.callFormValues.v1';
/** Largest file "From file…" reads into a binary field. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** How long a call may take before the form shows it pending (as the RPC Result panel: no "Calling…" flash). */
const PENDING_DELAY_MS = 50;
/** How long the history write waits for the form to say a result is on screen. */
const SHOWN_WAIT_MS = 1000;
/** dist/callForm.js's text, read once: every form inlines it (no fetch before the fields show). */
let formScript: string | undefined;
function formScriptText(extensionUri: vscode.Uri): string {
  formScript ??= readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', 'callForm.js').fsPath, 'utf8');
  return formScript;
}
/** How long after the last edit the values are kept in workspace state. */
const STORE_DELAY_MS = 300;

export interface CallFormDependencies {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  registry: EndpointRegistry;
  runner: CallRunner;
  history: CallHistory;
  sources?: SourceIndex;
  copyAs(url: string, method: string, argsText: string): void;
  saveToRequestFile(url: string, method: string, argsText: string): void;
}

/** The result a form shows: what the RPC Result panel shows, for the form's own result area. */
interface FormResultView {
  callId: number;
  status: CallOutcome['status'];
  elapsedMs: number;
  argsText: string;
  value?: TypedValue;
  fault?: { code: number | string | null; message: string; data?: TypedValue };
  error?: string;
  notifications?: CallNotifications;
}

type FromWebview =
  | { type: 'ready' }
  | { type: 'send'; text: string; variant: number }
  | { type: 'cancel' }
  | { type: 'callAgain' }
  | { type: 'state'; text: string; variant: number; reason: string; edited: boolean }
  | { type: 'copyAs'; text: string }
  | { type: 'saveToRequestFile'; text: string }
  | { type: 'pickFile' }
  | { type: 'shown'; callId: number; status: string }
  | { type: 'interactive'; state: FormState; marks?: Record<string, number> };

interface StoredValues {
  text: string;
  variant: number;
}

/** What the form holds now, as its page last said: the arguments' text and why Send is disabled ('' when it is not). */
interface FormState extends StoredValues {
  reason: string;
}

/** The call forms: one webview panel per endpoint + method, in the editor area; opening one again focuses it. */
export class CallForms implements vscode.Disposable {
  static readonly viewType = 'rpcExplorer.callForm';
  private readonly forms = new Map<string, CallForm>();
  private readonly shownEmitter = new vscode.EventEmitter<{ url: string; method: string; callId: number; status: string }>();
  /** Fires when a form has put a call's outcome on screen. */
  readonly onDidShowResult = this.shownEmitter.event;
  private readonly interactiveEmitter = new vscode.EventEmitter<{ url: string; method: string; marks?: Record<string, number> }>();
  /** Fires when a form has built its fields and can be typed in. */
  readonly onDidBecomeInteractive = this.interactiveEmitter.event;

  constructor(private readonly deps: CallFormDependencies) {}

  /**
   * Opens (or focuses) the form of a method of an endpoint. With `argsText` (a Call History entry, a request file's
   * call) the form opens with those arguments, an open one of the same method again.
   */
  async open(url: string, methodName: string, argsText?: string): Promise<void> {
    const opened = epochNow();
    const key = `${url}|${methodName}`;
    const existing = this.forms.get(key);
    if (existing && argsText === undefined) {
      existing.reveal();
      return;
    }
    existing?.dispose();
    const endpoint = this.deps.registry.get(url);
    if (endpoint?.state.status === 'discovering') await this.deps.registry.whenDiscovered(url);
    const method: MethodInfo = this.deps.registry.methodsOf(url).find((m) => m.name === methodName) ?? { name: methodName, signatures: null, help: null };
    const shape = await this.shapeOf(url, method);
    // The form's own values, else the arguments last sent to the method (the argument box's).
    const lastArgs = this.deps.history.lastArgs(url, methodName);
    const restored = argsText !== undefined ? { text: argsText, variant: 0 } : (this.stored(key) ?? (lastArgs === undefined ? undefined : { text: lastArgs, variant: 0 }));
    const form = new CallForm(this.deps, url, method, shape, restored, {
      store: (values) => this.store(key, values, shape, values.variant),
      shown: (callId, status) => this.shownEmitter.fire({ url, method: methodName, callId, status }),
      interactive: (marks) => this.interactiveEmitter.fire({ url, method: methodName, marks: { opened, ...marks } }),
      disposed: () => this.forms.delete(key),
    });
    this.forms.set(key, form);
  }

  /** Sends an open form's call as its Send button does (its checks included); false when the form is not open. */
  send(url: string, methodName: string): boolean {
    const form = this.forms.get(`${url}|${methodName}`);
    form?.pressSend();
    return form !== undefined;
  }

  /** The open forms' keys (`url|method`). */
  get openForms(): string[] {
    return [...this.forms.keys()];
  }

  dispose(): void {
    for (const form of this.forms.values()) form.dispose();
    this.shownEmitter.dispose();
    this.interactiveEmitter.dispose();
  }

  private async shapeOf(url: string, method: MethodInfo): Promise<MethodShape> {
    // The source adds names and types where the server describes no parameters (or names its signature's arguments).
    if (this.deps.sources && !(method.params && method.origin !== 'source')) {
      const source = await this.deps.sources.forEndpoint(url).catch(() => undefined);
      const fn = source?.model.functions.find((f) => f.name === method.name);
      if (source && fn) return methodShapeOf(method, sourceHints(source.model, fn).signatureInput);
    }
    return methodShapeOf(method);
  }

  private stored(key: string): StoredValues | undefined {
    return this.deps.workspaceState.get<Record<string, StoredValues>>(VALUES_KEY)?.[key];
  }

  /**
   * Keeps the values without secrets (a secret-named parameter or field is stored as its empty value), unless they are
   * over MAX_KEPT_ARGUMENTS characters.
   */
  private async store(key: string, values: StoredValues, shape: MethodShape, variant: number): Promise<void> {
    const parsed = parseArgumentList(values.text);
    if (!parsed.ok) return;
    const params = shape.variants[variant]?.params ?? [];
    const text = argumentListText(withoutSecrets(parsed.args, params));
    if (!keepsArguments(text)) return; // a file read into a field: too long for workspace state (the last kept stay)
    const all = { ...(this.deps.workspaceState.get<Record<string, StoredValues>>(VALUES_KEY) ?? {}) };
    delete all[key];
    all[key] = { text, variant };
    // The 200 most recent forms.
    const keys = Object.keys(all);
    for (const old of keys.slice(0, Math.max(0, keys.length - 200))) delete all[old];
    await this.deps.workspaceState.update(VALUES_KEY, all);
  }
}

/** One method's form. */
class CallForm {
  private readonly panel: vscode.WebviewPanel;
  private running?: vscode.CancellationTokenSource;
  private lastText?: string;
  private nextCallId = 1;
  /** The page's last state: Send from outside the page (`send`) goes straight from it, without a round trip. */
  private state?: FormState;
  private storeTimer?: ReturnType<typeof setTimeout>;
  /** Calls whose outcome the page has not acknowledged yet. */
  private readonly shownWaiters = new Map<number, () => void>();
  /** When the steps of the open happened (the benchmark's breakdown of ui.form_open_ms). */
  private readonly marks: Record<string, number> = {};

  constructor(
    private readonly deps: CallFormDependencies,
    private readonly url: string,
    private readonly method: MethodInfo,
    private readonly shape: MethodShape,
    private readonly restored: StoredValues | undefined,
    private readonly hooks: { store(values: StoredValues): Promise<void>; shown(callId: number, status: string): void; interactive(marks: Record<string, number>): void; disposed(): void },
  ) {
    const root = deps.extensionUri;
    this.panel = vscode.window.createWebviewPanel(
      CallForms.viewType,
      vscode.l10n.t('Call {0}', method.name),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist')], enableFindWidget: true },
    );
    this.marks.created = epochNow();
    this.panel.iconPath = vscode.Uri.joinPath(root, 'media', 'rpc-explorer.svg');
    this.panel.webview.html = this.html();
    this.marks.htmlSet = epochNow();
    this.panel.webview.onDidReceiveMessage((message: FromWebview) => void this.onMessage(message));
    this.panel.onDidDispose(() => {
      this.running?.cancel();
      // Edits of the last moment are kept too.
      if (this.storeTimer) this.storeNow();
      for (const resolve of this.shownWaiters.values()) resolve();
      hooks.disposed();
    });
  }

  /** Send as the page's button does: the page's current arguments, unless it says why they cannot be sent. */
  pressSend(): void {
    if (!this.state || this.state.reason) {
      // The page has not said its state yet, or Send is disabled: let the page's own button logic decide.
      void this.panel.webview.postMessage({ type: 'send' });
      return;
    }
    void this.send(this.state.text);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        void this.panel.webview.postMessage({ type: 'init', model: this.model(), bundle: vscode.l10n.bundle });
        return;
      case 'send':
        await this.send(message.text);
        return;
      case 'callAgain':
        if (this.lastText !== undefined) await this.send(this.lastText);
        return;
      case 'cancel':
        this.running?.cancel();
        return;
      case 'state':
        this.state = { text: message.text, variant: message.variant, reason: message.reason };
        if (message.edited) this.storeSoon();
        return;
      case 'copyAs':
        this.deps.copyAs(this.url, this.method.name, message.text);
        return;
      case 'saveToRequestFile':
        this.deps.saveToRequestFile(this.url, this.method.name, message.text);
        return;
      case 'pickFile':
        await this.pickFile();
        return;
      case 'shown':
        this.shownWaiters.get(message.callId)?.();
        this.shownWaiters.delete(message.callId);
        this.hooks.shown(message.callId, message.status);
        return;
      case 'interactive':
        // The page's first state comes with it (one message on the open path, not two).
        this.state = message.state;
        this.hooks.interactive({ ...this.marks, ...message.marks, received: epochNow() });
        return;
    }
  }

  private model() {
    const endpoint = this.deps.registry.get(this.url);
    const protocol = this.deps.registry.knownProtocol(this.url);
    return {
      endpoint: { name: endpoint ? endpointLabel(endpoint.config) : displayUrl(this.url), url: displayUrl(this.url) },
      method: this.method.name,
      protocol: protocol ?? 'auto',
      protocolLabel: protocol ? PROTOCOL_LABELS[protocol] : vscode.l10n.t('detected on the first call'),
      shape: this.shape,
      signatures: signatureLinesOf(this.shape),
      help: this.shape.help ?? null,
      text: this.restored?.text,
      variant: this.restored?.variant ?? 0,
    };
  }

  private async send(text: string): Promise<void> {
    const parsed = parseArgumentList(text);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Not valid typed JSON arguments: {0}', parsed.error));
      return;
    }
    this.running?.cancel();
    const running = (this.running = new vscode.CancellationTokenSource());
    const callId = this.nextCallId++;
    this.lastText = text;
    // A quick answer goes straight to the page as its outcome (one message); a slow call shows Cancel from then on.
    const pending = setTimeout(() => void this.panel.webview.postMessage({ type: 'running', callId }), PENDING_DELAY_MS);
    const shown = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SHOWN_WAIT_MS);
      this.shownWaiters.set(callId, () => (clearTimeout(timer), resolve()));
    });
    const outcome = await this.deps.runner.run({ endpointUrl: this.url, method: this.method.name, args: parsed.args, argsText: text }, { token: running.token, showPanel: false, shown });
    clearTimeout(pending);
    if (this.running === running) this.running = undefined;
    running.dispose();
    void this.panel.webview.postMessage({ type: 'result', view: toView(callId, text, outcome) });
  }

  /** Keeps the values a moment after the last edit (not on every keystroke). */
  private storeSoon(): void {
    clearTimeout(this.storeTimer);
    this.storeTimer = setTimeout(() => this.storeNow(), STORE_DELAY_MS);
  }

  private storeNow(): void {
    clearTimeout(this.storeTimer);
    this.storeTimer = undefined;
    const state = this.state;
    if (state && !state.reason) void this.hooks.store({ text: state.text, variant: state.variant });
  }

  private async pickFile(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: vscode.l10n.t('Binary value from a file') });
    if (!picked?.[0]) return;
    try {
      const stat = await fs.stat(picked[0].fsPath);
      if (stat.size > MAX_FILE_BYTES) {
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} is larger than {1} MB: not read into the form.', picked[0].fsPath, MAX_FILE_BYTES / 1024 / 1024));
        return;
      }
      const bytes = await vscode.workspace.fs.readFile(picked[0]);
      void this.panel.webview.postMessage({ type: 'file', base64: Buffer.from(bytes).toString('base64') });
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read {0}: {1}', picked[0].fsPath, error instanceof Error ? error.message : String(error)));
    }
  }

  private html(): string {
    return webviewHtml(this.panel.webview, this.deps.extensionUri, {
      title: vscode.l10n.t('Call {0}', this.method.name),
      // One stylesheet (esbuild bundles it) and the script inline: no fetch before the fields are built.
      styles: ['dist/callForm.css'],
      scripts: [],
      headScripts: [formScriptText(this.deps.extensionUri)],
      labels: callFormLabels(),
      json: { 'form-model': { model: this.model(), bundle: vscode.l10n.bundle } },
      live: false,
    });
  }
}

/** Wall-clock ms with sub-ms precision, comparable with the webview page's `performance.timeOrigin + now()`. */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

function toView(callId: number, argsText: string, outcome: CallOutcome): FormResultView {
  const base = { callId, argsText, elapsedMs: outcome.elapsedMs, notifications: outcome.notifications };
  switch (outcome.status) {
    case 'ok':
      return { ...base, status: 'ok', value: outcome.value };
    case 'fault':
      return { ...base, status: 'fault', fault: { code: outcome.fault.code, message: outcome.fault.faultString, data: outcome.fault.data } };
    default:
      return { ...base, status: outcome.status, error: outcome.message };
  }
}

