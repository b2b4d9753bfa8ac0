import type * as vscode from 'vscode';
import type { MethodInfo, ProtocolChoice, TypedValue } from '../core';
import type { SnippetKind } from '../core/snippets';
import type { SourceFunction } from '../sourceModel';
import type { HistoryEntry as CallHistoryEntry } from '../calls/callHistory';
import type { DiscoveryState, EndpointConfig, EndpointOrigin } from '../endpoints/endpointTypes';
import type { ServerTaskOptions, StartServerResult } from '../tasks';
import type { ServerRestart } from '../tasks/localServers';
import type { ResultView, ShownCall } from '../views/resultPanel';

export type { CallHistoryEntry, DiscoveryState, EndpointConfig, EndpointOrigin, ResultView, ServerRestart, ServerTaskOptions, ShownCall, StartServerResult, SourceFunction };
export type { LocalOrigin } from '../endpoints/endpointTypes';

/** An endpoint as the explorer knows it now: a snapshot, not a live object. */
export interface EndpointSnapshot {
  readonly config: EndpointConfig;
  readonly state: DiscoveryState;
  /** Whether the user (or a server task) added it, and whether the `rpcExplorer.endpoints` setting lists it. */
  readonly origin: EndpointOrigin;
  /** The URL calls go to (`/RPC2` when discovery found the server there). */
  readonly callUrl: string;
  /** The methods known for it: its discovery's, or those read from its server's source. */
  readonly methods: readonly MethodInfo[];
}

/** A server task running now (or starting): what its status bar item shows. */
export interface RunningServer {
  readonly file: string;
  readonly taskName: string;
  readonly url?: string;
  readonly starting: boolean;
  /** The status bar item's text: `$(loading~spin) server.py` while starting, `$(server-process) 8889` once it listens. */
  readonly statusText: string;
}

/** A row of one of the extension's views, as the view shows it now (a snapshot). */
export interface ViewRow {
  readonly label: string;
  readonly description?: string;
  /** The tooltip's text (Markdown source when the view renders Markdown). */
  readonly tooltip?: string;
  /** The codicon id of its icon. */
  readonly icon?: string;
  /** What the view's menus key on (`endpoint.local.running`, `method`…). */
  readonly contextValue?: string;
  /** What a screen reader says for it, when it is not the label. */
  readonly accessibilityLabel?: string;
  readonly collapsible: boolean;
  /** The command a click runs. */
  readonly command?: { readonly command: string; readonly arguments?: readonly unknown[] };
  /** What the view gives its commands for this row (a context-menu command can be run with it); its children's parent. */
  readonly target: unknown;
}

/** The extension's views, by id: `rpcExplorer.methods`, `rpcExplorer.notifications`, `rpcExplorer.requestResults`. */
export interface ViewsSnapshot {
  /** The rows under a row's `target` (none: the top rows). Opening the Notifications or Request Results view's rows loads that feature. */
  rows(viewId: string, parent?: unknown): ViewRow[];
  /** The row of a `target` as the view shows it now (its state may have changed since it was listed). */
  row(viewId: string, target: unknown): ViewRow | undefined;
  /** Whether the view is visible on screen. */
  isVisible(viewId: string): boolean;
}

/** The notifications a WebSocket endpoint has sent, as its buffer holds them. */
export interface EndpointNotificationsSnapshot {
  /** Every notification received since the last Clear. */
  readonly total: number;
  /** Older ones dropped (or about to be) to keep the newest within `rpcExplorer.notifications.bufferSize`. */
  readonly dropped: number;
  /** The ones the Notifications view shows, newest first. */
  readonly shown: readonly { readonly method: string; readonly params?: TypedValue; readonly receivedAt: number }[];
}

/** The call forms opened through the API: their events, the open ones, and Send on one. */
export interface CallFormsHandle {
  /**
   * A form has built its fields and can be typed in. `marks`: when each step of the open happened (epoch ms, for the
   * benchmark): opened (the command), created (the panel), htmlSet, navigation (the page's document started),
   * script (its script ran), rendered (its fields built), received (its message here).
   */
  readonly onDidBecomeInteractive: vscode.Event<{ url: string; method: string; marks?: Record<string, number> }>;
  /** A form has put a call's outcome on screen. */
  readonly onDidShowResult: vscode.Event<{ url: string; method: string; callId: number; status: string }>;
  /** The keys (`url|method`) of the open forms. */
  openForms(): string[];
  /** Send on an open form, as its button does; false when it is not open. */
  send(url: string, method: string): boolean;
}

/**
 * What `activate` returns: the extension's programmatic surface for other extensions and keybindings (through the
 * command adapter). Each action does what the matching command does, without asking anything; each query returns a
 * snapshot. A URL given with user-info has its credentials moved to SecretStorage before anything else sees it.
 */
