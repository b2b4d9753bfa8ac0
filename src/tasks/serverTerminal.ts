import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { scanServerSource, type ServerSourceModel } from '../sourceModel';
import { classifyExit } from './exitClassifier';
import { isPortOpen } from './portProbe';
import type { ServerCommand } from './processTree';
import { ReadinessDetector, expectedAddress } from './readinessDetector';
import { readyPatternFrom } from './readyLine';
import { ServerErrorOutput } from './serverErrorOutput';
import { ServerProcessRunner } from './serverProcessRunner';
import type { ServerRuntime } from './serverRuntime';
import type { ServerTaskDefinition } from './serverTaskDefinition';
import { formatProblemLine, listenLineOf } from './tracebackProblem';

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

const dim = (s: string) => `\x1b[2m${s}\x1b[0m`;
const red = (s: string) => `\x1b[31m${s}\x1b[0m`;
const green = (s: string) => `\x1b[32m${s}\x1b[0m`;
const yellow = (s: string) => `\x1b[33m${s}\x1b[0m`;

/**
 * The terminal of one `rpc-server` task run. It connects the process runner (spawn, output lines, kill), the
 * readiness detector, the error output (stack traces → problem lines) and the exit classifier, and turns what they
 * report into terminal text and the events the LocalServers feature acts on.
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

  url?: string;
  scan?: ServerSourceModel;
  private readonly process = new ServerProcessRunner({
    output: (text) => this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n')),
    line: (line, isStderr) => this.line(line, isStderr),
    spawnFailed: (reason) => this.failBeforeStart(`Cannot start ${path.basename(this.launch.file)}: ${reason}.`),
    exit: (code, signal) => this.exited(code, signal),
  });
  private readiness?: ReadinessDetector;
  private errors: ServerErrorOutput;
  private startedAt = 0;
  /** When VS Code opened the task's terminal. */
  openedAt = 0;
  private stopping = false;
  private ended = false;
  private closed = false;
  /** Set while a restart waits for the old process to exit: that exit keeps the terminal open. */
  private restartExited?: () => void;

  constructor(readonly launch: ServerLaunch) {
    this.errors = new ServerErrorOutput(launch.file);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Whether it was asked to stop (the task was terminated, Stop, a restart), as opposed to exiting on its own. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  get state(): ServerState {
    return this.ended ? 'exited' : (this.readiness?.state ?? 'starting');
  }

  open(): void {
    this.openedAt = Date.now();
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
    if (this.process.write(data.replace(/\r/g, '\n'))) this.writeEmitter.fire(data.replace(/\r/g, '\r\n'));
  }

  /** Kills the process tree; resolves when the server process has exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.readiness?.dispose();
    if (this.process.spawned) await this.process.stop();
    else this.endWithoutProcess();
  }

  /** Whether restart() can run the server again here: its process is up and nothing is ending or restarting it. */
  get restartable(): boolean {
    return !this.ended && !this.closed && !this.stopping && !this.restartExited && this.process.spawned;
  }

  /**
   * Runs the server again in this terminal (after a save): the process tree stops, `beforeStart` runs (the old
   * port must be free), then the file is read and started as when the terminal opened. False when this run has
   * already ended or the process is not up yet: the caller starts a new task instead.
   */
  async restart(beforeStart: () => Promise<void>): Promise<boolean> {
    if (!this.restartable) return false;
    this.readiness?.dispose();
    const exited = new Promise<void>((resolve) => (this.restartExited = resolve));
    await this.process.stop();
    await exited;
    this.restartExited = undefined;
    await beforeStart();
    if (this.stopping) {
      this.endWithoutProcess(); // stopped while it restarted
      return true;
    }
    this.url = undefined;
    this.openedAt = Date.now();
    await this.start().catch((error: unknown) => this.failBeforeStart(error instanceof Error ? error.message : String(error)));
    return true;
  }

  private async start(): Promise<void> {
    const { definition, file } = this.launch;
    // Matched by the problem matcher's beginsPattern: a run starts here.
    this.writeLine(`[rpc-server] starting ${path.basename(file)}`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(vscode.l10n.t('Cannot read {0}: {1}', file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? vscode.l10n.t('no such file') : (error as Error).message), { cause: error });
    }
    this.scan = await scanServerSource(text, file);
    this.errors = new ServerErrorOutput(file, listenLineOf(text));
    const pattern = readyPatternFrom(definition.readyPattern);
    const runtime = await this.launch.resolveRuntime();
    const env: NodeJS.ProcessEnv = { ...process.env, ...runtime.env, ...(definition.env ?? {}) };
    const command: ServerCommand = {
      command: runtime.command,
      args: [...runtime.args, file, ...(definition.args ?? []).map(String)],
      cwd: this.launch.cwd,
      env,
    };
    const expected = expectedAddress(definition.url, this.scan, env);
    // A port already taken before we start would make the port probe see someone else's server.
    const portTaken = expected ? await isPortOpen(expected.host, expected.port, 500) : false;
    if (this.stopping) return this.endWithoutProcess();
    this.writeLine(dim(`[rpc-server] ${[command.command, ...command.args].map(quoteArg).join(' ')}  ${vscode.l10n.t('(in {0})', command.cwd)}`));
    if (portTaken && expected) {
      this.writeLine(yellow(`[rpc-server] ${vscode.l10n.t('port {0} is already in use on {1}: another process listens there', expected.port, expected.host)}`));
    }
    this.readiness = new ReadinessDetector(
      { pattern, taskUrl: definition.url, expected, sourceHost: this.scan?.host, probePort: !!expected && !portTaken && !definition.readyPattern, timeoutMs: this.launch.readyTimeoutMs },
      {
        ready: (url, restart) => this.becameReady(url, restart),
        notReady: () => this.notReadyInTime(pattern.source, expected?.port),
        readyLineWithoutPort: () => this.writeLine(yellow(`[rpc-server] ${vscode.l10n.t('a ready line was printed but it names no port: set "url" in the task')}`)),
      },
    );
    this.startedAt = Date.now();
    this.process.start(command);
    this.readiness.start();
  }

  private line(line: string, isStderr: boolean): void {
    const problem = this.errors.line(line, isStderr);
    if (problem) this.writeLine(red(formatProblemLine(problem)));
    // A traceback echoes source lines (which may hold any URL): only what the server itself prints can be its ready line.
    else if (!this.errors.inTrace) this.readiness?.line(line);
  }

  private becameReady(url: string, restart: boolean): void {
    if (this.stopping || this.ended) return;
    this.url = url;
    const elapsedMs = Date.now() - this.startedAt;
    // "[rpc-server] ready" stays as it is in every language: the problem matcher's endsPattern reads it.
    this.writeLine(green(`[rpc-server] ${restart ? 'ready again' : `ready in ${(elapsedMs / 1000).toFixed(1)} s`}: ${url} — ${vscode.l10n.t('exploring it in RPC Explorer')}`));
    this.readyEmitter.fire({ url, elapsedMs, restart });
  }

  private notReadyInTime(pattern: string, port: number | undefined): void {
    if (this.stopping) return;
    const seconds = Math.round(this.launch.readyTimeoutMs / 1000);
    const what =
      port !== undefined ? vscode.l10n.t('no output line matched {0} and port {1} did not open', pattern, port) : vscode.l10n.t('no output line matched {0}', pattern);
    const message = vscode.l10n.t(
      '{0} was not ready after {1} s ({2}); it keeps running. Set "url" or "readyPattern" in the task, or raise rpcExplorer.server.readyTimeoutSeconds.',
      path.basename(this.launch.file),
      seconds,
      what,
    );
    this.writeLine(yellow(`[rpc-server] ${message}`));
    this.failEmitter.fire(message);
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.ended) return this.finish(1); // it never started (spawn error, already reported)
    const problem = this.errors.flush();
    if (problem) this.writeLine(red(formatProblemLine(problem)));
    if (this.restartExited) {
      this.writeLine(dim(`[rpc-server] ${vscode.l10n.t('stopped for a restart')}`));
      this.restartExited();
      return;
    }
    const readiness = this.readiness?.state ?? 'starting';
    this.readiness?.dispose();
    this.ended = true;
    const exit = classifyExit({
      fileName: path.basename(this.launch.file),
      code,
      signal,
      stopping: this.stopping,
      readiness,
      problem: this.errors.problem,
      errorLine: this.errors.errorLine,
    });
    const color = exit.kind === 'stopped' ? dim : exit.failure ? red : code === 0 ? dim : yellow;
    this.writeLine(color(`[rpc-server] ${exit.message}`));
    if (exit.failure) this.failEmitter.fire(exit.failure);
    this.exitEmitter.fire(code ?? undefined);
    this.finish(exit.taskExitCode);
  }

  private failBeforeStart(message: string): void {
    if (this.ended) return;
    this.ended = true;
    this.readiness?.dispose();
    this.writeLine(red(`[rpc-server] ${message}`));
    this.failEmitter.fire(message);
    this.exitEmitter.fire(undefined);
    this.finish(this.process.spawned ? 1 : 127);
  }

  /** Stopped when no process of this run is up (before the first spawn, or between the two of a restart). */
  private endWithoutProcess(): void {
    if (this.closed) return;
    this.ended = true;
    this.readiness?.dispose();
    this.exitEmitter.fire(undefined);
    this.finish(0);
  }

  private finish(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.ended = true;
    this.closeEmitter.fire(code);
    for (const emitter of [this.writeEmitter, this.closeEmitter, this.readyEmitter, this.failEmitter, this.exitEmitter]) emitter.dispose();
  }

  /** A line of RPC Explorer's own about this run (dimmed). */
  note(text: string): void {
    if (!this.closed) this.writeLine(dim(`[rpc-server] ${text}`));
  }

  private writeLine(text: string): void {
    this.writeEmitter.fire(`${text}\r\n`);
  }
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
