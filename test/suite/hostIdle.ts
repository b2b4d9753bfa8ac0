/**
 * Waits (polling, with a deadline) until the extension host's thread is idle: right after startup it is busy
 * activating built-in extensions, and a timing taken then measures their work, not ours.
 * Idle = 20 consecutive 5 ms timers firing less than 2 ms late. Returns how long it took.
 */
export async function hostIdle(deadlineMs = 15_000): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  while (quiet < 20 && performance.now() - started < deadlineMs) {
    const before = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    quiet = performance.now() - before - 5 < 2 ? quiet + 1 : 0;
  }
  return performance.now() - started;
}
