/** The error evidence in a server's output: stack traces as problems, and the last telling stderr line (pure). */
import * as path from 'node:path';
import { TracebackCollector, type TracebackProblem } from './tracebackProblem';

export class ServerErrorOutput {
  private readonly traceback: TracebackCollector;
  private lastProblem?: TracebackProblem;
  private lastErrorLine?: string;

  /** `fallbackLine`: where a problem with no frame in user code points (the listen call). */
  constructor(serverFile: string, fallbackLine?: number) {
    this.traceback = new TracebackCollector(serverFile, fallbackLine);
  }

  /** Returns a problem when `line` completes a stack trace. */
  line(line: string, isStderr: boolean): TracebackProblem | undefined {
    // Not Node's version banner, a caret line, or a frame: those say nothing on their own.
    if (isStderr && line.trim() && !/^Node\.js v\d|^\s*\^+\s*$|^\s+at /.test(line)) this.lastErrorLine = line.trim();
    return this.remember(this.traceback.push(line));
  }

  /** Whether the last line belonged to a stack trace: not the server speaking, so never its ready line. */
  get inTrace(): boolean {
    return this.traceback.inTrace;
  }

  /** At process exit: a trace still open becomes a problem. */
  flush(): TracebackProblem | undefined {
    return this.remember(this.traceback.flush());
  }

  /** The last problem as `message (file:line)`. */
  get problem(): string | undefined {
    const p = this.lastProblem;
    return p ? `${p.message} (${path.basename(p.file)}:${p.line})` : undefined;
  }

  get errorLine(): string | undefined {
    return this.lastErrorLine;
  }

  private remember(problem: TracebackProblem | undefined): TracebackProblem | undefined {
    if (problem) this.lastProblem = problem;
    return problem;
  }
}
