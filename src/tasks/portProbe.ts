/** Whether a TCP port accepts connections, and waiting for it to (pure Node, no vscode). */
import { connect } from 'node:net';
import { addressOfUrl } from './serverAddress';

export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls until the port opens (true), or the deadline passes or the signal aborts (false). */
export async function waitForPort(
  host: string,
  port: number,
  options: { deadline: number; signal?: AbortSignal; intervalMs?: number },
): Promise<boolean> {
  const interval = options.intervalMs ?? 150;
  while (!options.signal?.aborted && Date.now() < options.deadline) {
    if (await isPortOpen(host, port, Math.max(50, Math.min(1000, options.deadline - Date.now())))) return true;
    await new Promise((r) => setTimeout(r, interval));
  }
  return false;
}

/** Resolves once the server of a URL no longer accepts connections on its port, or after `ms` (it rebinds there next). */
export async function portReleased(url: string | undefined, ms = 5000): Promise<void> {
  const address = url ? addressOfUrl(url) : undefined;
  for (const deadline = Date.now() + ms; address && Date.now() < deadline && (await isPortOpen(address.host, address.port, 300)); ) {
    await new Promise((r) => setTimeout(r, 50));
  }
}
