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
import { decodeText as decodeXmlText, hasOtherAmpersand } from './text';

export const FALLBACK: unique symbol = Symbol('fallback');

const GT = 62; // >
const PYTHON_SPECIAL_DOUBLES: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN };
const SLASH = 47; // /

/** Thrown inside the scanner to abandon the fast path; never escapes this module. */
class Defer {}
const DEFER = new Defer();

/** Entity-decoded text; an unknown entity or a stray `&` is the slow path's business. */
function decodeText(raw: string): string {
  if (hasOtherAmpersand(raw)) throw DEFER;
  // XML reads a raw CR (alone or before LF) as LF, as fast-xml-parser and Python's expat do; &#13; stays a CR.
  const text = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw;
  return decodeXmlText(text);
}

class Scanner {
  pos = 0;
  /**
   * `text` is either the body as a string, or (with `bytes`) a latin1 view of the body's bytes: one byte per char,
   * so offsets are byte offsets and the view is a one-byte string (a UTF-16 copy of a non-ASCII body is twice its
   * size). Markup is ASCII, so it scans the same; text content is then decoded as UTF-8 from the bytes.
   */
  constructor(
    readonly text: string,
    readonly bytes?: Buffer,
  ) {}

  /** Text content of [start, end) as the server meant it (UTF-8 from the bytes when scanning a latin1 view). */
  slice(start: number, end: number): string {
    return this.bytes ? this.bytes.toString('utf8', start, end) : this.text.slice(start, end);
  }

  skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else break;
    }
    this.pos = pos;
  }

  /** Consumes `literal` (after optional whitespace) or defers. */
  expect(literal: string): void {
    this.skipWhitespace();
    if (!this.text.startsWith(literal, this.pos)) throw DEFER;
    this.pos += literal.length;
  }

  /** Consumes `literal` (after optional whitespace) when present. */
  accept(literal: string): boolean {
    this.skipWhitespace();
    if (!this.text.startsWith(literal, this.pos)) return false;
    this.pos += literal.length;
    return true;
  }

  /**
   * Raw text up to the next `<`, which must open `</tag>`. `ascii`: numbers and booleans, read from the scanned text
   * as is (a non-ASCII byte there fails to parse either way, and the slow path words the error).
   */
  textUntilClose(tag: string, ascii = false): string {
    const text = this.text;
    const end = text.indexOf('<', this.pos);
    if (end < 0 || text.charCodeAt(end + 1) !== SLASH || !text.startsWith(tag, end + 2) || text.charCodeAt(end + 2 + tag.length) !== GT) {
      throw DEFER;
    }
    const raw = ascii ? text.slice(this.pos, end) : this.slice(this.pos, end);
    this.pos = end + tag.length + 3;
    return raw;
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
      if (!text.startsWith('/value>', lt + 1)) throw DEFER;
      this.pos = lt + 8;
      return decodeText(this.slice(start, lt));
    }
    for (let i = start; i < lt; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) throw DEFER; // text mixed with an element
    }
    const gt = text.indexOf('>', lt);
    if (gt < 0) throw DEFER;
    this.pos = gt + 1;
    let result: TypedValue;
    if (text.charCodeAt(gt - 1) === SLASH) {
      // <nil/>, <string/>, <array/>... (no attributes: anything but the bare name defers)
      const tag = text.slice(lt + 1, gt - 1);
      result = emptyValue(tag);
    } else {
      const tag = text.slice(lt + 1, gt);
      result = this.typed(tag, depth);
    }
    this.expect('</value>');
    return result;
  }

  typed(tag: string, depth: number): TypedValue {
    switch (tag) {
      case 'string':
        return decodeText(this.textUntilClose(tag));
      case 'int':
      case 'i4':
      case 'i8': {
        const n = integerFromText(this.textUntilClose(tag, true));
        if (n === undefined) throw DEFER; // the slow path words the error
        return n;
      }
      case 'double': {
        const raw = this.textUntilClose(tag, true);
        const n = Number(raw);
        if (!Number.isNaN(n) && raw.trim() !== '') return doubleValue(n);
        // Python writes repr(float): inf, -inf, nan. Other spellings and errors: the slow path.
        const special = PYTHON_SPECIAL_DOUBLES[raw];
        if (special === undefined) throw DEFER;
        return doubleValue(special);
      }
      case 'boolean': {
        const raw = this.textUntilClose(tag, true);
        if (raw === '1') return true;
        if (raw === '0') return false;
        throw DEFER;
      }
      case 'nil':
        this.textUntilClose(tag);
        return null;
      case 'base64': {
        const raw = this.textUntilClose(tag);
        return { $base64: /\s/.test(raw) ? raw.replace(/\s+/g, '') : raw };
      }
      case 'dateTime.iso8601':
        return { $datetime: decodeText(this.textUntilClose(tag).trim()) };
      case 'array': {
        const out: TypedValue[] = [];
        if (this.accept('<data/>')) {
          this.expect('</array>');
          return out;
        }
        this.expect('<data>');
        while (this.accept('<value>')) out.push(this.value(depth + 1));
        this.expect('</data>');
        this.expect('</array>');
        return out;
      }
      case 'struct': {
        const out: TypedStruct = {};
        while (this.accept('<member>')) {
          let name: string;
          let value: TypedValue;
          if (this.accept('<name>')) {
            name = decodeText(this.textUntilClose('name'));
            this.expect('<value>');
            value = this.value(depth + 1);
          } else {
            this.expect('<value>');
            value = this.value(depth + 1);
            this.expect('<name>');
            name = decodeText(this.textUntilClose('name'));
          }
          this.expect('</member>');
          if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
          else out[name] = value;
        }
        this.expect('</struct>');
        return out;
      }
      default:
        throw DEFER; // ex:nil, attributes, unknown types: the slow path
    }
  }
}

function emptyValue(tag: string): TypedValue {
  switch (tag) {
    case 'nil':
      return null;
    case 'string':
      return '';
    case 'array':
      return [];
    case 'struct':
      return {};
    default:
      throw DEFER;
  }
}

/**
 * Decodes a canonical methodResponse; throws RpcFault for a fault; returns FALLBACK for anything else (the caller
 * then parses with fast-xml-parser). `bytes`: `text` is their latin1 view (see Scanner). A DOCTYPE, an empty or
 * non-XML body never matches the canonical shape, so they always reach the caller's checks.
 */
export function decodeCanonicalResponse(text: string, bytes?: Buffer): TypedValue | typeof FALLBACK {
  const scanner = new Scanner(text, bytes);
  let fault: TypedValue | undefined;
  let result: TypedValue = null;
  try {
    if (bytes ? bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf : text.charCodeAt(0) === 0xfeff) scanner.pos = bytes ? 3 : 1;
    scanner.skipWhitespace();
    if (text.startsWith('<?xml', scanner.pos)) {
      const end = text.indexOf('?>', scanner.pos);
      if (end < 0) return FALLBACK;
      scanner.pos = end + 2;
    }
    scanner.expect('<methodResponse>');
    if (scanner.accept('<fault>')) {
      scanner.expect('<value>');
      fault = scanner.value(0);
      scanner.expect('</fault>');
    } else {
      scanner.expect('<params>');
      if (scanner.accept('<param>')) {
        scanner.expect('<value>');
        result = scanner.value(0);
        scanner.expect('</param>');
      }
      scanner.expect('</params>');
    }
    scanner.expect('</methodResponse>');
    scanner.skipWhitespace();
    if (scanner.pos !== text.length) return FALLBACK;
  } catch (error) {
    if (error === DEFER) return FALLBACK;
    throw error;
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
