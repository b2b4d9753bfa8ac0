/**
 * Real-world RPC servers from Debian packages, for tests: supervisord (XML-RPC with basic auth), aria2c (XML-RPC and
 * JSON-RPC with a secret token) and Perl's RPC::XML::Server. Each runs on a free loopback port in its own temp dir
 * with its own config, counts as ready once it answers HTTP, and is stopped by its own process group.
 *
 * A missing package fails the starter with one line naming the package to install (CI installs them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './nodeServerProcess';
import { freePort } from './ports';

const PYTHON = process.env.PYTHON ?? 'python3';

/** The Debian packages these servers come from (CI's apt-get install list). */
export const REAL_SERVER_PACKAGES = ['supervisor', 'aria2', 'librpc-xml-perl'] as const;

export interface RealServer {
  /** The RPC endpoint (with user:password for supervisord). */
  url: string;
  port: number;
  /** The process group leader (the group guard); the server runs in its group. */
  pid: number;
  /** The server's own temp dir (config, logs, downloads). */
  dir: string;
  /** Everything the server printed so far. */
  output(): string;
  /** How the server ended ("exited with status 141 (SIGPIPE)"), when it did; undefined while it runs. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

export interface Supervisord extends RealServer {
  username: string;
  password: string;
  /** The endpoint without credentials. */
  bareUrl: string;
  /** The name of the configured program (`sleep 1000`). */
  program: string;
}

export interface Aria2 extends RealServer {
  secret: string;
  xmlRpcUrl: string;
  jsonRpcUrl: string;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function requireCommand(command: string, debianPackage: string): void {
  if (!onPath(command)) {
    throw new Error(`${command} not found: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage})`);
  }
}

function requirePerlModule(module: string, debianPackage: string): Promise<void> {
  requireCommand('perl', 'perl');
  return new Promise((resolve, reject) => {
    const child = spawn('perl', [`-M${module}`, '-e', '1'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`Perl module ${module} not found: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage})`)),
    );
  });
}

function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rpc-explorer-${name}-`));
}

/** Resolves once something answers HTTP at the URL (any status); rejects when the process exits or time runs out. */
async function waitForHttp(name: string, url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before answering: ${output().trim().split('\n').slice(-3).join(' | ')}`);
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer HTTP within ${timeoutMs} ms: ${output().trim().split('\n').slice(-3).join(' | ')}`);
    const answered = await new Promise<boolean>((resolve) => {
      const request = http.request(url, { method: 'POST', agent: false, timeout: 1000, headers: { 'content-type': 'text/xml' } }, (response) => {
        response.resume();
        response.once('end', () => resolve(true));
      });
      request.once('timeout', () => request.destroy());
      request.once('error', () => resolve(false));
      request.end('<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName><params/></methodCall>');
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts `command` under test/fixtures/group_guard.py as the leader of a new process group, in `dir`, and waits
 * until `readyUrl` answers HTTP.
 */
async function startInGroup(
  command: string,
  args: string[],
  dir: string,
  readyUrl: string,
  env: Record<string, string> = {},
  readyTimeoutMs = 20_000,
): Promise<Omit<RealServer, 'url' | 'port'>> {
  const child = spawn(PYTHON, ['-u', path.join(repoRoot(), 'test/fixtures/group_guard.py'), command, ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() reaches the server and whatever it started
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 100_000) output = output.slice(-50_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;
  const stop = () => stopGroup(child, dir);
  try {
    await waitForHttp(command, readyUrl, child, () => output, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, dir, output: () => output, exited: () => exitDescription(child), stop };
}

/** The guard exits with the server's status, 128 + N when signal N ended the server. */
function exitDescription(child: ChildProcess): string | undefined {
  if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
  if (child.exitCode === null) return undefined;
  const signal = child.exitCode > 128 ? Object.entries(os.constants.signals).find(([, n]) => n === child.exitCode! - 128)?.[0] : undefined;
  return `exited with status ${child.exitCode}${signal ? ` (${signal})` : ''}`;
}

/** SIGTERM to the group (the guard waits for the server), SIGKILL to the group 5 s later; then the temp dir goes. */
async function stopGroup(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const hard = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      signalGroup(child.pid!, 'SIGTERM');
    });
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * supervisord (Debian package supervisor) with its XML-RPC interface on `[inet_http_server]`, basic auth, endpoint
 * /RPC2, and one program `dummy` (`sleep 1000`, running from the start).
 */
export async function startSupervisord(options: { username?: string; password?: string } = {}): Promise<Supervisord> {
  requireCommand('supervisord', 'supervisor');
  const username = options.username ?? 'tester';
  const password = options.password ?? 'pa55-word';
  const port = await freePort();
  const dir = tempDir('supervisord');
  const config = path.join(dir, 'supervisord.conf');
  fs.writeFileSync(
    config,
    [
      '[supervisord]',
      'nodaemon=true',
      `logfile=${path.join(dir, 'supervisord.log')}`,
      `pidfile=${path.join(dir, 'supervisord.pid')}`,
      `childlogdir=${dir}`,
      `directory=${dir}`,
      '',
      '[inet_http_server]',
      `port=127.0.0.1:${port}`,
      `username=${username}`,
      `password=${password}`,
      '',
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '',
      '[program:dummy]',
      'command=sleep 1000',
      'autostart=true',
      'startsecs=0',
      'stopwaitsecs=2',
      '',
    ].join('\n'),
  );
  const bareUrl = `http://127.0.0.1:${port}/RPC2`;
  const running = await startInGroup('supervisord', ['-c', config], dir, bareUrl);
  const url = `http://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${port}/RPC2`;
  return { ...running, url, port, bareUrl, username, password, program: 'dummy' };
}

