/**
 * Starting a server process so that its whole tree can be stopped: on POSIX it leads its own process group
 * (detached), and stopping signals the group — SIGTERM, then SIGKILL after a grace period; on Windows,
 * `taskkill /T /F`. Pure Node (no vscode).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ServerCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Process groups of servers still running: killed when this process exits, so no server outlives its host. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function spawnServer(cmd: ServerCommand): ChildProcessWithoutNullStreams {
  const child = spawn(cmd.command, cmd.args, {
    cwd: cmd.cwd,
    env: cmd.env,
    detached: process.platform !== 'win32',
    windowsHide: true,
    stdio: 'pipe',
  });
  const pid = child.pid;
  if (pid !== undefined && process.platform !== 'win32') {
    liveGroups.add(pid);
    child.once('exit', () => liveGroups.delete(pid));
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      // A detached group does not die with its parent: the extension host's exit takes the servers along.
      process.once('exit', () => liveGroups.forEach((group) => signalGroup(group, 'SIGKILL')));
    }
  }
  return child;
}

/** Stops the process and its descendants; resolves when the process has exited (or was already gone). */
export function killProcessTree(child: ChildProcessWithoutNullStreams, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true }).on('error', () => child.kill());
    return exited;
  }
  signalGroup(pid, 'SIGTERM');
  const force = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  return exited.then(() => {
    clearTimeout(force);
    // The leader is gone; descendants that ignored SIGTERM still share the group.
    signalGroup(pid, 'SIGKILL');
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Signals a process group (POSIX) or the process alone; silent when it is gone. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') return;
  signalGroup(pid, signal);
}
