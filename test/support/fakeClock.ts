// A clock a unit test advances by hand: timers fire in due order as `advance` moves time past them (no sleeping).
import type { Clock, ClockTimer } from '../../src/servers/clock';

interface Pending {
  due: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers: Pending[] = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, callback: () => void): ClockTimer {
    const timer: Pending = { due: this.time + Math.max(0, ms), seq: this.seq++, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Timers not yet fired nor cancelled. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /**
   * Moves time forward by `ms`, firing each timer due on the way at its own time; promise callbacks run between
   * timers (as they would between real ones).
   */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((t) => !t.cancelled && t.due <= end).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.due);
      next.cancelled = true;
      next.callback();
    }
    this.time = end;
    await settle();
  }
}

/** Lets queued promise callbacks run (a few turns of the microtask queue and one macrotask). */
export async function settle(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}
