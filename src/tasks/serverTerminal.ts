import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import { scanServerSource, type ServerSourceModel } from '../sourceModel';
import { waitForPort, isPortOpen } from './portProbe';
import { killProcessTree, signalProcessGroup, spawnServer, type ServerCommand } from './processTree';
import { addressOfUrl, connectableHost, formatUrl, readyPatternFrom, readyUrlFromLine } from './readyLine';
import type { ServerRuntime } from './serverRuntime';
import type { ServerTaskDefinition } from './serverTaskDefinition';
import { formatProblemLine, listenLineOf, TracebackCollector, type TracebackProblem } from './tracebackProblem';

export interface ServerLaunch {
  definition: ServerTaskDefinition;
  /** Absolute path of the server file. */
  file: string;
  cwd: string;
  taskName: string;
  readyTimeoutMs: number;
  resolveRuntime(): Promise<ServerRuntime>;
}

export interface ServerReady {
  url: string;
  /** From the start of the task to the ready line (or the port opening). */
  elapsedMs: number;
  /** A later ready line: the server restarted itself (a reloader) and the tree should refresh. */
  restart: boolean;
}

export type ServerState = 'starting' | 'ready' | 'not-ready' | 'exited';

/** The longest partial output line kept while waiting for its end (a server printing without newlines). */
const MAX_PENDING_LINE = 64 * 1024;
/** Ready lines this close together are one start (servers announce several addresses). */
const RESTART_QUIET_MS = 1500;
/** After the port opens, how long a ready line (which may name a path) has to arrive before the port alone counts. */
const PORT_READY_GRACE_MS = 300;

const dim = (s: string) => `\x1b[2m${s}\x1b[0m`;
const red = (s: string) => `\x1b[31m${s}\x1b[0m`;
const green = (s: string) => `\x1b[32m${s}\x1b[0m`;
const yellow = (s: string) => `\x1b[33m${s}\x1b[0m`;

/**
 * The terminal of one `rpc-server` task run: starts the server process, passes its output through, detects the
 * ready line (or the port opening) within the deadline, turns stack traces into problem lines, and kills the
 * process tree when the task is terminated. Readiness and failure are events the LocalServers feature acts on.
 */
