/**
 * Typed JSON → hprose 2.x bytes, as the npm `hprose` Writer (io/Writer.js) writes them:
 *   null → `n`; true/false → `t`/`f`; an integer 0–9 → its digit; other int32 → `i…;`; a larger safe integer →
 *   `l…;`; any other number → `d…;` (NaN `N`, ±Infinity `I+`/`I-`); '' → `e`; a one-code-unit string → `u` + char;
 *   other strings → `s<UTF-16 length>"…"`; arrays → `a<n>{…}`; structs → `m<n>{key value…}`.
 * Tagged objects: {"$i8"} → `l…;`, {"$double"} → `d…;`, {"$base64"} → `b<n>"raw bytes"`,
 * {"$datetime"} → `D…`/`T…`, and a struct with a "$class" member → `c…` class definition + `o…` object.
 * References: like the npm Writer, a repeated string is written as `r<index>;`. Every `s`, `b`, `D`, `T`, `a`, `m`
 * and `o` takes a reference slot, in writing order, so the indexes match what the peer's Reader counts.
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';
import type { TypedValue, TypedStruct } from '../types';
import { isoToWire, wireText } from './datetime';
import { Tag } from './tags';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export class HproseWriter {
  private readonly chunks: Buffer[] = [];
  private pending: number[] = [];
  private refCount = 0;
  private stringRefs = new Map<string, number>();
  private readonly classes = new Map<string, number>();
  private classCount = 0;

  /** Forgets references (the npm client resets between the method name and the argument list). */
  resetRefs(): void {
    this.refCount = 0;
    this.stringRefs = new Map();
  }

  byte(b: number): void {
    this.pending.push(b);
    if (this.pending.length >= 4096) this.flushPending();
  }

  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.byte(text.charCodeAt(i));
  }

  raw(bytes: Buffer): void {
    this.flushPending();
    this.chunks.push(bytes);
  }

  toBuffer(): Buffer {
    this.flushPending();
    return Buffer.concat(this.chunks);
  }

  private flushPending(): void {
    if (this.pending.length > 0) {
      this.chunks.push(Buffer.from(this.pending));
      this.pending = [];
    }
  }

  /** `s<len>"…"` without reference lookup; still takes a slot (npm writeString). */
  writeStringNoRef(text: string): void {
    this.refCount++;
    this.stringRefs.set(text, this.refCount - 1);
    this.byte(Tag.String);
    if (text.length > 0) this.ascii(String(text.length));
    this.byte(Tag.Quote);
    this.raw(Buffer.from(text, 'utf8'));
    this.byte(Tag.Quote);
  }

  /** A list whose own slot is counted (npm writeList), e.g. a call's argument list. */
  writeList(values: readonly TypedValue[]): void {
    this.refCount++;
    this.byte(Tag.List);
    if (values.length > 0) this.ascii(String(values.length));
    this.byte(Tag.OpenBrace);
    for (const value of values) this.serialize(value);
    this.byte(Tag.CloseBrace);
  }

  serialize(value: TypedValue): void {
    if (value === null || value === undefined) return this.byte(Tag.Null);
    switch (typeof value) {
      case 'boolean':
        return this.byte(value ? Tag.True : Tag.False);
      case 'number':
        return this.writeNumber(value);
      case 'string':
        return this.writeString(value);
      case 'object':
        if (Array.isArray(value)) return this.writeList(value);
        return this.writeStruct(value);
      default:
        throw new RpcError('usage', l10n.t('cannot send a {0} over hprose', typeof value));
    }
  }

  private writeNumber(n: number): void {
    if (Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX) {
      if (n >= 0 && n <= 9) return this.byte(0x30 + n);
      this.byte(Tag.Integer);
      this.ascii(String(n));
      return this.byte(Tag.Semicolon);
    }
    if (Number.isSafeInteger(n)) {
      this.byte(Tag.Long);
      this.ascii(String(n));
      return this.byte(Tag.Semicolon);
    }
    this.writeDouble(n);
  }

  private writeDouble(n: number): void {
    if (Number.isNaN(n)) return this.byte(Tag.NaN);
    if (!Number.isFinite(n)) {
      this.byte(Tag.Infinity);
      return this.byte(n > 0 ? Tag.Pos : Tag.Neg);
    }
    this.byte(Tag.Double);
    // String(-0) is "0": the sign of a negative zero would be lost.
    this.ascii(n === 0 && 1 / n < 0 ? '-0' : String(n));
    this.byte(Tag.Semicolon);
  }

  private writeString(text: string): void {
    if (text.length === 0) return this.byte(Tag.Empty);
    if (text.length === 1) {
      this.byte(Tag.UTF8Char);
      return this.raw(Buffer.from(text, 'utf8'));
    }
    const ref = this.stringRefs.get(text);
    if (ref !== undefined) {
      this.byte(Tag.Ref);
      this.ascii(String(ref));
      return this.byte(Tag.Semicolon);
    }
    this.writeStringNoRef(text);
  }

  private writeStruct(struct: TypedStruct): void {
    const keys = Object.keys(struct);
    if (keys.length === 1) {
      const key = keys[0];
      const tagged = struct[key];
      switch (key) {
        case '$i8':
          return this.writeLong(tagged);
        case '$double':
          return this.writeTaggedDouble(tagged);
        case '$base64':
          return this.writeBytes(tagged);
        case '$datetime':
          return this.writeDateTime(tagged);
      }
    }
    if (typeof struct.$class === 'string') return this.writeObject(struct.$class, struct);
    this.refCount++;
    this.byte(Tag.Map);
    if (keys.length > 0) this.ascii(String(keys.length));
    this.byte(Tag.OpenBrace);
    for (const key of keys) {
      this.writeString(key);
      this.serialize(struct[key]);
    }
    this.byte(Tag.CloseBrace);
  }

  private writeLong(value: TypedValue): void {
    const digits = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
    if (typeof digits !== 'string' || !/^[-+]?\d{1,400}$/.test(digits.trim())) {
      throw new RpcError('usage', l10n.t('{0} needs a string of digits, got {1}', '{"$i8": …}', String(JSON.stringify(value))));
    }
    this.byte(Tag.Long);
    this.ascii(digits.trim().replace(/^\+/, ''));
    this.byte(Tag.Semicolon);
  }

  private writeTaggedDouble(value: TypedValue): void {
    let n: number | undefined;
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string') {
      const text = value.trim();
      if (/^[-+]?NaN$/.test(text)) n = NaN;
      else if (text !== '' && !Number.isNaN(Number(text))) n = Number(text);
    }
    if (n === undefined) {
      throw new RpcError('usage', l10n.t('{0} needs a number (or "NaN", "Infinity", "-Infinity"), got {1}', '{"$double": …}', String(JSON.stringify(value))));
    }
    this.writeDouble(n);
  }

  private writeBytes(value: TypedValue): void {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(value)) {
      throw new RpcError('usage', l10n.t('{0} needs base64 text, got {1}', '{"$base64": …}', String(JSON.stringify(value)?.slice(0, 60))));
    }
    const bytes = Buffer.from(value, 'base64');
    this.refCount++;
    this.byte(Tag.Bytes);
    if (bytes.length > 0) this.ascii(String(bytes.length));
    this.byte(Tag.Quote);
    this.raw(bytes);
    this.byte(Tag.Quote);
  }

  private writeDateTime(value: TypedValue): void {
    if (typeof value !== 'string') {
      throw new RpcError('usage', l10n.t('{0} needs ISO 8601 text, got {1}', '{"$datetime": …}', String(JSON.stringify(value))));
    }
    this.refCount++;
    this.ascii(wireText(isoToWire(value)));
  }

  /** {"$class": "User", "name": …} → `c4"User"1{s4"name"}o0{…}` (the class is defined once per field set). */
  private writeObject(className: string, struct: TypedStruct): void {
    const fields = Object.keys(struct).filter((key) => key !== '$class');
    const classKey = JSON.stringify([className, fields]);
    let index = this.classes.get(classKey);
    if (index === undefined) {
      this.byte(Tag.Class);
      this.ascii(String(className.length));
      this.byte(Tag.Quote);
      this.raw(Buffer.from(className, 'utf8'));
      this.byte(Tag.Quote);
      if (fields.length > 0) this.ascii(String(fields.length));
      this.byte(Tag.OpenBrace);
      for (const field of fields) this.writeStringNoRef(field);
      this.byte(Tag.CloseBrace);
      index = this.classCount++;
      this.classes.set(classKey, index);
    }
    this.byte(Tag.Object);
    this.ascii(String(index));
    this.byte(Tag.OpenBrace);
    this.refCount++;
    for (const field of fields) this.serialize(struct[field]);
    this.byte(Tag.CloseBrace);
  }
}

/** The bytes of one value (with its own reference numbering). */
export function serializeValue(value: TypedValue): Buffer {
  const writer = new HproseWriter();
  writer.serialize(value);
  return writer.toBuffer();
}
