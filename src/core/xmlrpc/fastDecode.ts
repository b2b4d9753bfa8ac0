/**
 * The fast path of XML-RPC decoding: a scanner for the canonical shape every XML-RPC server writes (elements and
 * text only: no attributes, comments, CDATA or processing instructions after the declaration). It jumps from `<` to
 * `<` with indexOf and builds typed JSON directly, without an intermediate tree — several times faster than
 * fast-xml-parser (which appends text one character at a time) and with memory close to the result's own size.
 *
 * Anything outside that shape returns FALLBACK, and decode.ts hands the document to fast-xml-parser, which copes
 * with all of XML (and reports what is wrong). So the scanner never has to be lenient: on any doubt, it defers.
 */
import { RpcFault } from '../errors';
import type { TypedStruct, TypedValue } from '../types';
import { doubleValue, integerFromText } from '../values';
import { DEFER, TextReader } from './fastText';
import type { Literal } from './fastTags';
import * as T from './fastTags';

export const FALLBACK: unique symbol = Symbol('fallback');

const LT = 60; // <
const SLASH = 47; // /
const PYTHON_SPECIAL_DOUBLES: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN };
/** Exact powers of ten: a mantissa of at most 15 digits divided by one of them is rounded once, as Number() does. */
const POW10 = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));

/**
 * A struct's constructor: plain objects (Object.prototype, as `{}`), but V8 sizes a constructor's objects by what it
 * has made so far, so a record's members all sit inside the object instead of in a backing store grown on the way.
 */
const PlainObject = function PlainObject() {} as unknown as new () => TypedStruct;
(PlainObject as unknown as { prototype: object }).prototype = Object.prototype;

