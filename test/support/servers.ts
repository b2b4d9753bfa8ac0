/**
 * Real servers for tests, on free loopback ports (PORT=0), each ready once it prints `server listening on HOST:PORT`
 * (no sleeps). Pure Node, no `vscode`: usable from unit and integration tests.
 *
 * This file holds the Python peers (SimpleXMLRPCServer variants and hostile http.server servers) and re-exports
 * the Node peers (npm hprose, npm jayson) from their own modules, so tests import every starter from here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot, type RunningServer } from './nodeServerProcess';

export { repoRoot, startNodeServer, type RunningServer } from './nodeServerProcess';
export * from './hproseServers';
export * from './jsonrpcServers';

export const PYTHON = process.env.PYTHON ?? 'python3';

/** Runs a Python script of the repository (path relative to the root) and waits for its listening line. */
export async function startPythonServer(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
  readyTimeoutMs = 15_000,
): Promise<RunningServer> {
  const root = repoRoot();
  // Through orphan_guard.py with a stdin pipe: the server exits when this process dies, however it dies.
  const child = spawn(PYTHON, ['-u', path.join(root, 'test/fixtures/orphan_guard.py'), path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, PORT: '0', PYTHONDONTWRITEBYTECODE: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`${script} did not print its listening line within ${readyTimeoutMs} ms: ${output}`)),
      readyTimeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /server listening on [^\s:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.removeListener('exit', onEarlyExit);
        resolve(Number(match[1]));
      }
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`${script} exited (${code}) before listening: ${output}`));
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', fail);
    child.once('exit', onEarlyExit);
  });
  return { url: `http://127.0.0.1:${port}`, port, output: () => output, stop: () => stopProcess(child) };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The origin document's server exactly as written (sayHi only, no introspection). */
export function startOriginXmlRpcServer(): Promise<RunningServer> {
  return startPythonServer('examples/python-xmlrpc/origin_server.py');
}

/** The example users run: the origin server plus introspection and multicall. */
export function startExampleXmlRpcServer(): Promise<RunningServer> {
  return startPythonServer('examples/python-xmlrpc/server.py');
}

export interface XmlRpcServerOptions {
  introspection?: boolean;
  multicall?: boolean;
  /** Generated documented methods method_0000..., besides sayHi, echo, describe, fail and sleep. */
  methods?: number;
  /** Only the generated methods (and the system.* ones when enabled). */
  bare?: boolean;
}

/**
 * A SimpleXMLRPCServer (test/fixtures/xmlrpc_server.py) with sayHi, echo (types round-trip), describe (how Python
 * read an argument), fail(code, message) (a fault) and sleep(seconds).
 */
export function startXmlRpcServer(options: XmlRpcServerOptions = {}): Promise<RunningServer> {
  const args: string[] = [];
  if (options.introspection) args.push('--introspection');
  if (options.multicall) args.push('--multicall');
  if (options.methods) args.push('--methods', String(options.methods));
  if (options.bare) args.push('--bare');
  return startPythonServer('test/fixtures/xmlrpc_server.py', args);
}

export type HostileMode =
  | 'html404'
  | 'html200'
  | 'malformed'
  | 'billion-laughs'
  | 'xxe'
  | 'drip'
  | 'huge-length'
  | 'huge-chunked'
  | 'cut'
  | 'empty'
  | 'jsonrpc-wrong-id'
  | 'not-json';

/** A Python http.server that answers every POST badly in one way (see test/fixtures/hostile_server.py). */
export function startHostileServer(mode: HostileMode): Promise<RunningServer> {
  return startPythonServer('test/fixtures/hostile_server.py', [mode]);
}
