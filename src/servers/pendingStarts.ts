/**
 * The starts waiting for their server to be ready, one per file key. A new start of the same file supersedes the
 * waiting one (it resolves with "superseded by a new start"); a start nobody settles resolves with its fallback once
 * its deadline passes, so a command never waits forever. Pure Node (the clock is injected).
 */
import type { Clock, ClockTimer } from './clock';

interface Waiting<R> {
  readonly startedAt: number;
  readonly timer: ClockTimer;
  readonly resolve: (result: R) => void;
}

export class PendingStarts<R> {
  private readonly waiting = new Map<string, Waiting<R>>();

  constructor(private readonly clock: Clock) {}

  /**
   * What this start of `key` resolves to. `superseded` settles the start it replaces; `expired` is the result if
   * nothing settles it within `deadlineMs`.
   */
  begin(key: string, deadlineMs: number, superseded: () => R, expired: () => R): Promise<R> {
    this.settle(key, superseded());
    return new Promise<R>((resolve) => {
      const entry: Waiting<R> = {
        startedAt: this.clock.now(),
        timer: this.clock.after(deadlineMs, () => this.settleEntry(key, entry, expired())),
        resolve,
      };
      this.waiting.set(key, entry);
    });
  }

  /** When the waiting start of `key` began (undefined when none waits). */
  startedAt(key: string): number | undefined {
    return this.waiting.get(key)?.startedAt;
  }

  has(key: string): boolean {
    return this.waiting.has(key);
  }

  /** Resolves the waiting start of `key`, if any, with `result`. */
  settle(key: string, result: R): void {
    const entry = this.waiting.get(key);
    if (entry) this.settleEntry(key, entry, result);
  }

  /** Resolves every waiting start (the extension is going away). */
  settleAll(result: R): void {
    for (const [key, entry] of [...this.waiting]) this.settleEntry(key, entry, result);
  }

  private settleEntry(key: string, entry: Waiting<R>, result: R): void {
    entry.timer.cancel();
    if (this.waiting.get(key) === entry) this.waiting.delete(key);
    entry.resolve(result);
  }
}