/** The structure scanner; the text in it is TextReader's job (fastText.ts). */
class Scanner extends TextReader {
  /** Elements of the arrays being read, copied out at each </array>: arrays of their exact size, not grown by push. */
  readonly stack: TypedValue[] = [];
  skipWhitespace(): void {
    const text = this.text;
    const length = text.length;
    let pos = this.pos;
    // Bounded: a read past the end (after the root's last newline) would deoptimize every caller it is inlined in.
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else break;
    }
    this.pos = pos;
  }

  /** Consumes `literal` (after optional whitespace) or defers. */
  expect(literal: Literal): void {
    this.skipWhitespace();
    if (!this.has(this.pos, literal)) throw DEFER;
    this.pos += literal.length;
  }

  /** Consumes `literal` (after optional whitespace) when present. */
  accept(literal: Literal): boolean {
    this.skipWhitespace();
    if (!this.has(this.pos, literal)) return false;
    this.pos += literal.length;
    return true;
  }

  /** Offset of the `<` of `close` (`</tag>`), which must be the next `<`; pos moves past `close`. */
  closeAt(close: Literal): number {
    const end = this.text.indexOf('<', this.pos);
    if (end < 0 || !this.has(end, close)) throw DEFER;
    this.pos = end + close.length;
    return end;
  }

  /**
   * Raw text up to the next `<`, which must open `close`. `ascii`: numbers and booleans, read from the scanned text
   * as is (a non-ASCII byte there fails to parse either way, and the slow path words the error).
   */
  textUntilClose(close: Literal, ascii = false): string {
    const start = this.pos;
    const end = this.closeAt(close);
    return ascii ? this.text.slice(start, end) : this.slice(start, end);
  }

  /** After `<value>`: the value and its `</value>`. */
  value(depth: number): TypedValue {
    if (depth > 100) throw DEFER;
    const text = this.text;
    const start = this.pos;
    const lt = text.indexOf('<', start);
    if (lt < 0) throw DEFER;
    if (text.charCodeAt(lt + 1) === SLASH) {
      // A bare <value>text</value>: a string, whitespace kept exactly.
      if (!this.has(lt + 1, T.VALUE_END)) throw DEFER;
      this.pos = lt + 8;
      return this.content(start, lt);
    }
    for (let i = start; i < lt; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) throw DEFER; // text mixed with an element
    }
    const result = this.typed(lt + 1, depth);
    // </value>, most often right after the type's end tag.
    if (this.has(this.pos, T.CLOSE_VALUE)) this.pos += 8;
    else this.expect(T.CLOSE_VALUE);
    return result;
  }

  /** The typed value whose tag name starts at `at` (after its `<`); the type is told by comparing characters. */
  typed(at: number, depth: number): TypedValue {
    const text = this.text;
    switch (text.charCodeAt(at)) {
      case 115 /* s */:
        if (this.has(at, T.STRING)) {
          this.pos = at + 7;
          const end = this.closeAt(T.CLOSE_STRING);
          return this.content(at + 7, end);
        }
        if (this.has(at, T.STRUCT)) {
          this.pos = at + 7;
          return this.struct(depth);
        }
        if (this.has(at, T.STRING_EMPTY)) return this.empty(at + 8, '');
        if (this.has(at, T.STRUCT_EMPTY)) return this.empty(at + 8, {});
        break;
      case 105 /* i */:
        if (this.has(at, T.INT)) return this.integer(at + 4, T.CLOSE_INT);
        if (this.has(at, T.I4)) return this.integer(at + 3, T.CLOSE_I4);
        if (this.has(at, T.I8)) return this.integer(at + 3, T.CLOSE_I8);
        break;
      case 100 /* d */:
        if (this.has(at, T.DOUBLE)) return this.double(at + 7);
        if (this.has(at, T.DATETIME_ISO8601)) {
          this.pos = at + 17;
          return { $datetime: this.trimmedContent(at + 17, this.closeAt(T.CLOSE_DATETIME_ISO8601)) };
        }
        break;
      case 98 /* b */:
        if (this.has(at, T.BOOLEAN)) {
          const c = text.charCodeAt(at + 8);
          if ((c === 48 || c === 49) && this.has(at + 9, T.CLOSE_BOOLEAN)) {
            this.pos = at + 19;
            return c === 49;
          }
          throw DEFER;
        }
        if (this.has(at, T.BASE64)) {
          this.pos = at + 7;
          return { $base64: this.base64(at + 7, this.closeAt(T.CLOSE_BASE64)) };
        }
        break;
      case 97 /* a */:
        if (this.has(at, T.ARRAY)) {
          this.pos = at + 6;
          return this.array(depth);
        }
        if (this.has(at, T.ARRAY_EMPTY)) return this.empty(at + 7, []);
        break;
      case 110 /* n */:
        if (this.has(at, T.NIL_EMPTY)) return this.empty(at + 5, null);
        if (this.has(at, T.NIL)) {
          this.pos = at + 4;
          this.textUntilClose(T.CLOSE_NIL);
          return null;
        }
        break;
    }
    throw DEFER; // ex:nil, attributes, unknown types: the slow path
  }

  private empty(after: number, value: TypedValue): TypedValue {
    this.pos = after;
    return value;
  }

  /** <int>, <i4>, <i8>: plain digits of a safe size read as they are scanned; anything else as integerFromText says. */
  private integer(start: number, close: Literal): TypedValue {
    const text = this.text;
    let pos = start;
    let c = text.charCodeAt(pos);
    const negative = c === 45; /* - */
    // One read site per loop: a read only a rare sign takes would have no type feedback and deoptimize.
    if (negative || c === 43 /* + */) pos++;
    const digitsStart = pos;
    let n = 0;
    for (; ; pos++) {
      c = text.charCodeAt(pos);
      if (!(c >= 48 && c <= 57)) break; // NaN past the end stops too
      n = n * 10 + (c - 48);
    }
    if (c === LT && pos > digitsStart && pos - digitsStart <= 15 && this.has(pos, close)) {
      this.pos = pos + close.length;
      return negative ? -n : n;
    }
    this.pos = start;
    const value = integerFromText(this.textUntilClose(close, true));
    if (value === undefined) throw DEFER; // the slow path words the error
    return value;
  }

  /** <double>: at most 15 digits with an optional fraction read exactly (one rounding); the rest by Number(). */
  private double(start: number): TypedValue {
    const text = this.text;
    let pos = start;
    let c = text.charCodeAt(pos);
    const negative = c === 45; /* - */
    if (negative || c === 43 /* + */) pos++; // see integer()
    const digitsStart = pos;
    let mantissa = 0;
    for (; ; pos++) {
      c = text.charCodeAt(pos);
      if (!(c >= 48 && c <= 57)) break; // NaN past the end stops too
      mantissa = mantissa * 10 + (c - 48);
    }
    const intDigits = pos - digitsStart;
    let fractionDigits = 0;
    if (c === 46 /* . */ && intDigits > 0) {
      for (pos++; ; pos++) {
        c = text.charCodeAt(pos);
        if (!(c >= 48 && c <= 57)) break; // NaN past the end stops too
        mantissa = mantissa * 10 + (c - 48);
        fractionDigits++;
      }
    }
    if (c === LT && intDigits > 0 && this.has(pos, T.CLOSE_DOUBLE)) {
      this.pos = pos + 9;
      if (intDigits + fractionDigits > 15) return this.longDouble(start, pos);
      const magnitude = fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits];
      const n = negative ? -magnitude : magnitude;
      return Math.floor(n) === n ? { $double: n } : n; // doubleValue() for a finite n, inline: its checks deoptimized here
    }
    return this.otherDouble(start);
  }

  /** More digits than a double holds exactly: Number() rounds them. Apart, so the common path's code stays small. */
  private longDouble(start: number, end: number): TypedValue {
    return doubleValue(Number(this.text.slice(start, end)));
  }

  /** A <double> not in plain decimal digits: spaces, exponents, Python's inf/nan, or an error for the slow path. */
  private otherDouble(start: number): TypedValue {
    this.pos = start;
    const raw = this.textUntilClose(T.CLOSE_DOUBLE, true);
    const n = Number(raw);
    if (!Number.isNaN(n) && raw.trim() !== '') return doubleValue(n);
    // Python writes repr(float): inf, -inf, nan. Other spellings and errors: the slow path.
    const special = PYTHON_SPECIAL_DOUBLES[raw];
    if (special === undefined) throw DEFER;
    return doubleValue(special);
  }

  private array(depth: number): TypedValue[] {
    const out: TypedValue[] = [];
    if (this.accept(T.DATA_EMPTY)) {
      this.expect(T.CLOSE_ARRAY);
      return out;
    }
    this.expect(T.DATA);
    const stack = this.stack;
    const mark = stack.length;
    while (this.accept(T.VALUE)) stack.push(this.value(depth + 1));
    this.expect(T.CLOSE_DATA);
    this.expect(T.CLOSE_ARRAY);
    if (stack.length === mark) return out;
    const items = stack.slice(mark);
    stack.length = mark;
    return items;
  }

  private struct(depth: number): TypedStruct {
    const out = new PlainObject();
    while (this.accept(T.MEMBER)) {
      let name: string;
      let value: TypedValue;
      if (this.accept(T.NAME)) {
        const start = this.pos;
        name = this.name(start, this.closeAt(T.CLOSE_NAME));
        this.expect(T.VALUE);
        value = this.value(depth + 1);
      } else {
        this.expect(T.VALUE);
        value = this.value(depth + 1);
        this.expect(T.NAME);
        const start = this.pos;
        name = this.name(start, this.closeAt(T.CLOSE_NAME));
      }
      if (this.has(this.pos, T.CLOSE_MEMBER)) this.pos += 9;
      else this.expect(T.CLOSE_MEMBER);
      if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      else out[name] = value;
    }
    this.expect(T.CLOSE_STRUCT);
    return out;
  }
}

