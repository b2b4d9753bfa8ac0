import type { ProtocolChoice, TypedValue } from '../core';
import type { SnippetKind } from '../core/snippets';
import type { CallHistory } from '../calls/callHistory';
import type { Endpoint, EndpointRegistry } from '../endpoints/endpointTypes';
import type { NotificationsFeature } from '../notifications';
import type { MethodTreeProvider } from '../explorer/methodTree';
import type { SettingsEndpoints } from '../explorer/settingsEndpoints';
import type { SourceIndex } from '../sources';
import type { RequestEditor } from '../requestEditor';
import type { RequestHeaders } from '../requests/requestHeaders';
import type { ServerTaskOptions, StartServerResult } from '../tasks';
import type { LocalServers } from '../tasks/localServers';
import type { ResultPanel } from '../views/resultPanel';

/**
 * What `activate` returns: the extension's programmatic surface, for other extensions, keybindings (through the
 * command adapter) and tests. Each method does what the matching command does, without asking anything.
 */
export interface RpcExplorerApi {
  /**
   * Adds an endpoint (or discovers a known one again) and resolves after discovery; a failed discovery is the
   * endpoint's state, not an exception. User-info in the URL goes to SecretStorage, never into the endpoint.
   */
  addEndpoint(url: string, options?: { protocol?: ProtocolChoice; name?: string }): Promise<Endpoint>;
  /**
   * Calls a method: resolves to the result, rejects with the RpcFault or an RpcError naming the endpoint and what to
   * do. `args` are typed values, or the argument box's text. The result panel shows it without taking focus.
   */
  callMethod(url: string, method: string, args?: TypedValue[] | string, options?: { showPanel?: boolean }): Promise<TypedValue>;
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
  /** Cancels a running call, as the panel's Cancel button does. */
  cancelCall(callId: number): void;
  /**
   * Runs a server file (Python, JavaScript, TypeScript) as an `rpc-server` task and resolves once its endpoint is in
   * the tree, or with the reason it is not (`error`). Options are task properties (env, args, url, protocol…).
   */
  startServer(file: string, options?: ServerTaskOptions): Promise<StartServerResult>;
  /** Stops the server of an endpoint URL or a file (with neither: the only one running); false when none was. */
  stopServer(target?: { url?: string; file?: string }): Promise<boolean>;
  /** Resolves when every pending write to workspace state has landed. */
  flush(): Promise<void>;

  /** The Notifications view of WebSocket endpoints (loaded on first use). */
  readonly notifications: () => NotificationsFeature;
  readonly registry: EndpointRegistry;
  readonly tree: MethodTreeProvider;
  readonly resultPanel: ResultPanel;
  readonly history: CallHistory;
  readonly requestHeaders: RequestHeaders;
  /** The server tasks running now. */
  readonly servers: LocalServers;
  /** The endpoints of the rpcExplorer.endpoints setting (its problems, when its discoveries settle). */
  readonly settingsEndpoints: SettingsEndpoints;
  /** The server files that serve the endpoints, and what their source says. */
  readonly sources: SourceIndex;
  /** Request files (.rpc) in the editor: Send / Send All, their diagnostics, the commands that write calls. */
  readonly requestEditor: RequestEditor;
  /**
   * Opens (or focuses) the call form of a method: one form per endpoint + method. Resolves once the form's panel
   * exists, to the call forms: their events (fields ready to type in, a result on screen), the keys (`url|method`)
   * of the open forms, and Send on an open form (as its button does; false when it is not open).
   */
  openCallForm(url: string, method: string): Promise<{
    onDidBecomeInteractive: import('vscode').Event<{ url: string; method: string }>;
    onDidShowResult: import('vscode').Event<{ url: string; method: string; callId: number; status: string }>;
    openForms(): string[];
    send(url: string, method: string): boolean;
  }>;
}
