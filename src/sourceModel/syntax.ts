/** What the Python and JavaScript readers share: positions, tree walking, time-sliced parsing, registration order. */
import { l10n } from './messages';
import type { Parser, SyntaxNode, Tree } from '@lezer/common';
import type { Protocol } from '../core/types';
import type {
  ServerFramework,
  ServerSourceModel,
  SourceDefinition,
  SourceFunction,
  SourceLanguage,
  SourceLocation,
  SourceNote,
  SourceParam,
} from './model';

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

/** The nearest ancestor (not the node itself) whose type is one of `names`. */
export function ancestor(node: SyntaxNode, names: ReadonlySet<string>): SyntaxNode | undefined {
  for (let up = node.parent; up; up = up.parent) if (names.has(up.name)) return up;
  return undefined;
}

/**
 * Of the bindings of a name in one scope, the one a reference at `offset` sees: the last one before it, else (a
 * function body's name used before its assignment, seen when the function runs later) the first one.
 */
export function bindingSeenAt<B extends { at: number }>(bindings: B[] | undefined, offset: number): B | undefined {
  if (!bindings?.length) return undefined;
  const before = bindings.filter((b) => b.at < offset);
  return before.length ? before[before.length - 1] : bindings[0];
}

/** Adds `binding` to the bindings of `name`. */
export function addBinding<B>(bindings: Map<string, B[]>, name: string, binding: B): void {
  const list = bindings.get(name);
  if (list) list.push(binding);
  else bindings.set(name, [binding]);
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

export function isPort(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n < 65536;
}

/** A number literal's port (`8_080` included). */
export function portOfNumber(literal: string): PortValue {
  const n = Number(literal.replace(/_/g, ''));
  return isPort(n) ? { port: n } : {};
}

/** A string's port: its value is digits only. */
export function portOfString(value: string | undefined): PortValue {
  const digits = value?.trim();
  return digits && /^\d+$/.test(digits) && isPort(Number(digits)) ? { port: Number(digits) } : {};
}

/** A port read from source: the literal (or default) port, and the environment variable that overrides it. */
export interface PortValue {
  port?: number;
  portEnv?: string;
}

/** `a or b`, `a || b`, `a ?? b`, `a if c else b`: the environment variable of either, the port of the fallback first. */
export function eitherPort(first: PortValue, second: PortValue): PortValue {
  const port = second.port ?? first.port;
  const portEnv = first.portEnv ?? second.portEnv;
  return { ...(port !== undefined ? { port } : {}), ...(portEnv ? { portEnv } : {}) };
}

/** A registration as read, before duplicates are merged: `at` orders it (source offset). */
export interface Registered extends SourceFunction {
  at: number;
}

/** What a reader could tell of a registered function; each field absent when it cannot be told. */
export interface FunctionFacts {
  definition?: SourceDefinition;
  params?: SourceParam[];
  returns?: string;
  doc?: string;
}

/** The registration of `fn` under `name` by the call (or decorator) `at`. */
export function registrationOf(source: SourceFile, at: SyntaxNode, registration: string, name: string, fn: FunctionFacts, unlisted = false): Registered {
  return {
    name,
    registration,
    registeredAt: source.at(at.from),
    ...(fn.definition ? { definition: fn.definition } : {}),
    ...(fn.params ? { params: fn.params } : {}),
    ...(fn.returns !== undefined ? { returns: fn.returns } : {}),
    ...(fn.doc !== undefined ? { doc: fn.doc } : {}),
    ...(unlisted ? { unlisted: true as const } : {}),
    at: at.from,
  };
}

/** The libraries a file was found to use, with the markers that showed them. */
export interface DetectedFrameworks {
  frameworks: ServerFramework[];
  markers: string[];
  protocol?: Protocol;
}

/** A reader's findings as the model: syntax errors counted (the first one noted first), registrations merged. */
export function modelOf(
  source: SourceFile,
  tree: Tree,
  language: SourceLanguage,
  found: {
    detected: DetectedFrameworks;
    address: { host?: string; port?: number; portEnv?: string };
    registered: Registered[];
    names: 'exact' | 'case-insensitive-first' | 'case-insensitive-last';
    notes: SourceNote[];
  },
): ServerSourceModel {
  const { detected, notes } = found;
  const errors = syntaxErrorsOf(tree, source);
  if (errors.note) notes.unshift(errors.note);
  return {
    file: source.file,
    language,
    isServer: detected.markers.length > 0,
    frameworks: detected.frameworks,
    ...(detected.protocol ? { protocol: detected.protocol } : {}),
    markers: detected.markers,
    ...found.address,
    functions: mergeRegistrations(found.registered, found.names),
    notes,
    syntaxErrors: errors.count,
  };
}

/**
 * One entry per remote name, in order of first registration; a later registration of the same name replaces the
 * function (as a server's method table does). hprose matches names case-insensitively: Node keeps the first
 * spelling, Python the last.
 */
export function mergeRegistrations(items: Registered[], names: 'exact' | 'case-insensitive-first' | 'case-insensitive-last'): SourceFunction[] {
  const sorted = [...items].sort((a, b) => a.at - b.at);
  const byKey = new Map<string, { index: number; spelling: string }>();
  const out: SourceFunction[] = [];
  for (const { at: _at, ...item } of sorted) {
    const key = names === 'exact' ? item.name : item.name.toLowerCase();
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { index: out.length, spelling: item.name });
      out.push(item);
      continue;
    }
    const spelling = names === 'case-insensitive-first' ? seen.spelling : item.name;
    seen.spelling = spelling;
    out[seen.index] = { ...item, name: spelling };
  }
  return out;
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
