import { readFileSync } from 'fs';

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

/** The machine's CPU ticks (all cores, /proc/stat): busy and total; undefined where there is no /proc. */
function cpuTicks(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, x) => sum + x, 0);
    return { busy: total - fields[3] - (fields[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/**
 * Waits until the whole machine is quiet: two 250 ms windows in a row with under 15 % of its CPU busy (or a deadline).
 * On a 2-core machine the browser is still building the workbench when the host is idle: timed then, activate() also
 * waits for a core, by 5 to 300 ms in either variant, and a median of a few rounds says more about that than about us.
 * Returns how long it waited and the busy share of the last window.
 */
export async function machineQuiet(deadlineMs = 20_000): Promise<{ waited_ms: number; busy: number | null }> {
  const started = performance.now();
  let quietWindows = 0;
  let busy: number | null = null;
  let before = cpuTicks();
  if (!before) return { waited_ms: 0, busy };
  while (quietWindows < 2 && performance.now() - started < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = cpuTicks()!;
    busy = after.total > before.total ? (after.busy - before.busy) / (after.total - before.total) : 0;
    quietWindows = busy < 0.15 ? quietWindows + 1 : 0;
    before = after;
  }
  return { waited_ms: Math.round(performance.now() - started), busy: busy === null ? null : Number(busy.toFixed(3)) };
}
