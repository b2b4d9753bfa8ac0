import type { StateStore } from '../endpoints/endpointStore';

/**
 * Workspace state whose writes wait a moment and then go out once per key. VS Code sends an extension's whole
 * workspace state on every `update`; a store written on every call (the call history) would send it twice a call,
 * and those writes land on the calls that follow. Reads see every change at once; `flush` writes what waits.
 */
export class BatchedStateStore implements StateStore {
  /** The newest value of each key changed here, ahead of the state while its write waits. */
  private readonly values = new Map<string, unknown>();
  private readonly unwritten = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  /** The next write's promise, and how to settle it with that write. */
  private batch?: Promise<void>;
  private settleBatch?: (written: Thenable<void>) => void;
  private writing: Thenable<void> = Promise.resolve();

  constructor(
    private readonly state: StateStore,
    private readonly delayMs = 250,
  ) {}

  get<T>(key: string): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : this.state.get<T>(key)) as T | undefined;
  }

  /** Resolves when the write that carries this change has landed. */
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    this.unwritten.add(key);
    if (!this.batch) {
      this.batch = new Promise<void>((resolve) => (this.settleBatch = resolve));
      this.timer = setTimeout(() => void this.writeUnwritten(), this.delayMs);
    }
    return this.batch;
  }

  /** Writes what waits now and resolves when every write has landed (deactivation, tests). */
  async flush(): Promise<void> {
    await this.writeUnwritten();
  }

  private writeUnwritten(): Thenable<void> {
    clearTimeout(this.timer);
    const settle = this.settleBatch;
    this.timer = this.batch = this.settleBatch = undefined;
    for (const key of this.unwritten) {
      const write = () => this.state.update(key, this.values.get(key));
      this.writing = this.writing.then(write, write);
    }
    this.unwritten.clear();
    settle?.(this.writing);
    return this.writing;
  }
}
