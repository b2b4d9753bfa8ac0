import { urlCredentials } from '../core';
import type { DiscoveryState, EndpointConfig } from './endpointTypes';
import { storedEndpointUrl } from './endpointUrl';

/** The part of VS Code's Memento the store needs (a Map-backed one serves in plain Node). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** What is kept per endpoint: the config and the last settled discovery, so the tree is full after a reload. */
export interface StoredEndpoint {
  config: EndpointConfig;
  state?: DiscoveryState;
}

/** A URL of an older state that held credentials, to move them to SecretStorage. */
export interface FoundCredentials {
  url: string;
  username: string;
  password: string;
}

const STORAGE_KEY = 'rpcExplorer.endpoints.v1';

/**
 * The user's endpoints in workspace state. Writes land in order; loading takes credentials out of the URLs an
 * older version stored with them (returned once, for SecretStorage) and forgets that a server task was running.
 */
export class EndpointStore {
  private saving: Thenable<void> = Promise.resolve();

  constructor(private readonly state: StateStore) {}

  load(): { endpoints: StoredEndpoint[]; credentials: FoundCredentials[] } {
    const endpoints: StoredEndpoint[] = [];
    const credentials: FoundCredentials[] = [];
    let rewritten = false;
    for (const stored of this.state.get<StoredEndpoint[]>(STORAGE_KEY) ?? []) {
      if (typeof stored?.config?.url !== 'string') continue;
      const found = urlCredentials(stored.config.url);
      const url = storedEndpointUrl(stored.config.url);
      if (found) {
        credentials.push({ url, ...found });
        rewritten = true;
      }
      // A server task does not survive a reload: a local endpoint comes back stopped.
      const local = stored.config.local ? { ...stored.config.local, running: false } : undefined;
      const config: EndpointConfig = { ...stored.config, url, ...(local ? { local } : {}) };
      const state = stored.state?.status === 'ready' || stored.state?.status === 'error' ? stored.state : undefined;
      endpoints.push({ config, state });
    }
    if (rewritten) this.save(endpoints);
    return { endpoints, credentials };
  }

  save(endpoints: readonly StoredEndpoint[]): void {
    const value = endpoints.map(({ config, state }) => ({ config, state: state?.status === 'ready' || state?.status === 'error' ? state : undefined }));
    this.saving = this.saving.then(
      () => this.state.update(STORAGE_KEY, value),
      () => this.state.update(STORAGE_KEY, value),
    );
  }

  /** Resolves when every write has landed. */
  flush(): Thenable<void> {
    return this.saving;
  }
}
