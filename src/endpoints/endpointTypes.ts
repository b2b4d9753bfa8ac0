import type * as vscode from 'vscode';
import type { MethodInfo, Protocol, ProtocolChoice, RpcErrorKind } from '../core';

/**
 * The endpoints of a workspace, as every feature sees them: the explorer shows them, calls go to them, server tasks
 * add local ones.
 */

/** Where a local endpoint came from: a server task the extension started. */
export interface LocalOrigin {
  /** Absolute path of the server file. */
  file: string;
  /** True while the task runs and the server listens. */
  running: boolean;
  /** Methods read from the server's source, used when the server has no introspection. */
  sourceMethods?: MethodInfo[];
}

export interface EndpointConfig {
  /** The endpoint URL, without user-info (see endpointUrl.storedEndpointUrl); the registry's key. */
  url: string;
  /** Display name; default: the URL. */
  name?: string;
  /** The protocol picked by the user, or 'auto'. */
  protocol: ProtocolChoice;
  local?: LocalOrigin;
}

export type DiscoveryState =
  | { status: 'idle' }
  | { status: 'discovering' }
  | {
      status: 'ready';
      protocol: Protocol;
      methods: MethodInfo[];
      refreshedAt: number;
      roundTrips: number;
      elapsedMs: number;
      note?: string;
      /** What discovery could not read (help, signatures), one line each: shown, never dropped silently. */
      warnings?: string[];
      /** Where the server answered, when not at the endpoint URL itself (`/RPC2` for a URL without a path). */
      callUrl?: string;
    }
  | {
      status: 'error';
      message: string;
      protocol?: Protocol;
      refreshedAt: number;
      /** The core's error kind, when the failure was an RpcError. */
      kind?: RpcErrorKind;
      /** What to do about it, one line (shown in the tooltip and under the endpoint). */
      hint?: string;
    };

export interface Endpoint {
  readonly config: EndpointConfig;
  readonly state: DiscoveryState;
}

/** Where an endpoint is listed from: the user (or a server task) added it, the `rpcExplorer.endpoints` setting lists it. */
export interface EndpointOrigin {
  fromSettings: boolean;
  userAdded: boolean;
}

export interface EndpointRegistry {
  readonly onDidChange: vscode.Event<void>;
  /** Fires with the URL of the one endpoint that changed (the tree refreshes only that node). */
  readonly onDidChangeEndpoint: vscode.Event<string>;
  /** Fires after an endpoint was removed (the task feature stops the server it started for it). */
  readonly onDidRemove: vscode.Event<EndpointConfig>;
  list(): readonly Endpoint[];
  get(url: string): Endpoint | undefined;
  /** Its place in the list (for Undo after Remove), -1 when unknown. */
  indexOf(url: string): number;
  origin(url: string): EndpointOrigin | undefined;
  /** Adds (or updates, when the URL is known) an endpoint, persists it and runs discovery; resolves after discovery. */
  add(config: EndpointConfig): Promise<Endpoint>;
  /** Removes an endpoint (persisted); one the setting lists stays (only the user's own copy goes). */
  remove(url: string): Promise<void>;
  /** Puts back a removed endpoint as it was (Undo), without discovering again. */
  restore(endpoint: Endpoint, index: number): void;
  /** Runs discovery again for one endpoint, or all; resolves when it has settled. */
  refresh(url?: string): Promise<void>;
  /** Resolves when the endpoint's discoveries (the running one and any that superseded it) have settled. */
  whenDiscovered(url: string): Promise<void>;
  /** Makes the endpoints of the setting these; returns the URLs to discover. */
  setSettingsEndpoints(configs: readonly EndpointConfig[]): string[];
  /** Names an endpoint (the label); no name: back to the setting's name or the URL. */
  rename(url: string, name: string | undefined): void;
  /** Marks a local endpoint running or stopped (the tree shows it). */
  setLocalRunning(url: string, running: boolean): void;
  /**
   * A call by name succeeded on a server that cannot list its methods: the method joins the endpoint's tree (until the
   * next discovery), so the user finds it again.
   */
  noteCalledMethod(url: string, method: string, protocol: Protocol): void;
  /** The protocol to call an endpoint with, when known without asking the server. */
  knownProtocol(url: string): Protocol | undefined;
  /** The URL calls go to (`/RPC2` when discovery found the server there). */
  callUrl(url: string): string;
  /** The methods known for an endpoint (introspection or source). */
  methodsOf(url: string): MethodInfo[];
}

/** Shows an endpoint in the Methods view, expanded and selected. */
export type RevealEndpoint = (url: string) => Promise<void>;

/** The node of the explorer a command was run on, or what a caller names: an endpoint, and maybe one of its methods. */
export interface EndpointTarget {
  url: string;
  method?: MethodInfo;
}
