/**
 * Text content for the fast XML-RPC decoder (fastDecode.ts): strings, member names, dates and base64 read from the
 * scanned body, each with as few intermediate strings as possible (they are most of the garbage a decode makes).
 * The rules are decodeText's (text.ts): the five XML entities and character references, a raw CR read as LF.
 */
import type { Literal } from './fastTags';
import { decodeKnownEntities, digitValue } from './text';

/** Thrown inside the scanner to abandon the fast path; never escapes fastDecode.ts. */
export class Defer {}
export const DEFER = new Defer();

const AMP = 38; // &
const SEMICOLON = 59; // ;
const CR = 13;
const LF = 10;
/** Struct member names remembered per decode (by length and end characters), so a repeated name is not a new string. */
const NAME_CACHE_SIZE = 256;
const NAME_CACHE_MAX_LENGTH = 32;
/** Below this length V8 copies a slice; a longer slice of the latin1 view would keep the whole body alive. */
const SLICE_COPY_LENGTH = 13;
/** The scratch buffer (see TextReader) is kept between decodes up to this size. */
const SCRATCH_KEPT = 64 * 1024;

type Utf8Slice = (this: Buffer, start: number, end: number) => string;

/** Entity-decoded text of a string; an unknown entity or a stray `&` is the slow path's business. */
function decodeText(raw: string): string {
  // XML reads a raw CR (alone or before LF) as LF, as fast-xml-parser and Python's expat do; &#13; stays a CR.
  const text = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw;
  const amp = text.indexOf('&');
  if (amp < 0) return text;
  const decoded = decodeKnownEntities(text, amp);
  if (decoded === undefined) throw DEFER;
  return decoded;
}

/** XML whitespace plus \v and \f: the ASCII characters String.prototype.trim and /\s/ also take. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12;
}

export class TextReader {
  pos = 0;
  /**
   * Either the body as a string, or (with `bytes`) a latin1 view of the body's bytes: one byte per char, so offsets
   * are byte offsets and the view is a one-byte string (a UTF-16 copy of a non-ASCII body is twice its size).
   * Markup is ASCII, so it scans the same; text content is then decoded as UTF-8 from the bytes.
   */
  text = '';
  bytes: Buffer | undefined = undefined;
  /** The bytes as a DataView, for has(). */
  private view: DataView | undefined = undefined;
  /** Buffer's own UTF-8 slice (what toString('utf8', …) ends in), without toString's argument checks per string. */
  private utf8Slice: Utf8Slice | undefined = undefined;
  /** Entity-decoded bytes of one string, decoded as UTF-8 at once: one string made instead of a rope of pieces. */
  private scratch: Buffer = Buffer.allocUnsafe(0);
  private readonly names: (string | undefined)[] = new Array<string | undefined>(NAME_CACHE_SIZE).fill(undefined);

  /** Scans `text` (and `bytes`) from the start; start('') lets go of the last body. */
  start(text: string, bytes?: Buffer): void {
    if (this.scratch.length > SCRATCH_KEPT) this.scratch = Buffer.allocUnsafe(0); // one huge string's buffer is not kept
    this.pos = 0;
    this.text = text;
    this.bytes = bytes;
    this.view = bytes ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
    const own = (bytes as unknown as { utf8Slice?: Utf8Slice } | undefined)?.utf8Slice;
    this.utf8Slice = typeof own === 'function' ? own : undefined;
  }

  /** Does `literal` start at `pos`? (text.startsWith, read from the bytes when there are bytes.) */
  has(pos: number, literal: Literal): boolean {
    const view = this.view;
    const length = literal.length;
    if (view === undefined || length < 4) return this.text.startsWith(literal.text, pos);
    if (pos + length > this.text.length) return false;
    if (view.getUint32(pos, true) !== literal.head || view.getUint32(pos + length - 4, true) !== literal.tail) return false;
    if (length <= 8) return true;
    const offsets = literal.offsets;
    const words = literal.words;
    for (let k = 0; k < words.length; k++) if (view.getUint32(pos + offsets[k], true) !== words[k]) return false;
    return true;
  }

  /** Text content of [start, end) as the server meant it (UTF-8 from the bytes when scanning a latin1 view). */
  slice(start: number, end: number): string {
    if (!this.bytes) return this.text.slice(start, end);
    return this.utf8Slice ? this.utf8Slice.call(this.bytes, start, end) : this.bytes.toString('utf8', start, end);
  }

  /** [start, end) known to be ASCII: a copy, never a slice that keeps the body alive. */
  private ascii(start: number, end: number): string {
    return end - start < SLICE_COPY_LENGTH ? this.text.slice(start, end) : this.slice(start, end);
  }

  /**
   * Text content of [start, end), entity-decoded. One look at its characters decides: plain ASCII without `&` or CR
   * (most strings and every member name) is the scanned text itself, the rest is decoded.
   */
  content(start: number, end: number): string {
    const text = this.text;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80 || c === AMP || c === CR) return this.bytes ? this.decodedBytes(start, i, end) : decodeText(text.slice(start, end));
    }
    return this.ascii(start, end);
  }

  /**
   * Bytes [start, end) with entities and CRs resolved into the scratch buffer, then one UTF-8 decode. `from`: the
   * first byte that is not plain ASCII. A replacement is never longer than its reference, so `end - start` bytes do.
   * Invalid UTF-8 decodes as before: a replacement is ASCII or a whole UTF-8 sequence, never a continuation byte.
   */
  private decodedBytes(start: number, from: number, end: number): string {
    const bytes = this.bytes as Buffer;
    if (this.scratch.length < end - start) this.scratch = Buffer.allocUnsafe(Math.max(end - start, 2 * this.scratch.length, 256));
    const out = this.scratch;
    let n = 0;
    for (let i = start; i < from; i++) out[n++] = bytes[i]; // a few bytes: Buffer.copy's checks cost more
    let i = from;
    while (i < end) {
      const c = bytes[i];
      if (c === AMP) {
        let semicolon = i + 1;
        while (semicolon < end && bytes[semicolon] !== SEMICOLON) semicolon++;
        if (semicolon === end) throw DEFER; // a stray `&`: the slow path's business
        n = entityBytes(bytes, i + 1, semicolon, out, n);
        i = semicolon + 1;
      } else if (c === CR) {
        out[n++] = LF;
        i += i + 1 < end && bytes[i + 1] === LF ? 2 : 1;
      } else {
        out[n++] = c;
        i++;
      }
    }
    return this.utf8Slice ? this.utf8Slice.call(out, 0, n) : out.toString('utf8', 0, n);
  }

  /** A member name: content() without a new string for a name already seen in this response. */
  name(start: number, end: number): string {
    const text = this.text;
    const length = end - start;
    if (length === 0 || length > NAME_CACHE_MAX_LENGTH) return this.content(start, end);
    const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) & (NAME_CACHE_SIZE - 1);
    const known = this.names[slot];
    if (known !== undefined && known.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (known.charCodeAt(i) !== text.charCodeAt(start + i)) {
          same = false;
          break;
        }
      }
      if (same) return known;
    }
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80 || c === AMP || c === CR) return this.content(start, end);
    }
    const name = this.ascii(start, end);
    this.names[slot] = name;
    return name;
  }

  /**
   * Content of [start, end) trimmed as String.prototype.trim does, then entity-decoded (a <dateTime.iso8601>).
   * A non-ASCII character at either end might be Unicode whitespace: that rare text is trimmed by trim() itself.
   */
  trimmedContent(start: number, end: number): string {
    const text = this.text;
    while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
    while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
    if (end > start && (text.charCodeAt(start) >= 0x80 || text.charCodeAt(end - 1) >= 0x80)) return decodeText(this.slice(start, end).trim());
    return this.content(start, end);
  }

  /** A <base64>'s text without its whitespace (as /\s+/g removes it; non-ASCII text goes through the regular expression). */
  base64(start: number, end: number): string {
    const text = this.text;
    while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
    while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80 || isAsciiSpace(c)) {
        const raw = this.slice(start, end);
        return /\s/.test(raw) ? raw.replace(/\s+/g, '') : raw;
      }
    }
    return this.ascii(start, end);
  }
}