/**
 * aria2c (Debian package aria2) with RPC only: loopback, a secret token, no DHT/LPD/peer exchange, downloads into
 * its temp dir. XML-RPC on /rpc, JSON-RPC on /jsonrpc.
 */
export async function startAria2(options: { secret?: string } = {}): Promise<Aria2> {
  requireCommand('aria2c', 'aria2');
  const secret = options.secret ?? 's3cret-token';
  const port = await freePort();
  const dir = tempDir('aria2');
  const args = [
    '--no-conf',
    '--enable-rpc',
    `--rpc-listen-port=${port}`,
    '--rpc-listen-all=false',
    `--rpc-secret=${secret}`,
    `--dir=${dir}`,
    '--disable-ipv6=true',
    '--enable-dht=false',
    '--enable-dht6=false',
    '--bt-enable-lpd=false',
    '--enable-peer-exchange=false',
    '--follow-torrent=false',
    '--auto-save-interval=0',
    '--summary-interval=0',
    '--console-log-level=warn',
    `--stop-with-process=${process.pid}`,
  ];
  const xmlRpcUrl = `http://127.0.0.1:${port}/rpc`;
  const running = await startInGroup('aria2c', args, dir, xmlRpcUrl);
  return { ...running, url: xmlRpcUrl, port, secret, xmlRpcUrl, jsonRpcUrl: `http://127.0.0.1:${port}/jsonrpc` };
}

/**
 * Perl's RPC::XML::Server (Debian package librpc-xml-perl) running test/fixtures/rpc_xml_server.pl: sayHi, add
 * (int or double), sample (one value of each type), undocumented (no help), fail(code, message); endpoint /RPC2.
 */
export async function startPerlRpcXmlServer(): Promise<RealServer> {
  await requirePerlModule('RPC::XML::Server', 'librpc-xml-perl');
  const port = await freePort();
  const dir = tempDir('rpc-xml');
  const url = `http://127.0.0.1:${port}/RPC2`;
  const running = await startInGroup('perl', [path.join(repoRoot(), 'test/fixtures/rpc_xml_server.pl')], dir, url, { PORT: String(port) });
  return { ...running, url, port };
}
