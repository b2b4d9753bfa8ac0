import * as path from 'node:path';
import * as vscode from 'vscode';
import { RpcError, type Discovery, type MethodInfo, type Protocol } from '../core';
import { describeFailure } from '../calls/failureMessages';
import { describeError } from '../core';
import type { DiscoveryState, Endpoint, EndpointConfig, EndpointRegistry } from './endpointTypes';
import { sameEndpointUrl } from './endpointUrl';

/** Runs one discovery; the extension wires it to the core with the user's settings. */
export type DiscoverEndpoint = (config: EndpointConfig, signal: AbortSignal) => Promise<Discovery>;

export const METHODS_VIEW_ID = 'rpcExplorer.methods';
const STORAGE_KEY = 'rpcExplorer.endpoints.v1';

/** What is kept in workspace state: the config and the last good discovery, so the tree is full after a reload. */
interface StoredEndpoint {
  config: EndpointConfig;
  state?: DiscoveryState;
}

class MutableEndpoint implements Endpoint {
  state: DiscoveryState;
  discovery?: AbortController;
  /** Settles when the running discovery does. */
  discovering?: Promise<void>;
  /** Added by the user (or a server task): persisted. */
  userAdded = true;
  /** Listed in the `rpcExplorer.endpoints` setting. */
  fromSettings = false;
  constructor(
    public config: EndpointConfig,
    state?: DiscoveryState,
  ) {
    this.state = state ?? { status: 'idle' };
  }
}

/**
 * The endpoints of this workspace: persisted in workspace state, each with its discovery state. Discovery runs
 * with a progress indicator on the Methods view; a failure is kept as the endpoint's state (the tree shows it),
 * never thrown at the user as a modal.
 */