/**
 * Writes the UTF-8 bytes of the reference named by bytes [from, to) (between `&` and `;`) to `out` at `n`; returns
 * the new end. Only what decodeText resolves; anything else defers. A character reference out of range is kept as
 * written, as decodeText keeps it.
 */
function entityBytes(bytes: Buffer, from: number, to: number, out: Buffer, n: number): number {
  const c = bytes[from];
  const length = to - from;
  if (c === 35 /* # */) {
    const hex = bytes[from + 1] === 120; /* x */
    const digitsFrom = hex ? from + 2 : from + 1;
    if (digitsFrom === to) throw DEFER;
    let code = 0;
    for (let i = digitsFrom; i < to; i++) {
      const d = digitValue(bytes[i], hex);
      if (d < 0) throw DEFER;
      if (code <= 0x10ffff) code = code * (hex ? 16 : 10) + d; // beyond: kept as written, whatever its digits
    }
    if (!(code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff))) return n + bytes.copy(out, n, from - 1, to + 1);
    if (code < 0x80) out[n++] = code;
    else if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[n++] = 0xe0 | (code >> 12);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    } else {
      out[n++] = 0xf0 | (code >> 18);
      out[n++] = 0x80 | ((code >> 12) & 0x3f);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    }
    return n;
  }
  let value = -1;
  if (length === 2 && bytes[from + 1] === 116 /* t */) value = c === 108 /* l */ ? 60 : c === 103 /* g */ ? 62 : -1;
  else if (length === 3 && c === 97 && bytes[from + 1] === 109 && bytes[from + 2] === 112) value = 38; // amp
  else if (length === 4 && c === 113 && bytes[from + 1] === 117 && bytes[from + 2] === 111 && bytes[from + 3] === 116) value = 34; // quot
  else if (length === 4 && c === 97 && bytes[from + 1] === 112 && bytes[from + 2] === 111 && bytes[from + 3] === 115) value = 39; // apos
  if (value < 0) throw DEFER;
  out[n++] = value;
  return n;
}
