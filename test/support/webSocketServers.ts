/**
 * WebSocket JSON-RPC peers for tests: test/fixtures/ws_jsonrpc_server.py (Debian's python3-websockets, run with
 * /usr/bin/python3) on a free loopback port it picks itself, and aria2's WebSocket interface (ws://…/jsonrpc).
 * Each is stopped by its own pid.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './nodeServerProcess';

export interface WebSocketServer {
  url: string;
  port: number;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Debian's Python: its python3-websockets imports only there (python3 on PATH may be another one). */
const DEBIAN_PYTHON = '/usr/bin/python3';

export async function startPythonWebSocketServer(env: Record<string, string> = {}, timeoutMs = 15_000): Promise<WebSocketServer> {
  const child = spawn(DEBIAN_PYTHON, ['-u', path.join(repoRoot(), 'test/fixtures/ws_jsonrpc_server.py')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const port = await new Promise<number>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`ws_jsonrpc_server.py did not start within ${timeoutMs} ms: ${output}`)), timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(deadline);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('error', (error) => {
      clearTimeout(deadline);
      reject(new Error(`cannot start ${DEBIAN_PYTHON} (install python3-websockets): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`ws_jsonrpc_server.py exited (${code}) before listening: ${output.trim().split('\n').slice(-3).join(' | ')}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { url: `ws://127.0.0.1:${port}/`, port, pid: child.pid!, output: () => output, stop };
}

/** The WebSocket endpoint of an aria2c started by startAria2 (test/support/realServers.ts). */
export function aria2WebSocketUrl(port: number): string {
  return `ws://127.0.0.1:${port}/jsonrpc`;
}