export class ServerPseudoterminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  private readonly readyEmitter = new vscode.EventEmitter<ServerReady>();
  private readonly failEmitter = new vscode.EventEmitter<string>();
  private readonly exitEmitter = new vscode.EventEmitter<number | undefined>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  /** The server listens (first time, or again after restarting itself). */
  readonly onDidBecomeReady = this.readyEmitter.event;
  /** It could not start, crashed before it was ready, or was not ready in time (a one-line reason). */
  readonly onDidFail = this.failEmitter.event;
  /** The process ended (exit code), whatever the reason. */
  readonly onDidExit = this.exitEmitter.event;

  state: ServerState = 'starting';
  url?: string;
  scan?: ServerSourceModel;
  private child?: ReturnType<typeof spawnServer>;
  private stopping = false;
  private closed = false;
  private startedAt = 0;
  private lastReadyAt = 0;
  private readyCheck?: Promise<void>;
  /** The unfinished last line of stdout and of stderr. */
  private readonly pendingLines = ['', ''];
  private lastProblem?: TracebackProblem;
  private lastErrorLine?: string;
  private readonly abort = new AbortController();
  private deadlineTimer?: NodeJS.Timeout;
  private expected?: { host: string; port: number };
  private traceback: TracebackCollector;

  constructor(readonly launch: ServerLaunch) {
    this.traceback = new TracebackCollector(launch.file);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  open(): void {
    void this.start().catch((error: unknown) => this.failBeforeStart(error instanceof Error ? error.message : String(error)));
  }

  /** The task was terminated or its terminal closed. */
  close(): void {
    void this.stop();
  }

  handleInput(data: string): void {
    if (data === '\x03') {
      this.writeLine(dim('^C'));
      void this.stop();
      return;
    }
    // Typed input goes to the server's stdin (echoed: the process has no terminal to echo it).
    if (this.child && !this.child.stdin.destroyed) {
      this.child.stdin.write(data.replace(/\r/g, '\n'));
      this.writeEmitter.fire(data.replace(/\r/g, '\r\n'));
    }
  }

  /** Kills the process tree; resolves when the server process has exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    if (this.child) await killProcessTree(this.child);
    else this.finish(0);
  }

  private async start(): Promise<void> {
    const { definition, file } = this.launch;
    const base = path.basename(file);
    this.startedAt = Date.now();
    // Matched by the problem matcher's beginsPattern: a run starts here.
    this.writeLine(`[rpc-server] starting ${base}`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    this.scan = await scanServerSource(text, file);
    this.traceback = new TracebackCollector(file, listenLineOf(text));
    const pattern = readyPatternFrom(definition.readyPattern);
    const runtime = await this.launch.resolveRuntime();
    const env: NodeJS.ProcessEnv = { ...process.env, ...runtime.env, ...(definition.env ?? {}) };
    const command: ServerCommand = {
      command: runtime.command,
      args: [...runtime.args, file, ...(definition.args ?? []).map(String)],
      cwd: this.launch.cwd,
      env,
    };
    const expected = this.expectedAddress(env);
    this.expected = expected;
    // A port already taken before we start would make the port probe see someone else's server.
    const portTaken = expected ? await isPortOpen(expected.host, expected.port, 500) : false;
    if (this.stopping) return this.finish(0);
    this.writeLine(dim(`[rpc-server] ${[command.command, ...command.args].map(quoteArg).join(' ')}  (in ${command.cwd})`));
    if (portTaken && expected) {
      this.writeLine(yellow(`[rpc-server] port ${expected.port} is already in use on ${expected.host}: another process listens there`));
    }

    const child = spawnServer(command);
    this.child = child;
    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'ENOENT' ? `"${command.command}" was not found` : error.code === 'EACCES' ? `"${command.command}" is not executable` : error.message;
      this.failBeforeStart(`Cannot start ${base}: ${reason}.`);
    });
    const decoders = [new StringDecoder('utf8'), new StringDecoder('utf8')];
    child.stdout.on('data', (chunk: Buffer) => this.output(decoders[0].write(chunk), pattern, false));
    child.stderr.on('data', (chunk: Buffer) => this.output(decoders[1].write(chunk), pattern, true));
    child.on('close', (code, signal) => {
      this.output(decoders[0].end(), pattern, false);
      this.output(decoders[1].end(), pattern, true);
      this.pendingLines.forEach((rest, stream) => rest && this.line(rest, pattern, stream === 1));
      this.pendingLines.fill('');
      const problem = this.traceback.flush();
      if (problem) this.reportProblem(problem);
      this.exited(code, signal);
    });

    this.deadlineTimer = setTimeout(() => this.notReadyInTime(pattern, expected), this.launch.readyTimeoutMs);
    if (expected && !portTaken && !definition.readyPattern) {
      void waitForPort(expected.host, expected.port, { deadline: this.startedAt + this.launch.readyTimeoutMs, signal: this.abort.signal }).then(
        (open) => {
          if (!open) return;
          // The ready line usually follows the port at once and may name a path: give it a moment to win.
          setTimeout(() => {
            if (this.state === 'starting' && !this.readyCheck && !this.stopping) {
              this.becomeReady(definition.url ?? formatUrl('http', expected.host, expected.port)!);
            }
          }, PORT_READY_GRACE_MS);
        },
      );
    }
  }

  /** Where the server will listen, when known before it says so: the task's url, else the source (PORT env wins). */
  private expectedAddress(env: NodeJS.ProcessEnv): { host: string; port: number } | undefined {
    if (this.launch.definition.url) return addressOfUrl(this.launch.definition.url);
    const scan = this.scan;
    let port = scan?.port;
    if (scan?.portEnv && env[scan.portEnv] !== undefined) {
      // PORT=0 (or anything not a port) means the server picks one: only its ready line can tell which.
      const fromEnv = Number(env[scan.portEnv]);
      port = Number.isInteger(fromEnv) && fromEnv > 0 && fromEnv < 65536 ? fromEnv : undefined;
    }
    return port === undefined ? undefined : { host: connectableHost(scan?.host), port };
  }

  private output(text: string, pattern: RegExp, isStderr: boolean): void {
    if (!text) return;
    this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
    const stream = isStderr ? 1 : 0;
    const lines = (this.pendingLines[stream] + text).split('\n');
    this.pendingLines[stream] = lines.pop() ?? '';
    if (this.pendingLines[stream].length > MAX_PENDING_LINE) {
      this.line(this.pendingLines[stream], pattern, isStderr);
      this.pendingLines[stream] = '';
    }
    for (const line of lines) this.line(line.replace(/\r$/, ''), pattern, isStderr);
  }

  private line(line: string, pattern: RegExp, isStderr: boolean): void {
    // The last telling stderr line, for a crash without a stack trace (not Node's version banner or a caret).
    if (isStderr && line.trim() && !/^Node\.js v\d|^\s*\^+\s*$|^\s+at /.test(line)) this.lastErrorLine = line.trim();
    const problem = this.traceback.push(line);
    if (problem) this.reportProblem(problem);
    const announced = readyUrlFromLine(line, pattern, { host: this.expected?.host ?? this.scan?.host, port: this.expected?.port });
    if (announced === undefined && !pattern.test(line)) return;
    const url = this.launch.definition.url ?? announced;
    if (!url) {
      this.writeLine(yellow(`[rpc-server] a ready line was printed but it names no port: set "url" in the task`));
      return;
    }
    if (this.state === 'starting' || this.state === 'not-ready') this.becomeReady(url);
    else if (this.state === 'ready' && Date.now() - this.lastReadyAt > RESTART_QUIET_MS) this.becomeReady(url, true);
  }

  private reportProblem(problem: TracebackProblem): void {
    this.lastProblem = problem;
    this.writeLine(red(formatProblemLine(problem)));
  }

  /** Confirms the port accepts connections (a ready line may come just before listen()), then announces it. */
  private becomeReady(url: string, restart = false): void {
    if (this.readyCheck) return;
    this.lastReadyAt = Date.now();
    const address = addressOfUrl(url);
    const confirm = address
      ? waitForPort(address.host, address.port, { deadline: Date.now() + 5000, signal: this.abort.signal, intervalMs: 50 })
      : Promise.resolve(true);
    this.readyCheck = confirm.then(() => {
      this.readyCheck = undefined;
      if (this.stopping || this.state === 'exited') return;
      clearTimeout(this.deadlineTimer);
      this.state = 'ready';
      this.url = url;
      this.lastReadyAt = Date.now();
      const elapsedMs = Date.now() - this.startedAt;
      this.writeLine(green(`[rpc-server] ${restart ? 'ready again' : `ready in ${(elapsedMs / 1000).toFixed(1)} s`}: ${url} — exploring it in RPC Explorer`));
      this.readyEmitter.fire({ url, elapsedMs, restart });
    });
  }

  private notReadyInTime(pattern: RegExp, expected: { host: string; port: number } | undefined): void {
    if (this.state !== 'starting' || this.stopping || this.readyCheck) return;
    this.state = 'not-ready';
    const seconds = Math.round(this.launch.readyTimeoutMs / 1000);
    const what = expected ? `no output line matched ${pattern.source} and port ${expected.port} did not open` : `no output line matched ${pattern.source}`;
    const message = `${path.basename(this.launch.file)} was not ready after ${seconds} s (${what}); it keeps running. Set "url" or "readyPattern" in the task, or raise rpcExplorer.server.readyTimeoutSeconds.`;
    this.writeLine(yellow(`[rpc-server] ${message}`));
    this.failEmitter.fire(message);
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.state === 'exited') return this.finish(1); // it never started (spawn error, already reported)
    clearTimeout(this.deadlineTimer);
    this.abort.abort();
    const pid = this.child?.pid;
    // The leader is gone; anything it left in its process group goes with it.
    if (pid !== undefined) signalProcessGroup(pid, 'SIGKILL');
    const wasReady = this.state === 'ready';
    const previous = this.state;
    this.state = 'exited';
    const base = path.basename(this.launch.file);
    const status = signal ? `signal ${signal}` : `exit code ${code}`;
    if (this.stopping) {
      this.writeLine(dim(`[rpc-server] ${base} stopped`));
    } else if (!wasReady && previous !== 'not-ready') {
      const reason = this.lastProblem
        ? `: ${this.lastProblem.message} (${path.basename(this.lastProblem.file)}:${this.lastProblem.line})`
        : this.lastErrorLine
          ? `: ${this.lastErrorLine}`
          : '';
      const message = `${base} exited (${status}) before it was ready${reason}`;
      this.writeLine(red(`[rpc-server] ${message}`));
      this.failEmitter.fire(message.length > 400 ? message.slice(0, 397) + '...' : message);
    } else if (wasReady && code !== 0) {
      // It listened, then died on its own: say so (the tree only shows "stopped").
      const reason = this.lastProblem ? `: ${this.lastProblem.message} (${path.basename(this.lastProblem.file)}:${this.lastProblem.line})` : '';
      const message = `${base} stopped unexpectedly (${status})${reason}`;
      this.writeLine(red(`[rpc-server] ${message}`));
      this.failEmitter.fire(message);
    } else {
      this.writeLine((code === 0 ? dim : yellow)(`[rpc-server] ${base} exited (${status})`));
    }
    this.exitEmitter.fire(code ?? undefined);
    this.finish(code ?? (this.stopping ? 0 : 1));
  }

  private failBeforeStart(message: string): void {
    if (this.state === 'exited') return;
    this.state = 'exited';
    clearTimeout(this.deadlineTimer);
    this.abort.abort();
    this.writeLine(red(`[rpc-server] ${message}`));
    this.failEmitter.fire(message);
    this.exitEmitter.fire(undefined);
    this.finish(message && this.child === undefined ? 127 : 1);
  }

  private finish(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.state = 'exited';
    this.closeEmitter.fire(code);
  }

  private writeLine(text: string): void {
    this.writeEmitter.fire(`${text}\r\n`);
  }
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
