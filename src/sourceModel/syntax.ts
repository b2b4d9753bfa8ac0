/** The syntax tree as the readers use it: positions, tree walking, time-sliced parsing, syntax errors, doc text. */
import { l10n } from './messages';
import type { Parser, SyntaxNode, Tree } from '@lezer/common';
import type { SourceLocation, SourceNote } from './model';

/** The scanned text with its line starts, for 1-based locations. */
export class SourceFile {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  of(node: SyntaxNode | null | undefined): string {
    return node ? this.text.slice(node.from, node.to) : '';
  }

  /** A note placed at the start of `node`. */
  noteAt(node: SyntaxNode, message: string): SourceNote {
    const { line, column } = this.at(node.from);
    return { line, column, message };
  }

  at(offset: number): SourceLocation {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { file: this.file, line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }
}

export function childrenOf(node: SyntaxNode | null | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node?.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

export function isInside(node: SyntaxNode, container: SyntaxNode): boolean {
  return node.from >= container.from && node.to <= container.to;
}

/** How long one parse step may hold the thread before the scan yields to the event loop. */
const SLICE_MS = 8;

/** Parses in slices so that a large file does not block the extension host for the whole parse. */
export async function parseInSlices(parser: Parser, text: string): Promise<Tree> {
  const parse = parser.startParse(text);
  let sliceStart = Date.now();
  for (;;) {
    const tree = parse.advance();
    if (tree) return tree;
    if (Date.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
  }
}

/** The error nodes of a tree: how many, and a note for the first one. */
export function syntaxErrorsOf(tree: Tree, source: SourceFile): { count: number; note?: SourceNote } {
  let count = 0;
  let first: number | undefined;
  tree.iterate({
    enter(ref) {
      if (!ref.type.isError) return;
      count++;
      first ??= ref.from;
    },
  });
  if (first === undefined) return { count };
  const { line, column } = source.at(first);
  return { count, note: { line, column, message: l10n.t('syntax error: the scan continues with what the parser recovered') } };
}

/** Removes a doc comment's common indentation and its blank first and last lines (Python's `inspect.cleandoc`). */
export function cleanDoc(text: string): string {
  const lines = text.replace(/\t/g, '        ').split(/\r?\n/);
  let margin = Infinity;
  for (const line of lines.slice(1)) {
    const content = line.trimStart();
    if (content) margin = Math.min(margin, line.length - content.length);
  }
  lines[0] = lines[0].trimStart();
  if (margin < Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i].slice(margin);
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  while (lines.length && !lines[0].trim()) lines.shift();
  return lines.join('\n');
}
