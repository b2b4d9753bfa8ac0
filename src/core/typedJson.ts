/**
 * The typed JSON reader: what users type (CLI arguments, the argument box, call history, settings, request files)
 * read into TypedValue without losing what JSON.parse throws away. A number keeps the type its text says:
 *   integer literal (no `.`, no exponent): a number while it is a safe integer (the codecs send int32 as int and
 *     larger safe integers as i8), {"$i8": "digits"} up to the signed 64-bit range, else an error;
 *   literal with `.` or an exponent: a double, {"$double": n} when n is integral (`1.0`, `2e3`) so it is not sent
 *     as an int; an overflow to Infinity is an error.
 * Strict JSON otherwise (RFC 8259), plus: a duplicate key is refused (JSON.parse would silently keep the last one),
 * and nesting is bounded (an error, not a stack overflow). One pass, no backtracking: linear in the text.
 */
import * as l10n from '@vscode/l10n';
import type { TypedStruct, TypedValue } from './types';

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

export type TypedJsonRead = { ok: true; value: TypedValue } | { ok: false; problem: TypedJsonProblem };

/** A list of values separated by commas, without brackets (what the argument box holds). */
export type TypedJsonListRead =
  | { ok: true; values: TypedValue[] }
  /** `index`: 1-based index of the value being read; `valueOffset`: where that value starts. */
  | { ok: false; problem: TypedJsonProblem; index: number; valueOffset: number };

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

class Problem extends Error {
  constructor(readonly problem: TypedJsonProblem) {
    super(problem.reason);
  }
}

/** Reads exactly one value; surrounding whitespace is allowed, anything else after it is an error. */
export function readTypedJson(text: string): TypedJsonRead {
  reader.start(text);
  try {
    reader.skipSpace();
    const value = reader.value(0);
    reader.skipSpace();
    if (reader.pos < text.length) reader.fail('syntax', l10n.t('unexpected {0} after the value', reader.describeHere()), reader.pos);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof Problem) return { ok: false, problem: e.problem };
    throw e;
  } finally {
    reader.start('');
  }
}