export interface RpcExplorerApi {
  // Endpoints.
  /**
   * Adds an endpoint (or discovers a known one again) and resolves after discovery; a failed discovery is the
   * endpoint's state, not an exception. User-info in the URL goes to SecretStorage, never into the endpoint.
   */
  addEndpoint(url: string, options?: { protocol?: ProtocolChoice; name?: string }): Promise<EndpointSnapshot>;
  /** Removes an endpoint the user added (one the `rpcExplorer.endpoints` setting lists stays). */
  removeEndpoint(url: string): Promise<void>;
  /** The endpoints of the explorer, in its order. */
  endpoints(): EndpointSnapshot[];
  endpoint(url: string): EndpointSnapshot | undefined;
  /** Fires when an endpoint is added, removed, renamed or its discovery changes. */
  readonly onDidChangeEndpoints: vscode.Event<void>;
  /** The problems of the `rpcExplorer.endpoints` setting's entries that are skipped, one line each. */
  settingsProblems(): readonly string[];

  // Calls.
  /**
   * Calls a method: resolves to the result, rejects with the RpcFault or an RpcError naming the endpoint and what to
   * do. `args` are typed values, or the argument box's text. The result panel shows it without taking focus.
   */
  callMethod(url: string, method: string, args?: TypedValue[] | string, options?: { showPanel?: boolean }): Promise<TypedValue>;
  /** Cancels a running call, as the panel's Cancel button does. */
  cancelCall(callId: number): void;
  /** Sets (an empty value removes) a request header of an endpoint; returns where it was kept. */
  setHeader(url: string, name: string, value: string): Promise<'secret' | 'setting' | 'removed'>;
  /** Sets (empty text removes) the secret argument every call to the endpoint takes first (aria2's `token:…`). */
  setSecretArgument(url: string, text: string): Promise<void>;
  /**
   * "Copy Call As…" without asking: the call as a curl / Python / Node.js / rpc-explorer CLI snippet, put on the
   * clipboard and returned. Omitted arguments are the last ones used for the method. Credentials are
   * environment-variable references in the snippet.
   */
  copyCallAs(url: string, method: string, args: TypedValue[] | string | undefined, kind: SnippetKind): Promise<string>;
  /** The Call History, newest first: of one endpoint, or of all. */
  callHistory(url?: string): CallHistoryEntry[];
  /** The arguments last typed for a method (the argument box and the call form start from them). */
  lastArguments(url: string, method: string): string | undefined;
  /** The call the RPC Result panel shows (pending or finished). */
  lastResult(): ResultView | undefined;
  /** Resolves true once the panel has put the outcome of a call on screen, false after `timeoutMs` (default 10 s). */
  whenResultShown(callId: number, timeoutMs?: number): Promise<boolean>;
  /** Fires when the panel has put a call (pending or finished) on screen. */
  readonly onDidShowResult: vscode.Event<ShownCall>;
  /** "Open as JSON" on the result shown: a read-only JSON document. */
  openResultAsJson(): Promise<vscode.TextEditor | undefined>;
  /** Opens (or focuses) the call form of a method: one form per endpoint + method. Resolves once its panel exists. */
  openCallForm(url: string, method: string): Promise<CallFormsHandle>;

  // Servers.
  /**
   * Runs a server file (Python, JavaScript, TypeScript) as an `rpc-server` task and resolves once its endpoint is in
   * the tree, or with the reason it is not (`error`). Options are task properties (env, args, url, protocol…).
   */
  startServer(file: string, options?: ServerTaskOptions): Promise<StartServerResult>;
  /** Stops the server of an endpoint URL or a file (with neither: the only one running); false when none was. */
  stopServer(target?: { url?: string; file?: string }): Promise<boolean>;
  /** The server tasks running (or starting) now. */
  runningServers(): RunningServer[];
  /** Fires when a server task has restarted after its file was saved (or failed to). */
  readonly onDidRestartServer: vscode.Event<ServerRestart>;
  /** The workspace file that serves an endpoint: the task's file, or the file that binds its host and port. */
  sourceOf(url: string): Promise<{ file: string; via: 'task' | 'port' } | undefined>;
  /** A method's function in the endpoint's source file, or why there is none (one sentence). */
  sourceFunction(url: string, method: string): Promise<{ file: string; fn: SourceFunction } | { reason: string }>;

  // Request files, notifications, views.
  /** Checks a request file (.rpc) against discovery, as its Problems show, and returns them. */
  checkRequestFile(document: vscode.TextDocument): Promise<vscode.Diagnostic[]>;
  /** The notifications a WebSocket endpoint has sent (none received: undefined). */
  notificationsOf(url: string): EndpointNotificationsSnapshot | undefined;
  /** The rows of the extension's views as they show now. */
  readonly views: ViewsSnapshot;

  /** Resolves when every pending write to workspace state has landed. */
  flush(): Promise<void>;
}
