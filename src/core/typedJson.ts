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
import type { TypedValue } from './types';
import { TypedJsonReader } from './typedJsonReader';
import { TypedJsonFailure, type TypedJsonProblem } from './typedJsonText';

export { MAX_TYPED_JSON_DEPTH, type TypedJsonProblem } from './typedJsonText';

export type TypedJsonRead = { ok: true; value: TypedValue } | { ok: false; problem: TypedJsonProblem };

/** A list of values separated by commas, without brackets (what the argument box holds). */
export type TypedJsonListRead =
  | { ok: true; values: TypedValue[] }
  /** `index`: 1-based index of the value being read; `valueOffset`: where that value starts. */
  | { ok: false; problem: TypedJsonProblem; index: number; valueOffset: number };

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
    if (e instanceof TypedJsonFailure) return { ok: false, problem: e.problem };
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
    if (e instanceof TypedJsonFailure) return { ok: false, problem: e.problem, index: values.length + 1, valueOffset };
    throw e;
  } finally {
    reader.start('');
  }
}

/**
 * The one reader (a read is synchronous and never nested): V8 forgets the shape of objects no live object has at the
 * next GC, and the optimized code made for it; a reader per read would start every read after a GC unoptimized.
 */
const reader = new TypedJsonReader();

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
