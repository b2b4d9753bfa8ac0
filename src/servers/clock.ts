/**
 * The time the server lifecycle runs on: `now` and one-shot timers. Production uses the system clock; unit tests pass
 * a clock they advance by hand (test/support/fakeClock.ts), so quiet periods and deadlines pass without sleeping.
 * Pure Node.
 */

/** A pending timer; cancelling it twice, or after it fired, does nothing. */
export interface ClockTimer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `callback` once after `ms`. */
  after(ms: number, callback: () => void): ClockTimer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    const handle = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

/** Resolves after `ms` on the clock (a grace period, not a wait in a test). */
export function delay(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.after(ms, resolve));
}

/** Whether `promise` settles within `ms` on the clock. */
export async function settlesWithin(clock: Clock, promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ClockTimer | undefined;
  const timeout = new Promise<false>((resolve) => (timer = clock.after(ms, () => resolve(false))));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    timer?.cancel();
  }
}
