/** The text typed JSON is read from: a position, whitespace, what stands here for a message, one-line problems. */
import * as l10n from '@vscode/l10n';

/** Deepest nesting read (the hprose reader's bound too); deeper text is refused rather than overflowing the stack. */
export const MAX_TYPED_JSON_DEPTH = 512;

/**
 * Why the text could not be read, and where (offset and length of the offending text, in UTF-16 code units).
 * `syntax`: the text is not JSON at all. `value`: it is JSON, but says something typed JSON cannot send
 * (an integer beyond 64 bits, a double overflowing to Infinity, a duplicate key, too deep).
 */
export interface TypedJsonProblem {
  kind: 'syntax' | 'value';
  reason: string;
  offset: number;
  length: number;
}

/** Thrown inside the reader; readTypedJson turns it into its result. */
export class TypedJsonFailure extends Error {
  constructor(readonly problem: TypedJsonProblem) {
    super(problem.reason);
  }
}

export class TypedJsonText {
  pos = 0;
  text = '';

  /** Reads `text` from its start; start('') lets go of the last text. */
  start(text: string): void {
    this.pos = 0;
    this.text = text;
  }

  fail(kind: TypedJsonProblem['kind'], reason: string, offset: number, length = 1): never {
    throw new TypedJsonFailure({ kind, reason, offset, length });
  }

  skipSpace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    this.pos = pos;
  }

  /** The character at pos for a message: 'x', or "the end of the text". */
  describeHere(): string {
    if (this.pos >= this.text.length) return l10n.t('end of the text');
    const c = this.text.codePointAt(this.pos)!;
    const char = String.fromCodePoint(c);
    // Invisible characters (controls, no-break space, a byte order mark...) by their code.
    return c < 0x20 || (c !== 0x20 && /^[\s\u200b]$/.test(char)) ? l10n.t('character U+{0}', hex4(c)) : `'${char}'`;
  }
}

/** Text for a message: at most 40 characters. */
export function shorten(text: string): string {
  return text.length > 40 ? text.slice(0, 37) + '…' : text;
}

export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

export function hex4(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, '0');
}
