/**
 * Restart on save: which servers a save restarts (the server file or a workspace module it imports), saves close
 * together counted as one (a quiet period), and a save during a restart running it once more afterwards. Pure Node:
 * the clock and what a restart does are injected, so the timing is unit-tested without sleeping.
 */
import type { Clock, ClockTimer } from './clock';

/** Saves this close together (Save All, format-on-save) are one restart. */
export const SAVE_QUIET_MS = 150;

/** A server a save may restart: running, or stopped by an error of its own (a broken save) rather than by the user. */
export interface RestartTarget {
  readonly file: string;
  /** File keys of the server file and the workspace modules it imports. */
  watched: Set<string>;
}

export interface RestartOnSaveDeps<T extends RestartTarget> {
  clock: Clock;
  /** Whether restart on save is on for the file (the setting). */
  enabled(file: string): boolean;
  /** Whether a start of the file is under way (Start Server saves before it runs: that start runs what was saved). */
  isStarting(key: string): boolean;
  /** Restarts the target's server; `savedAt` is when the save that caused it happened. */
  restart(target: T, savedAt: number): Promise<void>;
}

export class RestartOnSave<T extends RestartTarget> {
  /** By the server file's key. */
  private readonly targets = new Map<string, T>();
  private readonly quiet = new Map<string, ClockTimer>();
  /** Keys with a restart under way, and whether another save came during it. */
  private readonly underway = new Map<string, { again: boolean }>();

  constructor(private readonly deps: RestartOnSaveDeps<T>) {}

  get(key: string): T | undefined {
    return this.targets.get(key);
  }

  set(key: string, target: T): void {
    this.targets.set(key, target);
  }

  /** A server the user stopped, or whose endpoint was removed: a save no longer starts it. */
  forget(key: string): void {
    this.targets.delete(key);
    this.quiet.get(key)?.cancel();
    this.quiet.delete(key);
  }

  /** Forgets every target that `matches`. */
  forgetWhere(matches: (target: T) => boolean): void {
    for (const [key, target] of [...this.targets]) if (matches(target)) this.forget(key);
  }

  /** Whether a save-restart of the key is under way. */
  restarting(key: string): boolean {
    return this.underway.has(key);
  }

  /** A file was saved (`savedKey` is its file key): each server watching it restarts once its quiet period passes. */
  saved(savedKey: string): void {
    const savedAt = this.deps.clock.now();
    for (const [key, target] of this.targets) {
      if (!target.watched.has(savedKey) || !this.deps.enabled(target.file)) continue;
      this.quiet.get(key)?.cancel();
      this.quiet.set(
        key,
        this.deps.clock.after(SAVE_QUIET_MS, () => {
          this.quiet.delete(key);
          const running = this.underway.get(key);
          if (running) running.again = true;
          else if (!this.deps.isStarting(key)) void this.run(key, savedAt);
        }),
      );
    }
  }

  private async run(key: string, savedAt: number): Promise<void> {
    const target = this.targets.get(key);
    if (!target) return;
    const state = { again: false };
    this.underway.set(key, state);
    try {
      await this.deps.restart(target, savedAt);
    } finally {
      this.underway.delete(key);
    }
    if (state.again && this.targets.has(key)) await this.run(key, this.deps.clock.now());
  }

  dispose(): void {
    for (const timer of this.quiet.values()) timer.cancel();
    this.quiet.clear();
    this.targets.clear();
  }
}
