/** Output of a server process as whole lines, per stream (pure, no vscode). */

/** The longest partial line kept while waiting for its end (a server printing without newlines). */
const MAX_PENDING_LINE = 64 * 1024;

/** Splits a stream's decoded text into lines; a partial last line waits for the next chunk. */
export class OutputLineSplitter {
  private pending = '';

  constructor(private readonly maxPending = MAX_PENDING_LINE) {}

  /** The lines `text` completes, without their line ends. */
  push(text: string): string[] {
    const lines = (this.pending + text).split('\n').map((line) => line.replace(/\r$/, ''));
    this.pending = lines.pop() ?? '';
    if (this.pending.length > this.maxPending) {
      lines.push(this.pending);
      this.pending = '';
    }
    return lines;
  }

  /** At the end of the stream: the unfinished last line, if any. */
  end(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest ? [rest] : [];
  }
}