export class WorkspaceEndpointRegistry implements EndpointRegistry, vscode.Disposable {
  private readonly endpoints: MutableEndpoint[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly endpointChanged = new vscode.EventEmitter<string>();
  private readonly removed = new vscode.EventEmitter<EndpointConfig>();
  private revealHandler?: (url: string) => Promise<void>;
  private saving: Thenable<void> = Promise.resolve();

  readonly onDidChange = this.changed.event;
  /** Fires with the URL of the one endpoint that changed (the tree refreshes only that node). */
  readonly onDidChangeEndpoint = this.endpointChanged.event;
  readonly onDidRemove = this.removed.event;

  constructor(
    private readonly storage: vscode.Memento,
    private readonly discoverEndpoint: DiscoverEndpoint,
  ) {
    for (const stored of storage.get<StoredEndpoint[]>(STORAGE_KEY) ?? []) {
      if (!stored?.config?.url) continue;
      // A server task does not survive a reload: a local endpoint comes back stopped.
      const config = stored.config.local ? { ...stored.config, local: { ...stored.config.local, running: false } } : stored.config;
      const state = stored.state?.status === 'ready' || stored.state?.status === 'error' ? stored.state : undefined;
      this.endpoints.push(new MutableEndpoint(config, state));
    }
  }

  list(): readonly Endpoint[] {
    return [...this.endpoints];
  }

  get(url: string): Endpoint | undefined {
    return this.find(url);
  }

  async add(config: EndpointConfig): Promise<Endpoint> {
    let entry = this.find(config.url);
    if (entry) {
      entry.config = { ...entry.config, ...config, url: entry.config.url };
      entry.userAdded = true;
    } else {
      entry = new MutableEndpoint({ ...config, url: config.url.trim() });
      this.endpoints.push(entry);
    }
    this.save();
    this.fire(entry);
    await this.discover(entry);
    await this.whenDiscovered(entry.config.url); // a newer add/refresh may have superseded this discovery
    return entry;
  }

  /**
   * Removes an endpoint (persisted). One listed in the `rpcExplorer.endpoints` setting stays: only the user's own
   * copy of it goes (the setting is the place to remove it from).
   */
  async remove(url: string): Promise<void> {
    const index = this.endpoints.findIndex((e) => sameEndpointUrl(e.config.url, url));
    if (index < 0) return;
    const listed = this.endpoints[index];
    if (listed.fromSettings) {
      if (!listed.userAdded) return;
      listed.userAdded = false;
      this.save();
      this.fire(listed);
      return;
    }
    const [entry] = this.endpoints.splice(index, 1);
    entry.discovery?.abort();
    this.save();
    this.changed.fire();
    this.removed.fire(entry.config);
  }

  /** Puts back a removed endpoint as it was (Undo), without discovering again. */
  restore(endpoint: Endpoint, index: number): void {
    if (this.find(endpoint.config.url)) return;
    const state = endpoint.state.status === 'discovering' ? { status: 'idle' as const } : endpoint.state;
    this.endpoints.splice(Math.min(Math.max(index, 0), this.endpoints.length), 0, new MutableEndpoint(endpoint.config, state));
    this.save();
    this.changed.fire();
  }

  /**
   * Makes the endpoints of the `rpcExplorer.endpoints` setting these: new ones are listed (a URL the user added
   * too shows once, with the user's name and protocol), gone ones leave unless the user added them.
   * Returns the URLs to discover (new, or their protocol changed); the caller discovers them when it suits.
   */
  setSettingsEndpoints(configs: readonly EndpointConfig[]): string[] {
    const toDiscover: string[] = [];
    let removed = false;
    for (const entry of [...this.endpoints]) {
      if (!entry.fromSettings || configs.some((c) => sameEndpointUrl(c.url, entry.config.url))) continue;
      entry.fromSettings = false;
      if (entry.userAdded) {
        this.fire(entry);
      } else {
        entry.discovery?.abort();
        this.endpoints.splice(this.endpoints.indexOf(entry), 1);
        this.removed.fire(entry.config);
        removed = true;
      }
    }
    for (const config of configs) {
      const entry = this.find(config.url);
      if (!entry) {
        const added = new MutableEndpoint({ ...config });
        added.userAdded = false;
        added.fromSettings = true;
        this.endpoints.push(added);
        toDiscover.push(added.config.url);
        this.fire(added);
        continue;
      }
      let changed = !entry.fromSettings;
      entry.fromSettings = true;
      if (!entry.userAdded && (entry.config.name !== config.name || entry.config.protocol !== config.protocol)) {
        if (entry.config.protocol !== config.protocol) toDiscover.push(entry.config.url);
        entry.config = { ...config, url: entry.config.url };
        changed = true;
      }
      if (changed) this.fire(entry);
    }
    if (removed) this.changed.fire();
    return toDiscover;
  }

  /** Whether the endpoint is listed in the `rpcExplorer.endpoints` setting, and whether the user added it too. */
  origin(url: string): { fromSettings: boolean; userAdded: boolean } | undefined {
    const entry = this.find(url);
    return entry && { fromSettings: entry.fromSettings, userAdded: entry.userAdded };
  }

  indexOf(url: string): number {
    return this.endpoints.findIndex((e) => sameEndpointUrl(e.config.url, url));
  }

  async refresh(url?: string): Promise<void> {
    const targets = url === undefined ? [...this.endpoints] : [this.find(url)].filter((e): e is MutableEndpoint => !!e);
    await Promise.all(targets.map((entry) => this.discover(entry).then(() => this.whenDiscovered(entry.config.url))));
  }

  setLocalRunning(url: string, running: boolean): void {
    const entry = this.find(url);
    if (!entry?.config.local || entry.config.local.running === running) return;
    entry.config = { ...entry.config, local: { ...entry.config.local, running } };
    this.save();
    this.fire(entry);
  }

  async reveal(url: string): Promise<void> {
    await this.revealHandler?.(url);
  }

  /** The tree view registers how to reveal an endpoint. */
  setRevealHandler(handler: (url: string) => Promise<void>): vscode.Disposable {
    this.revealHandler = handler;
    return new vscode.Disposable(() => {
      if (this.revealHandler === handler) this.revealHandler = undefined;
    });
  }

  /** The protocol to call an endpoint with, when known without asking the server. */
  knownProtocol(url: string): Protocol | undefined {
    const entry = this.find(url);
    if (!entry) return undefined;
    if (entry.state.status === 'ready') return entry.state.protocol;
    if (entry.config.protocol !== 'auto') return entry.config.protocol;
    if (entry.state.status === 'error') return entry.state.protocol;
    return undefined;
  }

  /** The methods known for an endpoint (introspection or source), hprose's `#`/`*` included. */
  methodsOf(url: string): MethodInfo[] {
    const state = this.find(url)?.state;
    return state?.status === 'ready' ? state.methods : [];
  }

  dispose(): void {
    for (const entry of this.endpoints) entry.discovery?.abort();
    this.changed.dispose();
    this.endpointChanged.dispose();
    this.removed.dispose();
  }

  private find(url: string): MutableEndpoint | undefined {
    return this.endpoints.find((e) => sameEndpointUrl(e.config.url, url));
  }

  /** Resolves when the endpoint's discoveries (the running one and any that superseded it) have finished. */
  async whenDiscovered(url: string): Promise<void> {
    const entry = this.find(url);
    let current: Promise<void> | undefined;
    while (entry && entry.discovering !== current) {
      current = entry.discovering;
      await current;
    }
  }

  private discover(entry: MutableEndpoint): Promise<void> {
    const run = this.runDiscovery(entry);
    entry.discovering = run;
    return run;
  }

  private async runDiscovery(entry: MutableEndpoint): Promise<void> {
    entry.discovery?.abort(); // a newer discovery supersedes a running one
    const controller = new AbortController();
    entry.discovery = controller;
    const previous = entry.state;
    entry.state = { status: 'discovering' };
    this.fire(entry);
    const started = Date.now();
    const label = entry.config.name ?? entry.config.url;
    try {
      const discovery = await vscode.window.withProgress(
        { location: { viewId: METHODS_VIEW_ID }, title: `Discovering ${label}` },
        () => this.discoverEndpoint(entry.config, controller.signal),
      );
      if (controller.signal.aborted) return;
      entry.state = {
        status: 'ready',
        protocol: discovery.protocol,
        methods: discovery.methods,
        refreshedAt: Date.now(),
        roundTrips: discovery.roundTrips,
        elapsedMs: Date.now() - started,
      };
    } catch (error) {
      if (controller.signal.aborted) {
        // Superseded or removed: the newer discovery owns the state; a removed endpoint has none.
        if (entry.discovery === controller) entry.state = previous.status === 'discovering' ? { status: 'idle' } : previous;
        return;
      }
      entry.state = this.failedState(entry.config, error, Date.now() - started);
    } finally {
      if (entry.discovery === controller) entry.discovery = undefined;
      if (this.endpoints.includes(entry)) {
        this.save();
        this.fire(entry);
      }
    }
  }

  private failedState(config: EndpointConfig, error: unknown, elapsedMs: number): DiscoveryState {
    const protocol = error instanceof RpcError ? error.protocol : undefined;
    const sourceMethods = config.local?.sourceMethods;
    if (error instanceof RpcError && error.kind === 'no-introspection' && sourceMethods?.length) {
      // The server speaks the protocol but cannot list its methods: show what its source registers.
      return {
        status: 'ready',
        protocol: protocol ?? (config.protocol !== 'auto' ? config.protocol : 'xmlrpc'),
        methods: sourceMethods.map((m) => ({ ...m, origin: 'source' as const })),
        refreshedAt: Date.now(),
        roundTrips: 0,
        elapsedMs,
        note: describeError(error),
      };
    }
    const label = config.name ?? config.url;
    const message = describeError(error);
    const stoppedLocalFile = config.local && !config.local.running ? path.basename(config.local.file) : undefined;
    const hint = describeFailure(error, label, { stoppedLocalFile });
    return {
      status: 'error',
      message,
      protocol,
      refreshedAt: Date.now(),
      kind: error instanceof RpcError ? error.kind : undefined,
      hint: hint !== message ? hint : undefined,
    };
  }

  private fire(entry: MutableEndpoint): void {
    this.endpointChanged.fire(entry.config.url);
    this.changed.fire();
  }

  private save(): void {
    // Settings endpoints come back from the setting; only the user's own are kept.
    const stored: StoredEndpoint[] = this.endpoints.filter((e) => e.userAdded).map((e) => ({
      config: e.config,
      state: e.state.status === 'ready' || e.state.status === 'error' ? e.state : undefined,
    }));
    // Chained so that writes land in order.
    this.saving = this.saving.then(
      () => this.storage.update(STORAGE_KEY, stored),
      () => this.storage.update(STORAGE_KEY, stored),
    );
  }

  /** Resolves when every pending write to workspace state has landed (tests, deactivate). */
  flush(): Thenable<void> {
    return this.saving;
  }
}
