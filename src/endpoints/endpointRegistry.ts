import * as vscode from 'vscode';
import type { MethodInfo, Protocol } from '../core';
import type { EndpointStore } from './endpointStore';
import type { DiscoveryState, Endpoint, EndpointConfig, EndpointOrigin, EndpointRegistry } from './endpointTypes';
import { sameEndpointUrl, storedEndpointUrl } from './endpointUrl';

/**
 * Runs one discovery and says how it settled: 'ready' with the methods, or 'error' with a one-line message. The
 * explorer provides it (progress, log and wording are the UI's); it rejects only when `signal` was aborted.
 */
export type DiscoverEndpoint = (config: EndpointConfig, signal: AbortSignal) => Promise<DiscoveryState>;

class MutableEndpoint implements Endpoint {
  state: DiscoveryState;
  discovery?: AbortController;
  /** Settles when the running discovery does. */
  discovering?: Promise<void>;
  /** Added by the user (or a server task): persisted. */
  userAdded = true;
  /** Listed in the `rpcExplorer.endpoints` setting. */
  fromSettings = false;
  /** The `name` the setting gives it: the label whenever the user has not renamed it. */
  settingsName?: string;
  private own: EndpointConfig;
  constructor(config: EndpointConfig, state?: DiscoveryState) {
    this.own = config;
    this.state = state ?? { status: 'idle' };
  }

  get config(): EndpointConfig {
    return this.own.name === undefined && this.settingsName !== undefined ? { ...this.own, name: this.settingsName } : this.own;
  }

  set config(config: EndpointConfig) {
    this.own = config;
  }

  /** The user's own configuration (what the store keeps: a name from the setting is not theirs). */
  get ownConfig(): EndpointConfig {
    return this.own;
  }
}

/**
 * The endpoints of this workspace, each with its discovery state: the user's own (persisted through the store) and
 * those the `rpcExplorer.endpoints` setting lists. A newer discovery of an endpoint supersedes a running one; a
 * failure is the endpoint's state, never an exception.
 */
export class WorkspaceEndpointRegistry implements EndpointRegistry, vscode.Disposable {
  private readonly endpoints: MutableEndpoint[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly endpointChanged = new vscode.EventEmitter<string>();
  private readonly removed = new vscode.EventEmitter<EndpointConfig>();

  readonly onDidChange = this.changed.event;
  readonly onDidChangeEndpoint = this.endpointChanged.event;
  readonly onDidRemove = this.removed.event;

  constructor(
    private readonly store: EndpointStore,
    private readonly discoverEndpoint: DiscoverEndpoint,
    stored: readonly { config: EndpointConfig; state?: DiscoveryState }[],
  ) {
    for (const { config, state } of stored) this.endpoints.push(new MutableEndpoint(config, state));
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
      entry.config = { ...entry.ownConfig, ...config, url: entry.config.url };
      entry.userAdded = true;
    } else {
      entry = new MutableEndpoint({ ...config, url: storedEndpointUrl(config.url) });
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

  /** Names an endpoint (its label; the URL becomes its description); no name: back to the setting's name or the URL. */
  rename(url: string, name: string | undefined): void {
    const entry = this.find(url);
    if (!entry) return;
    const { name: _old, ...rest } = entry.ownConfig;
    entry.config = name ? { ...rest, name } : rest;
    entry.userAdded = true; // a name is the user's own: kept
    this.save();
    this.fire(entry);
  }

  restore(endpoint: Endpoint, index: number): void {
    if (this.find(endpoint.config.url)) return;
    const state = endpoint.state.status === 'discovering' ? { status: 'idle' as const } : endpoint.state;
    this.endpoints.splice(Math.min(Math.max(index, 0), this.endpoints.length), 0, new MutableEndpoint(endpoint.config, state));
    this.save();
    this.changed.fire();
  }

  /**
   * New endpoints of the setting are listed (a URL the user added too shows once, with the user's name and
   * protocol), gone ones leave unless the user added them. Returns the URLs to discover (new, or their protocol
   * changed); the caller discovers them when it suits.
   */
  setSettingsEndpoints(configs: readonly EndpointConfig[]): string[] {
    const toDiscover: string[] = [];
    let removed = false;
    for (const entry of [...this.endpoints]) {
      if (!entry.fromSettings || configs.some((c) => sameEndpointUrl(c.url, entry.config.url))) continue;
      entry.fromSettings = false;
      entry.settingsName = undefined;
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
        const { name, ...rest } = config;
        const added = new MutableEndpoint(rest);
        added.settingsName = name;
        added.userAdded = false;
        added.fromSettings = true;
        this.endpoints.push(added);
        toDiscover.push(added.config.url);
        this.fire(added);
        continue;
      }
      let changed = !entry.fromSettings || entry.settingsName !== config.name;
      entry.fromSettings = true;
      entry.settingsName = config.name;
      if (!entry.userAdded && entry.config.protocol !== config.protocol) {
        toDiscover.push(entry.config.url);
        const { name: _name, ...rest } = config;
        entry.config = { ...rest, url: entry.config.url };
        changed = true;
      }
      if (changed) this.fire(entry);
    }
    if (removed) this.changed.fire();
    return toDiscover;
  }

  origin(url: string): EndpointOrigin | undefined {
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
    entry.config = { ...entry.ownConfig, local: { ...entry.config.local, running } };
    this.save();
    this.fire(entry);
  }

  noteCalledMethod(url: string, method: string, protocol: Protocol): void {
    const entry = this.find(url);
    if (!entry) return;
    const state = entry.state;
    const called: MethodInfo = { name: method, signatures: null, help: null, origin: 'called' };
    if (state.status === 'error' && state.kind === 'no-introspection') {
      entry.state = { status: 'ready', protocol: state.protocol ?? protocol, methods: [called], refreshedAt: Date.now(), roundTrips: 0, elapsedMs: 0, note: state.message };
    } else if (state.status === 'ready' && state.note !== undefined && !state.methods.some((m) => m.name === method)) {
      // The stand-in list of a server without introspection (from its source, or calls by name) grows by this call.
      entry.state = { ...state, methods: [...state.methods, called].sort((a, b) => a.name.localeCompare(b.name)) };
    } else {
      return;
    }
    this.fire(entry);
  }

  knownProtocol(url: string): Protocol | undefined {
    const entry = this.find(url);
    if (!entry) return undefined;
    if (entry.state.status === 'ready') return entry.state.protocol;
    if (entry.config.protocol !== 'auto') return entry.config.protocol;
    if (entry.state.status === 'error') return entry.state.protocol;
    return undefined;
  }

  callUrl(url: string): string {
    const state = this.find(url)?.state;
    return (state?.status === 'ready' && state.callUrl) || url;
  }

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
    try {
      const settled = await this.discoverEndpoint(entry.config, controller.signal);
      if (!controller.signal.aborted) entry.state = settled;
    } catch {
      // Only an aborted discovery rejects: superseded (the newer one owns the state) or removed (no state).
      if (entry.discovery === controller) entry.state = previous.status === 'discovering' ? { status: 'idle' } : previous;
    } finally {
      if (entry.discovery === controller) entry.discovery = undefined;
      if (this.endpoints.includes(entry)) {
        this.save();
        this.fire(entry);
      }
    }
  }

  private fire(entry: MutableEndpoint): void {
    this.endpointChanged.fire(entry.config.url);
    this.changed.fire();
  }

  private save(): void {
    // Settings endpoints come back from the setting; only the user's own are kept.
    this.store.save(this.endpoints.filter((e) => e.userAdded).map((e) => ({ config: e.ownConfig, state: e.state })));
  }
}
