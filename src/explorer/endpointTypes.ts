import type * as vscode from 'vscode';
import type { MethodInfo, Protocol, ProtocolChoice, RpcErrorKind } from '../core';

/**
 * The contract between the explorer (owner: explorer helper) and the server task feature (owner: tasks helper).
 * The explorer implements EndpointRegistry; the task feature adds local endpoints through it.
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
  /** The endpoint URL as given; the registry's key (normalized: no trailing slash added or removed). */
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
  | { status: 'ready'; protocol: Protocol; methods: MethodInfo[]; refreshedAt: number; roundTrips: number; elapsedMs: number; note?: string }
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

export interface EndpointRegistry {
  readonly onDidChange: vscode.Event<void>;
  list(): readonly Endpoint[];
  get(url: string): Endpoint | undefined;
  /** Adds (or updates, when the URL is known) an endpoint, persists it and runs discovery; resolves after discovery. */
  add(config: EndpointConfig): Promise<Endpoint>;
  /** Removes an endpoint (persisted). */
  remove(url: string): Promise<void>;
  /** Fires after an endpoint was removed (the task feature stops the server it started for it). */
  readonly onDidRemove: vscode.Event<EndpointConfig>;
  /** Runs discovery again for one endpoint, or all. */
  refresh(url?: string): Promise<void>;
  /** Marks a local endpoint running or stopped (the tree shows it). */
  setLocalRunning(url: string, running: boolean): void;
  /** Reveals and expands the endpoint in the tree. */
  reveal(url: string): Promise<void>;
}
