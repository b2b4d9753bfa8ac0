// Shared by the integration suites (not a suite itself: the loader runs *.test.js only).
import * as net from 'net';
import * as vscode from 'vscode';

/** The extension's id in the host: publisher.name from package.json. */
export const EXTENSION_ID = 'rpc-explorer.rpc-explorer';

/** Resolves with the first truthy value of `check`, polled until a deadline (never a fixed sleep; the deadline is generous: a loaded CI machine is slow, a passing check returns at once). */
export async function poll<T>(check: () => T | Promise<T>, what: string, timeoutMs = 45_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether something listens on 127.0.0.1:port (a server's port is closed once it has stopped). */
export function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Whether the process is still alive (signal 0 checks without touching it). */
export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the RPC Explorer view container. Opening it can throw the workbench's own TreeError ("Data tree node not
 * found: 1/endpoint|…") when its tree restores the focus to a node an earlier suite has just removed (CI13, CI20): it
 * is opened again, up to three times, once the tree has caught up.
 */
export async function openExplorerView(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await vscode.commands.executeCommand('workbench.view.extension.rpcExplorer');
      return;
    } catch (error) {
      if (attempt >= 3 || !/Data tree node not found/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
