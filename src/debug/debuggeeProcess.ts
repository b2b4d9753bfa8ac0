/** The debuggee's process, when the debugger leaves it behind: killed after a grace period. Pure Node. */
import { delay, type Clock } from '../servers';

/** A process still there after the grace period gets SIGKILL; silent when it is gone. */
export async function killLater(pid: number, graceMs: number, clock: Clock): Promise<void> {
  if (!signal(pid, 0)) return;
  const deadline = clock.now() + graceMs;
  while (clock.now() < deadline && signal(pid, 0)) await delay(clock, 100);
  if (signal(pid, 0)) signal(pid, 'SIGKILL');
}

function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
