/** One server process: spawned in its own process group, its output decoded into text and lines (pure Node). */
import { StringDecoder } from 'node:string_decoder';
import { OutputLineSplitter } from './outputLines';
import { killProcessTree, signalProcessGroup, spawnServer, type ServerCommand } from './processTree';

export interface ServerProcessListener {
  /** Decoded output as it arrives (for the terminal). */
  output(text: string, isStderr: boolean): void;
  /** Each whole output line. */
  line(line: string, isStderr: boolean): void;
  /** The process could not be started (a one-line reason). */
  spawnFailed(reason: string): void;
  /** The process ended and all of its output was delivered. */
  exit(code: number | null, signal: NodeJS.Signals | null): void;
}

export class ServerProcessRunner {
  private child?: ReturnType<typeof spawnServer>;

  constructor(private readonly listener: ServerProcessListener) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get spawned(): boolean {
    return this.child !== undefined;
  }

  start(command: ServerCommand): void {
    const child = spawnServer(command);
    this.child = child;
    child.on('error', (error: NodeJS.ErrnoException) => this.listener.spawnFailed(spawnErrorReason(command.command, error)));
    const streams = [0, 1].map(() => ({ decoder: new StringDecoder('utf8'), lines: new OutputLineSplitter() }));
    const deliver = (text: string, stream: number) => {
      if (!text) return;
      this.listener.output(text, stream === 1);
      for (const line of streams[stream].lines.push(text)) this.listener.line(line, stream === 1);
    };
    child.stdout.on('data', (chunk: Buffer) => deliver(streams[0].decoder.write(chunk), 0));
    child.stderr.on('data', (chunk: Buffer) => deliver(streams[1].decoder.write(chunk), 1));
    child.on('close', (code, signal) => {
      streams.forEach((s, stream) => deliver(s.decoder.end(), stream));
      streams.forEach((s, stream) => s.lines.end().forEach((line) => this.listener.line(line, stream === 1)));
      // The leader is gone; anything it left in its process group goes with it.
      if (child.pid !== undefined) signalProcessGroup(child.pid, 'SIGKILL');
      this.listener.exit(code, signal);
    });
  }

  /** Typed input for the server's stdin; false when it cannot take any. */
  write(data: string): boolean {
    if (!this.child || this.child.stdin.destroyed) return false;
    this.child.stdin.write(data);
    return true;
  }

  /** Kills the process tree; resolves when the process has exited. */
  async stop(): Promise<void> {
    if (this.child) await killProcessTree(this.child);
  }
}

function spawnErrorReason(command: string, error: NodeJS.ErrnoException): string {
  return error.code === 'ENOENT' ? `"${command}" was not found` : error.code === 'EACCES' ? `"${command}" is not executable` : error.message;
}