/** Reads `v1, v2, …` (no brackets). Blank text is an empty list; a trailing comma is refused. */
export function readTypedJsonList(text: string): TypedJsonListRead {
  reader.start(text);
  const values: TypedValue[] = [];
  let valueOffset = 0;
  try {
    reader.skipSpace();
    if (reader.pos >= text.length) return { ok: true, values };
    for (;;) {
      valueOffset = reader.pos;
      values.push(reader.value(0));
      reader.skipSpace();
      if (reader.pos >= text.length) return { ok: true, values };
      if (text.charCodeAt(reader.pos) !== 0x2c /* , */) {
        reader.fail('syntax', l10n.t('unexpected {0} after argument {1}: separate arguments with \',\'', reader.describeHere(), values.length), reader.pos);
      }
      const comma = reader.pos++;
      reader.skipSpace();
      if (reader.pos >= text.length) reader.fail('syntax', l10n.t("a trailing comma is not JSON: remove the last ','"), comma);
    }
  } catch (e) {
    if (e instanceof Problem) return { ok: false, problem: e.problem, index: values.length + 1, valueOffset };
    throw e;
  } finally {
    reader.start('');
  }
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Up to 10 characters either side of an offset, whitespace runs shown as one space. */
export function textNear(text: string, offset: number): string {
  return text.slice(Math.max(0, offset - 10), offset + 10).replace(/\s+/g, ' ');
}

class Reader {
  pos = 0;
  text = '';

  /** Reads `text` from its start; start('') lets go of the last text. */
  start(text: string): void {
    this.pos = 0;
    this.text = text;
  }

  fail(kind: TypedJsonProblem['kind'], reason: string, offset: number, length = 1): never {
    throw new Problem({ kind, reason, offset, length });
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

  value(depth: number): TypedValue {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    switch (c) {
      case 0x22 /* " */:
        return this.string();
      case 0x7b /* { */:
        return this.object(depth + 1);
      case 0x5b /* [ */:
        return this.array(depth + 1);
      case 0x74 /* t */:
        return this.word('true', true);
      case 0x66 /* f */:
        return this.word('false', false);
      case 0x6e /* n */:
        return this.word('null', null);
      default:
        if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.unexpectedValue();
    }
  }

  private unexpectedValue(): never {
    const start = this.pos;
    if (start >= this.text.length) this.fail('syntax', l10n.t('the text ends where a value was expected'), start, 0);
    const c = this.text.charCodeAt(start);
    if (c === 0x27 /* ' */) this.fail('syntax', l10n.t('strings need double quotes ("…"), not single quotes'), start);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(start, start + 40))?.[0];
    if (word === 'NaN' || word === 'Infinity') {
      this.fail('syntax', l10n.t('{0} is not JSON: write {1}', word, `{"$double": "${word}"}`), start, word.length);
    }
    if (word === 'True' || word === 'False' || word === 'None' || word === 'TRUE' || word === 'FALSE' || word === 'NULL' || word === 'Null') {
      this.fail('syntax', l10n.t('{0} is not JSON: write true, false or null in lower case', word), start, word.length);
    }
    if (word !== undefined) this.fail('syntax', l10n.t('unexpected word {0}: strings need double quotes ("{0}")', word), start, word.length);
    if (c === 0x2c || c === 0x5d || c === 0x7d) this.fail('syntax', l10n.t('unexpected \'{0}\': a value is missing before it', this.text[start]), start);
    this.fail('syntax', l10n.t('unexpected {0}: expected a value (string, number, object, array, true, false or null)', this.describeHere()), start);
  }

  private word(word: string, value: TypedValue): TypedValue {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.unexpectedValue();
  }

  /**
   * `typed`: the literal's own type (see the header). `double`: the number as a double, as read by Number().
   * `i8`: an integer literal as a number while safe, else its digits (the $i8 check judges the range).
   */
  private number(mode: 'typed' | 'double' | 'i8' = 'typed'): TypedValue {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === 0x2d) pos++;
    const intStart = pos;
    let c = text.charCodeAt(pos);
    if (!(c >= 0x30 && c <= 0x39)) {
      if (text.startsWith('Infinity', pos)) this.fail('syntax', l10n.t('{0} is not JSON: write {1}', '-Infinity', '{"$double": "-Infinity"}'), start, 9);
      this.fail('syntax', l10n.t("'-' must be followed by a digit"), pos);
    }
    // The integer part's value as it is read: exact for up to 15 digits, which spares most numbers a slice.
    let small = 0;
    while (c >= 0x30 && c <= 0x39) {
      small = small * 10 + (c - 0x30);
      c = text.charCodeAt(++pos);
    }
    if (text.charCodeAt(intStart) === 0x30 && pos - intStart > 1) {
      this.fail('syntax', l10n.t('a number cannot have leading zeros (to keep them, send a string: "…")'), start, pos - start);
    }
    const intDigits = pos - intStart;
    let isDouble = false;
    let fractionDigits = 0;
    if (c === 0x2e /* . */) {
      isDouble = true;
      c = text.charCodeAt(++pos);
      if (!(c >= 0x30 && c <= 0x39)) this.fail('syntax', l10n.t('a digit must follow the decimal point'), pos);
      while (c >= 0x30 && c <= 0x39) {
        small = small * 10 + (c - 0x30);
        fractionDigits++;
        c = text.charCodeAt(++pos);
      }
    }
    let exponent = 0;
    if (c === 0x65 || c === 0x45 /* e E */) {
      isDouble = true;
      c = text.charCodeAt(++pos);
      let sign = 1;
      if (c === 0x2b || c === 0x2d) {
        if (c === 0x2d) sign = -1;
        c = text.charCodeAt(++pos);
      }
      if (!(c >= 0x30 && c <= 0x39)) this.fail('syntax', l10n.t('a digit must follow the exponent'), pos);
      while (c >= 0x30 && c <= 0x39) {
        if (exponent < 100000) exponent = exponent * 10 + (c - 0x30);
        c = text.charCodeAt(++pos);
      }
      exponent *= sign;
    }
    this.pos = pos;
    const negative = intStart !== start;
    if (intDigits + fractionDigits <= 15) {
      if (!isDouble) return negative && small !== 0 ? -small : small; // -0 is the integer 0
      // Clinger's fast path: an exact mantissa below 10^15 times an exact power of ten, rounded once, is
      // exactly what Number() gives, without slicing the text.
      const scale = exponent - fractionDigits;
      if (scale >= -22 && scale <= 22) {
        const magnitude = scale < 0 ? small / POW10[-scale] : small * POW10[scale];
        const n = negative ? -magnitude : magnitude;
        return mode === 'typed' && Number.isInteger(n) ? { $double: n } : n;
      }
    }
    const lexeme = text.slice(start, pos);
    if (!isDouble && mode === 'typed') {
      // 16 digits or more. Digit strings of one length compare as their numbers do: no Number(), no BigInt.
      const digits = intStart === start ? lexeme : lexeme.slice(1);
      if (intDigits === 16 && digits <= '9007199254740991') return Number(lexeme);
      if (intDigits > 19 || (intDigits === 19 && digits > (negative ? '9223372036854775808' : '9223372036854775807'))) {
        const shown = shorten(lexeme);
        const reason =
          shown === lexeme
            ? l10n.t('{0} is beyond the signed 64-bit integer range; send it as a string ("{0}") or as a double ({1})', lexeme, `{"$double": ${lexeme}}`)
            : l10n.t('{0} is beyond the signed 64-bit integer range; send it as a string or as {1}', shown, '{"$double": …}');
        this.fail('value', reason, start, pos - start);
      }
      return { $i8: lexeme };
    }
    const n = Number(lexeme);
    if (mode === 'i8' && !isDouble) return Number.isSafeInteger(n) ? n : lexeme;
    if (!Number.isFinite(n)) {
      this.fail('value', l10n.t('{0} is beyond the range of a double; to send infinity write {1}', shorten(lexeme), `{"$double": "${n > 0 ? 'Infinity' : '-Infinity'}"}`), start, pos - start);
    }
    // An integral double keeps its type: a plain 1 would be sent as an int.
    return mode === 'typed' && Number.isInteger(n) ? { $double: n } : n;
  }

  /** A string: checked here (for the error positions), decoded by JSON.parse when it holds escapes (native, linear). */
  private string(): string {
    const text = this.text;
    const open = this.pos;
    let pos = open + 1;
    let escapes = false;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return escapes ? (JSON.parse(text.slice(open, pos + 1)) as string) : text.slice(open + 1, pos);
      }
      if (c === 0x5c /* \ */) {
        escapes = true;
        pos = this.escapeEnd(pos);
        continue;
      }
      if (c < 0x20 || Number.isNaN(c)) {
        if (Number.isNaN(c)) this.fail('syntax', l10n.t('the string that starts here is not closed with "'), open);
        this.fail('syntax', l10n.t('a control character (U+{0}) inside a string must be written as an escape{1}', hex4(c), c === 0x0a ? ' (\\n)' : c === 0x09 ? ' (\\t)' : ''), pos);
      }
      pos++;
    }
  }

  /**
   * Checks the escape at `at` (a backslash) and returns the offset after it. Lone surrogates (\ud800) are kept,
   * as JSON.parse keeps them (JSON-RPC can send them escaped).
   */
  private escapeEnd(at: number): number {
    const text = this.text;
    const c = text.charCodeAt(at + 1);
    switch (c) {
      case 0x22: case 0x5c: case 0x2f: case 0x62: case 0x66: case 0x6e: case 0x72: case 0x74: // " \ / b f n r t
        return at + 2;
      case 0x75 /* u */:
        for (let i = at + 2; i < at + 6; i++) {
          if (hexValue(text.charCodeAt(i)) < 0) this.fail('syntax', l10n.t('\\u must be followed by four hex digits'), at, Math.min(6, text.length - at));
        }
        return at + 6;
      default:
        if (Number.isNaN(c)) this.fail('syntax', l10n.t('the text ends inside an escape'), at);
        this.fail('syntax', l10n.t('unknown escape \\{0} (JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', String.fromCodePoint(text.codePointAt(at + 1)!)), at, 2);
    }
  }

  private array(depth: number): TypedValue[] {
    const open = this.pos;
    if (depth > MAX_TYPED_JSON_DEPTH) this.fail('value', l10n.t('nested more than {0} levels deep', MAX_TYPED_JSON_DEPTH), open);
    const text = this.text;
    const items: TypedValue[] = [];
    this.pos++;
    this.skipSpace();
    if (text.charCodeAt(this.pos) === 0x5d /* ] */) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth));
      this.skipSpace();
      const c = text.charCodeAt(this.pos);
      if (c === 0x5d) {
        this.pos++;
        return items;
      }
      if (c !== 0x2c) {
        if (Number.isNaN(c)) this.fail('syntax', l10n.t("the array that starts here is not closed with ']'"), open);
        this.fail('syntax', l10n.t("unexpected {0} in an array: expected ',' or ']'", this.describeHere()), this.pos);
      }
      const comma = this.pos++;
      this.skipSpace();
      if (text.charCodeAt(this.pos) === 0x5d) this.fail('syntax', l10n.t("a trailing comma is not JSON: remove the ',' before ']'"), comma);
    }
  }

  private object(depth: number): TypedStruct {
    const open = this.pos;
    if (depth > MAX_TYPED_JSON_DEPTH) this.fail('value', l10n.t('nested more than {0} levels deep', MAX_TYPED_JSON_DEPTH), open);
    const text = this.text;
    const struct: TypedStruct = {};
    this.pos++;
    this.skipSpace();
    if (text.charCodeAt(this.pos) === 0x7d /* } */) {
      this.pos++;
      return struct;
    }
    for (;;) {
      const keyAt = this.pos;
      const k = text.charCodeAt(keyAt);
      if (k !== 0x22) {
        if (Number.isNaN(k)) this.fail('syntax', l10n.t("the object that starts here is not closed with '}'"), open);
        const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(keyAt, keyAt + 40))?.[0];
        if (word !== undefined) this.fail('syntax', l10n.t('a key needs double quotes: "{0}"', word), keyAt, word.length);
        this.fail('syntax', l10n.t('unexpected {0} in an object: expected a key in double quotes', this.describeHere()), keyAt);
      }
      const key = this.string();
      const keyLength = this.pos - keyAt;
      this.skipSpace();
      if (text.charCodeAt(this.pos) !== 0x3a /* : */) this.fail('syntax', l10n.t("unexpected {0}: expected ':' after the key {1}", this.describeHere(), shorten(JSON.stringify(key))), this.pos);
      this.pos++;
      this.skipSpace();
      // Inside {"$double": …} a number is that double and inside {"$i8": …} that integer, whatever its text.
      const c0 = text.charCodeAt(this.pos);
      const isNumber = c0 === 0x2d || (c0 >= 0x30 && c0 <= 0x39);
      const value = isNumber && key === '$double' ? this.number('double') : isNumber && key === '$i8' ? this.number('i8') : this.value(depth);
      // A value is never undefined, so the plain lookup settles almost every key; inherited names (toString) ask further.
      if (struct[key] !== undefined && Object.prototype.hasOwnProperty.call(struct, key)) {
        this.fail('value', l10n.t('the key {0} appears twice in one object', shorten(JSON.stringify(key))), keyAt, keyLength);
      }
      // An own "__proto__" key, as JSON.parse makes it (plain assignment would set the prototype).
      if (key === '__proto__') Object.defineProperty(struct, key, { value, enumerable: true, writable: true, configurable: true });
      else struct[key] = value;
      this.skipSpace();
      const c = text.charCodeAt(this.pos);
      if (c === 0x7d) {
        this.pos++;
        return struct;
      }
      if (c !== 0x2c) {
        if (Number.isNaN(c)) this.fail('syntax', l10n.t("the object that starts here is not closed with '}'"), open);
        this.fail('syntax', l10n.t("unexpected {0} in an object: expected ',' or '}' after the value of {1}", this.describeHere(), shorten(JSON.stringify(key))), this.pos);
      }
      const comma = this.pos++;
      this.skipSpace();
      if (text.charCodeAt(this.pos) === 0x7d) this.fail('syntax', l10n.t("a trailing comma is not JSON: remove the ',' before '}'"), comma);
    }
  }
}

/**
 * The one reader (a read is synchronous and never nested): V8 forgets the shape of objects no live object has at the
 * next GC, and the optimized code made for it; a reader per read would start every read after a GC unoptimized.
 */
const reader = new Reader();

/** Text for a message: at most 40 characters. */
function shorten(text: string): string {
  return text.length > 40 ? text.slice(0, 37) + '…' : text;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function hex4(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, '0');
}
