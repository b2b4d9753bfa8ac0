/**
 * What the line readers (directives, definitions, CALL and header lines) are given: the line being read, and the
 * parser as a scan context that can also warn. A file of its own so that the readers need not import the parser.
 */
import type { ScanContext } from './references';
import type { Diagnostic, Severity } from './types';

/** One line of the file, as the parser found it. */
export interface Line {
  index: number;
  start: number;
  /** End of the content (before `\r\n` / `\n`). */
  end: number;
  /** Offset of the first non-blank character (== end for a blank line). */
  first: number;
  /** End of the run of letters at `first` (the keyword, if any). */
  wordEnd: number;
}

export interface LineContext extends ScanContext {
  readonly diagnostics: Diagnostic[];
  report(severity: Severity, message: string, offset: number, end?: number): void;
}
