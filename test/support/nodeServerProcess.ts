/**
 * Runs a test server script (test/fixtures/*.js) in its own Node process on a free loopback port and waits for its
 * `server listening on HOST:PORT` line. Pure Node: usable from unit and integration tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RunningServer {
  url: string;
  port: number;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/** The repository root (works from test/support and from out/test/support). */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && fs.existsSync(path.join(dir, 'test', 'fixtures'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`repository root not found above ${__dirname}`);
}

export async function startNodeServer(
  script: string,
  env: Record<string, string> = {},
  readyTimeoutMs = 15_000,
): Promise<RunningServer> {
  const root = repoRoot();
  // orphanGuard.js with a stdin pipe: the server exits when this process dies, however it dies.
  const child = spawn(process.execPath, ['-r', path.join(root, 'test/fixtures/orphanGuard.js'), path.join(root, script)], {
    cwd: root,
    // ELECTRON_RUN_AS_NODE: inside a VS Code extension host process.execPath is Electron.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', PORT: '0', TZ: 'UTC', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${script} did not print its listening line within ${readyTimeoutMs} ms: ${output}`)), readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /server listening on [^\s:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`${script} exited (${code}) before listening: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}
