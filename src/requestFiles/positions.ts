/**
 * Positions and tokens: offsets ↔ line/character, and the lazy tokens and ranges the parser makes (their text and
 * positions are computed when read).
 */
import { keepShape } from '../core/keptShapes';
import type { TypedValue } from '../core/types';
import type { Directive, Header, JsonTemplate, ParsedRequestFile, PathSegment, Position, Range, Reference, Token } from './types';

/** The references of a text without any (shared: never added to). */
export const NO_REFERENCES: Reference[] = Object.freeze([]) as unknown as Reference[];
export const NO_DIRECTIVES: Directive[] = Object.freeze([]) as unknown as Directive[];
export const NO_HEADERS: Header[] = Object.freeze([]) as unknown as Header[];
export const NO_TOKENS: Token[] = Object.freeze([]) as unknown as Token[];
export const NO_PATH: PathSegment[] = Object.freeze([]) as unknown as PathSegment[];

/**
 * A list as kept in the result: the shared empty one, or an exact-size copy (an array grown by push keeps room for
 * 16 more items; a 5,000-call file keeps ~50,000 lists).
 */
export function fit<T>(list: T[], empty: T[]): T[] {
  return list.length === 0 ? empty : list.slice();
}

/**
 * A token as the parser makes it: offsets only, its text and range computed when read (a 5,000-call file makes
 * ~85,000 tokens, most of them never read).
 */
export class SourceToken implements Token {
  readonly #file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>;

  constructor(file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>, readonly offset: number, readonly end: number) {
    this.#file = file;
  }

  get text(): string {
    return this.#file.text.slice(this.offset, this.end);
  }

  get range(): Range {
    return { start: positionAt(this.#file, this.offset), end: positionAt(this.#file, this.end) };
  }

  /** Another token of the same file. */
  tokenAt(offset: number, end: number): Token {
    return new SourceToken(this.#file, offset, end);
  }
}

/** A range whose positions are computed when asked. */
export class SourceRange implements Range {
  readonly #file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>;
  #from: number;
  #to: number;

  constructor(file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>, from: number, to: number) {
    this.#file = file;
    this.#from = from;
    this.#to = to;
  }

  get start(): Position {
    return positionAt(this.#file, this.#from);
  }

  get end(): Position {
    return positionAt(this.#file, this.#to);
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/** `{{…}}` as the parser makes it; its name's token is made when read (most never are). */
export class SourceReference extends SourceToken implements Reference {
  readonly #nameOffset: number;
  readonly #nameEnd: number;

  constructor(
    file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>,
    offset: number,
    end: number,
    readonly kind: Reference['kind'],
    readonly name: string,
    nameOffset: number,
    readonly path: PathSegment[],
    readonly inString: boolean,
  ) {
    super(file, offset, end);
    this.#nameOffset = nameOffset;
    this.#nameEnd = nameOffset + name.length;
  }

  get nameToken(): Token {
    return this.tokenAt(this.#nameOffset, this.#nameEnd);
  }
}

/**
 * Typed JSON with references, as the parser makes it: its top-level items are kept as offsets, their tokens made
 * when read.
 */
export class SourceJsonTemplate implements JsonTemplate {
  readonly #token: SourceToken;
  /** Start and end of each item, in turn. */
  readonly #itemBounds: number[];
  values?: TypedValue[] = undefined;
  valid = false;

  constructor(
    readonly token: SourceToken,
    readonly source: string,
    readonly references: Reference[],
    itemBounds: number[],
  ) {
    this.#token = token;
    this.#itemBounds = itemBounds;
  }

  get items(): Token[] {
    const bounds = this.#itemBounds;
    if (bounds.length === 0) return NO_TOKENS;
    const items: Token[] = new Array<Token>(bounds.length >> 1);
    for (let k = 0; k < items.length; k++) items[k] = this.#token.tokenAt(bounds[2 * k], bounds[2 * k + 1]);
    return items;
  }
}

/** The position of an offset (binary search over the line starts). */
export function positionAt(file: Pick<ParsedRequestFile, 'lineStarts'>, offset: number): Position {
  const starts = file.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low] };
}

/** The offset of a position (clamped to the text). */
export function offsetAt(file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>, position: Position): number {
  const line = Math.min(Math.max(position.line, 0), file.lineStarts.length - 1);
  return Math.min(file.lineStarts[line] + Math.max(position.character, 0), file.text.length);
}

/** Offset of the first `{{` (c 0x7b) or `}}` (0x7d) in [from, to), -1 when none: a search that stops at `to`. */
export function pairAt(text: string, c: number, from: number, to: number): number {
  for (let i = from; i + 1 < to; i++) {
    if (text.charCodeAt(i) === c && text.charCodeAt(i + 1) === c) return i;
  }
  return -1;
}

/** Whether a character code is whitespace as /\s/ says (without a regular expression and a one-character string). */
export function isBlank(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** End of [from, to) without its trailing whitespace (as trimEnd, without copying the text). */
export function trimmedEnd(text: string, from: number, to: number): number {
  while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
  return to;
}

const NO_FILE: Pick<ParsedRequestFile, 'lineStarts' | 'text'> = { text: '', lineStarts: [0] };
keepShape(new SourceToken(NO_FILE, 0, 0));
keepShape(new SourceRange(NO_FILE, 0, 0));
keepShape(new SourceReference(NO_FILE, 0, 0, 'variable', '', 0, NO_PATH, false));
keepShape(new SourceJsonTemplate(new SourceToken(NO_FILE, 0, 0), '', NO_REFERENCES, []));
