/**
 * The lifecycle every local server shares, whether the `rpc-server` task or Debug Server runs it: a start waits for
 * its server to be ready (a newer start of the same file supersedes it, a deadline ends the wait), ready → the
 * endpoint is added (local, with the methods its source registers) and revealed → the start settles; a save of the
 * file or of a module it imports restarts it (RestartOnSave); a stop marks the endpoint stopped. Pure Node: VS Code is
 * behind ServerHost and time behind its clock, so this is unit-tested without an editor and without sleeping.
 */
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import type { MethodInfo, ProtocolChoice } from '../core';
import type { EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import { fileKey } from '../sourceModel/filePaths';
import { PendingStarts } from './pendingStarts';
import { RestartOnSave, type RestartTarget } from './restartOnSave';
import type { HostDisposable, ServerHost } from './serverHost';
import type { StartServerResult } from './serverTypes';

/** A start that no event settles ends this long after its ready deadline (a safety net, not the normal path). */
export const START_SAFETY_MS = 30_000;

export type LifecycleRegistry = Pick<EndpointRegistry, 'add' | 'get' | 'setLocalRunning'>;

/** A server that became ready: the endpoint to add to the explorer. */
export interface ReadyEndpoint {
  file: string;
  url: string;
  protocol: ProtocolChoice;
  /** Whether it still runs (a server may exit between its ready line and the endpoint's addition). */
  running: boolean;
  sourceMethods?: MethodInfo[];
  pid?: number;
  /** When the server itself says it started (used when no start waits: a reloader's restart). */
  elapsedMs?: number;
}

export interface RestartDeps<T extends RestartTarget> {
  enabled(file: string): boolean;
  restart(target: T, savedAt: number): Promise<void>;
}

export class ServerLifecycle<T extends RestartTarget = RestartTarget> implements HostDisposable {
  private readonly starts: PendingStarts<StartServerResult>;
  /** File keys with a start (or restart) under way. */
  private readonly startingKeys = new Set<string>();
  /** Restart on save; undefined for servers that do not restart (Debug Server). */
  readonly restarts: RestartOnSave<T> | undefined;
  private readonly subscriptions: HostDisposable[] = [];

  constructor(
    readonly host: ServerHost,
    private readonly registry: LifecycleRegistry,
    private readonly reveal: RevealEndpoint,
    restart?: RestartDeps<T>,
  ) {
    this.starts = new PendingStarts(host.clock);
    if (restart) {
      const restarts = new RestartOnSave<T>({
        clock: host.clock,
        enabled: (file) => restart.enabled(file),
        isStarting: (key) => this.startingKeys.has(key),
        restart: (target, savedAt) => restart.restart(target, savedAt),
      });
      this.restarts = restarts;
      this.subscriptions.push(host.onDidSaveFile((file) => restarts.saved(fileKey(file))));
    }
  }

  /** Runs `start` with the file marked as starting (a save meanwhile does not restart it: this start runs it). */
  async whileStarting<R>(file: string, start: () => Promise<R>): Promise<R> {
    const key = fileKey(file);
    this.startingKeys.add(key);
    try {
      return await start();
    } finally {
      this.startingKeys.delete(key);
    }
  }

  isStarting(file: string): boolean {
    return this.startingKeys.has(fileKey(file));
  }

  /**
   * What this start of the file resolves to: its ready endpoint, or why there is none. A start of the same file
   * before it resolves with "superseded by a new start"; with no news for readyTimeoutMs + START_SAFETY_MS, it
   * resolves with "did not start".
   */
  begin(file: string, readyTimeoutMs: number, notStarted = (name: string) => l10n.t('{0} did not start', name)): Promise<StartServerResult> {
    return this.starts.begin(
      fileKey(file),
      readyTimeoutMs + START_SAFETY_MS,
      () => ({ file, error: l10n.t('superseded by a new start') }),
      () => ({ file, error: notStarted(path.basename(file)) }),
    );
  }

  /** Resolves the waiting start of the file, if any. */
  settle(file: string, result: StartServerResult): void {
    this.starts.settle(fileKey(file), result);
  }

  /** Ready: the endpoint is added and revealed, then the waiting start resolves with it. */
  async publish(ready: ReadyEndpoint): Promise<void> {
    try {
      await this.registry.add({
        url: ready.url,
        protocol: ready.protocol,
        local: { file: ready.file, running: ready.running, ...(ready.sourceMethods ? { sourceMethods: ready.sourceMethods } : {}) },
      });
      await this.reveal(ready.url);
    } catch (error) {
      this.host.showError(l10n.t('RPC Explorer: could not add {0}: {1}', ready.url, (error as Error).message));
    }
    const startedAt = this.starts.startedAt(fileKey(ready.file));
    this.settle(ready.file, {
      file: ready.file,
      url: ready.url,
      elapsedMs: startedAt !== undefined ? this.host.clock.now() - startedAt : ready.elapsedMs,
      pid: ready.pid,
    });
  }

  /** The server at `url` stopped: its endpoint, if still listed, shows stopped. False when the endpoint is gone. */
  markStopped(url: string): boolean {
    if (!this.registry.get(url)) return false;
    this.registry.setLocalRunning(url, false);
    return true;
  }

  dispose(): void {
    this.starts.settleAll({ file: '', error: l10n.t('RPC Explorer was deactivated') });
    this.restarts?.dispose();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }
}
