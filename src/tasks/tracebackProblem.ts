/**
 * Turns a crashing server's stack trace into one problem line — file, line, message — that the `$rpc-server`
 * problem matcher reads. Python prints frames then the exception (`File "…", line N` … `OSError: [Errno 98] Address
 * already in use`); Node prints the error then its frames (`Error: listen EADDRINUSE …` / `at … (/x/server.js:5:8)`).
 * The frame chosen is the last one in the server's own file (else outside the runtime's library), since a problem in
 * socketserver.py helps nobody. Pure (no vscode).
 */

export interface TracebackProblem {
  file: string;
  line: number;
  message: string;
}

/** The line the pseudoterminal prints; the problem matcher's pattern in package.json matches exactly this. */
const PROBLEM_LINE_PREFIX = '[rpc-server] error at ';

export function formatProblemLine(problem: TracebackProblem): string {
  return `${PROBLEM_LINE_PREFIX}${problem.file}:${problem.line}: ${problem.message}`;
}

/** Mirrors package.json's problemMatchers[rpc-server].pattern.regexp. */
export const PROBLEM_LINE_PATTERN = /^\[rpc-server\] error at (.+?):(\d+): (.*)$/;

interface Frame {
  file: string;
  line: number;
}

const PYTHON_START = /^Traceback \(most recent call last\):/;
const PYTHON_FRAME = /^\s+File "(.+)", line (\d+)/;
const PYTHON_SYNTAX_FRAME = /^ {2}File "(.+)", line (\d+)\s*$/;
const PYTHON_EXCEPTION = /^((?:[A-Za-z_][\w.]*)?(?:Error|Exception|Exit|Interrupt|Warning|Fault)\b.*|[A-Za-z_][\w.]*: .*)$/;
const NODE_ERROR = /^(?:Uncaught )?((?:[A-Za-z_$][\w$]*)?(?:Error|Exception)\b(?: \[[\w]+\])?:? ?.*)$/;
const NODE_TRACE_END = /^\s*$|^Node\.js v\d|^Emitted '|[{}]\s*$/;
const NODE_FRAME = /^\s+at (?:.*?\()?(node:[\w/]+|(?:file:\/\/)?(?:[A-Za-z]:)?[^():]+):(\d+):\d+\)?\s*$/;

/** The line of the call that opens the server's port (`.listen(`, `Server(`), 1-based; 1 when none is found. */
export function listenLineOf(source: string): number {
  const lines = source.split('\n');
  const index = lines.findIndex((l) => /\.listen\s*\(|Server\s*\(|\.start\s*\(\s*\)|serve_forever/.test(l) && !/^\s*(#|\/\/)/.test(l));
  return index < 0 ? 1 : index + 1;
}

/** Feed it every output line; it reports a problem when a stack trace ends. */
export class TracebackCollector {
  private python?: Frame[];
  private node?: { message: string; frames: Frame[]; skipped: number };

  constructor(
    /** Absolute path of the server file, preferred as the problem's location. */
    private readonly serverFile: string,
    /** Where to point when no frame is in user code (Node's EADDRINUSE has only internal frames): the listen call. */
    private readonly fallbackLine = 1,
  ) {}

  /** Returns a problem when `line` completes a stack trace. */
  push(line: string): TracebackProblem | undefined {
    const text = line.replace(/\r$/, '');
    if (this.python) {
      const frame = PYTHON_FRAME.exec(text);
      if (frame) {
        this.python.push({ file: frame[1], line: Number(frame[2]) });
        return undefined;
      }
      if (/^\s/.test(text) || text === '') return undefined; // the code line, a caret line
      const frames = this.python;
      this.python = undefined;
      if (PYTHON_START.test(text)) {
        this.python = [];
        return undefined;
      }
      return PYTHON_EXCEPTION.test(text) ? this.problem(frames, text.trim()) : undefined;
    }
    // A SyntaxError in the file Python runs has no "Traceback" header: its report starts at the frame line.
    const syntaxFrame = PYTHON_START.test(text) ? undefined : PYTHON_SYNTAX_FRAME.exec(text);
    if (PYTHON_START.test(text) || syntaxFrame) {
      const pending = this.flushNode();
      this.python = syntaxFrame ? [{ file: syntaxFrame[1], line: Number(syntaxFrame[2]) }] : [];
      return pending;
    }
    if (this.node) {
      const frame = NODE_FRAME.exec(text);
      if (frame) {
        this.node.frames.push({ file: frame[1].replace(/^file:\/\//, ''), line: Number(frame[2]) });
        return undefined;
      }
      // Between the error and its frames Node may print more ("Require stack:", "- /x/server.js"): skip those.
      if (this.node.frames.length === 0 && !NODE_TRACE_END.test(text) && this.node.skipped++ < 20) return undefined;
      const done = this.flushNode();
      if (done) return done;
    }
    const nodeError = NODE_ERROR.exec(text);
    if (nodeError) this.node = { message: nodeError[1].trim(), frames: [], skipped: 0 };
    return undefined;
  }

  /** Whether the last line belonged to a stack trace (its frames echo source lines, which may hold any text). */
  get inTrace(): boolean {
    return this.python !== undefined || this.node !== undefined;
  }

  /** At process exit: a trace still open (Node's last frame) becomes a problem. */
  flush(): TracebackProblem | undefined {
    this.python = undefined;
    return this.flushNode();
  }

  private flushNode(): TracebackProblem | undefined {
    const node = this.node;
    this.node = undefined;
    if (!node) return undefined;
    // Node lists the innermost frame first: the first frame in the server file is the most relevant.
    return this.problem([...node.frames].reverse(), node.message);
  }

  /** Frames are outermost first. */
  private problem(frames: Frame[], message: string): TracebackProblem | undefined {
    const same = (file: string) => normalize(file) === normalize(this.serverFile);
    const own = [...frames].reverse().find((f) => same(f.file));
    const user = [...frames].reverse().find((f) => !isLibraryFile(f.file));
    const chosen = own ?? user;
    if (!chosen) return { file: this.serverFile, line: this.fallbackLine, message };
    return { file: chosen.file, line: chosen.line, message };
  }
}

function isLibraryFile(file: string): boolean {
  return (
    /^node:|^internal\/|<frozen |^<|[\\/]node_modules[\\/]|[\\/]site-packages[\\/]|[\\/]dist-packages[\\/]/.test(file) ||
    /[\\/]lib[\\/]python\d/.test(file)
  );
}

function normalize(file: string): string {
  return file.replace(/\\/g, '/').replace(/\/+/g, '/').toLowerCase();
}