/**
 * One scanner for the module's life (decoding is synchronous: never two at once). V8 forgets an object shape no live
 * object has at the next GC, and with it the optimized code made for that shape: a scanner per decode would start
 * every decode after a GC unoptimized again.
 */
const scanner = new Scanner();

/**
 * Decodes a canonical methodResponse; throws RpcFault for a fault; returns FALLBACK for anything else (the caller
 * then parses with fast-xml-parser). `bytes`: `text` is their latin1 view (see Scanner). A DOCTYPE, an empty or
 * non-XML body never matches the canonical shape, so they always reach the caller's checks.
 */
export function decodeCanonicalResponse(text: string, bytes?: Buffer): TypedValue | typeof FALLBACK {
  scanner.start(text, bytes);
  let fault: TypedValue | undefined;
  let result: TypedValue = null;
  try {
    if (bytes ? bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf : text.charCodeAt(0) === 0xfeff) scanner.pos = bytes ? 3 : 1;
    scanner.skipWhitespace();
    if (scanner.has(scanner.pos, T.XML)) {
      const end = text.indexOf('?>', scanner.pos);
      if (end < 0) return FALLBACK;
      scanner.pos = end + 2;
    }
    scanner.expect(T.METHODRESPONSE);
    if (scanner.accept(T.FAULT)) {
      scanner.expect(T.VALUE);
      fault = scanner.value(0);
      scanner.expect(T.CLOSE_FAULT);
    } else {
      scanner.expect(T.PARAMS);
      if (scanner.accept(T.PARAM)) {
        scanner.expect(T.VALUE);
        result = scanner.value(0);
        scanner.expect(T.CLOSE_PARAM);
      }
      scanner.expect(T.CLOSE_PARAMS);
    }
    scanner.expect(T.CLOSE_METHODRESPONSE);
    scanner.skipWhitespace();
    if (scanner.pos !== text.length) return FALLBACK;
  } catch (error) {
    if (error === DEFER) return FALLBACK;
    throw error;
  } finally {
    scanner.start('');
    scanner.stack.length = 0; // after a deferral, the elements of unfinished arrays
  }
  if (fault !== undefined) {
    if (fault === null || typeof fault !== 'object' || Array.isArray(fault)) return FALLBACK;
    const code = fault.faultCode;
    const message = fault.faultString;
    if (typeof code !== 'number' || typeof message !== 'string') return FALLBACK;
    throw new RpcFault(code, message);
  }
  return result;
}
