/**
 * hprose 2.x bytes → typed JSON, following the npm `hprose` Reader (io/Reader.js), with limits: every length and
 * count is checked against the bytes left before anything is allocated, nesting is capped, and references may not
 * expand the value beyond a budget (a few bytes of `r0;` can otherwise stand for gigabytes of JSON).
 *
 * Mapping: `0`–`9`/`i` → number; `l` → number when safe, else {"$i8": "digits"}; `d` → number, or {"$double": n}
 * when integral (so it stays a double); `N`/`I±` → {"$double": "NaN"|"Infinity"|"-Infinity"}; `n` → null;
 * `e`/`u`/`s` → string; `b` → {"$base64"}; `D`/`T` → {"$datetime": ISO 8601}; `g` → the GUID string; `a` → array;
 * `m` → struct (keys as text); `c`+`o` → struct whose first member "$class" names the class; `r` → the referenced
 * value (a reference back into a list/map/object still being read — a cycle, which JSON cannot hold — becomes
 * {"$ref": index}).
 *
 * Reference slots, as the npm Reader counts them: `s`, `b`, `D`, `T`, `g`, `a`, `m`, `o` each take one when read
 * (containers before their members); `u`, `e`, numbers, `n`, `t`, `f` and class names take none; class field names
 * are read as strings, so each `s` field name takes one.
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';
import type { TypedStruct, TypedValue } from '../types';
import { wireToIso } from './datetime';
import { Tag } from './tags';

/** Deepest nesting of lists/maps/objects accepted. */
export const MAX_DEPTH = 512;
/** Longest digit run of a number (i, l, d, r, counts). */
const MAX_NUMBER_TEXT = 400;

interface ClassDef {
  name: string;
  fields: string[];
}

export class HproseReader {
  pos = 0;
  private refs: TypedValue[] = [];
  /** Expanded size (members + characters) of each reference slot, for the expansion budget. */
  private refWeights: number[] = [];
  /** Slots of containers still being read (a reference to one is a cycle). */
  private readonly open = new Set<number>();
  private readonly classes: ClassDef[] = [];
  private depth = 0;
  /** Members and characters produced so far, references expanded. */
  private units = 0;
  private readonly budget: number;

  constructor(private readonly buf: Buffer) {
    // Plain values cost at most about one unit per input byte; only references can exceed this.
    this.budget = Math.max(1_000_000, buf.length * 4);
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  resetRefs(): void {
    this.refs = [];
    this.refWeights = [];
    this.open.clear();
  }

  fail(what: string): never {
    throw new RpcError('malformed', l10n.t('hprose: {0} at byte {1}', what, this.pos));
  }

  readByte(): number {
    if (this.pos >= this.buf.length) this.fail(l10n.t('unexpected end of data'));
    return this.buf[this.pos++];
  }

  peekByte(): number | undefined {
    return this.buf[this.pos];
  }

  expect(tag: number): void {
    const found = this.readByte();
    if (found !== tag) {
      this.pos--;
      this.fail(l10n.t('expected "{0}" but found {1}', String.fromCharCode(tag), describeByte(found)));
    }
  }

  /** ASCII text up to (and consuming) `stop`; bounded. */
  private readUntil(stop: number, what: string): string {
    const start = this.pos;
    const end = this.buf.indexOf(stop, start);
    if (end < 0 || end - start > MAX_NUMBER_TEXT) this.fail(l10n.t('unterminated {0}', what));
    this.pos = end + 1;
    return this.buf.toString('latin1', start, end);
  }

  /** A non-negative count or length before `stop` (empty means 0, as in the npm Reader). */
  private readCount(stop: number, what: string): number {
    const text = this.readUntil(stop, what);
    if (text === '') return 0;
    if (!/^\d{1,10}$/.test(text)) this.fail(l10n.t('bad {0} "{1}"', what, text.slice(0, 20)));
    return Number(text);
  }

  private readSignedInt(what: string): string {
    const text = this.readUntil(Tag.Semicolon, what);
    if (text === '') return '0';
    if (!/^[-+]?\d+$/.test(text)) this.fail(l10n.t('bad {0} "{1}"', what, text.slice(0, 20)));
    return text.replace(/^\+/, '');
  }

  private addUnits(n: number): void {
    this.units += n;
    if (this.units > this.budget) {
      throw new RpcError('too-large', l10n.t('hprose: the response expands (through references) beyond {0} values', this.budget));
    }
  }

  private newSlot(value: TypedValue): number {
    this.refs.push(value);
    this.refWeights.push(1);
    return this.refs.length - 1;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(l10n.t('nesting deeper than {0}', MAX_DEPTH));
  }

  readValue(): TypedValue {
    const tag = this.readByte();
    if (tag >= 0x30 && tag <= 0x39) {
      this.addUnits(1);
      return tag - 0x30;
    }
    switch (tag) {
      case Tag.Integer:
      case Tag.Long:
        this.addUnits(1);
        return integerValue(this.readSignedInt(tag === Tag.Integer ? 'integer' : 'long'));
      case Tag.Double:
        this.addUnits(1);
        return this.readDouble();
      case Tag.NaN:
        this.addUnits(1);
        return { $double: 'NaN' };
      case Tag.Infinity: {
        this.addUnits(1);
        const sign = this.readByte();
        if (sign !== Tag.Pos && sign !== Tag.Neg) this.fail(l10n.t('bad infinity sign {0}', describeByte(sign)));
        return { $double: sign === Tag.Neg ? '-Infinity' : 'Infinity' };
      }
      case Tag.Null:
        this.addUnits(1);
        return null;
      case Tag.Empty:
        this.addUnits(1);
        return '';
      case Tag.True:
        this.addUnits(1);
        return true;
      case Tag.False:
        this.addUnits(1);
        return false;
      case Tag.UTF8Char:
        this.addUnits(1);
        return this.readUtf16Units(1);
      case Tag.String:
        return this.readStringWithoutTag();
      case Tag.Bytes:
        return this.readBytes();
      case Tag.Date:
      case Tag.Time:
        return this.readDateTime(tag);
      case Tag.Guid:
        return this.readGuid();
      case Tag.List:
        return this.readList();
      case Tag.Map:
        return this.readMap();
      case Tag.Class:
        this.readClass();
        return this.readValueAfterClass();
      case Tag.Object:
        return this.readObject();
      case Tag.Ref:
        return this.readRef();
      default:
        this.pos--;
        return this.fail(l10n.t('unexpected {0}', describeByte(tag)));
    }
  }

  /** A string where only string forms are allowed (error messages, names): `s`, `u`, `e`, `n`, `r`. */
  readString(): string {
    const tag = this.peekByte();
    if (tag !== Tag.String && tag !== Tag.UTF8Char && tag !== Tag.Empty && tag !== Tag.Null && tag !== Tag.Ref) {
      this.fail(l10n.t('expected a string but found {0}', tag === undefined ? l10n.t('the end') : describeByte(tag)));
    }
    const value = this.readValue();
    if (value === null) return '';
    if (typeof value !== 'string') this.fail(l10n.t('expected a string'));
    return value;
  }

  private readDouble(): TypedValue {
    const text = this.readUntil(Tag.Semicolon, 'double');
    if (/^[-+]?NaN$/.test(text)) return { $double: 'NaN' };
    if (/^[-+]?Infinity$/.test(text)) return { $double: text.startsWith('-') ? '-Infinity' : 'Infinity' };
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) this.fail(l10n.t('bad double "{0}"', text.slice(0, 20)));
    const n = Number(text);
    if (!Number.isFinite(n)) return { $double: n > 0 ? 'Infinity' : '-Infinity' };
    return Number.isInteger(n) ? { $double: n } : n;
  }

  /** `<len>"…"` where len counts UTF-16 code units of the UTF-8 text that follows. */
  private readStringWithoutTag(): string {
    const start = this.units;
    const length = this.readCount(Tag.Quote, 'string length');
    const textStart = this.pos;
    let text = this.readUtf16Units(length);
    if (this.peekByte() !== Tag.Quote && /[\ud800-\udbff]/.test(text)) {
      // The Python 3 hprose Writer counts code points (len(s)), not UTF-16 units: an astral character then counts
      // one. Read the string again that way before calling it malformed.
      this.pos = textStart;
      text = this.readUtf16Units(length, 1);
    }
    this.expect(Tag.Quote);
    this.addUnits(text.length + 1);
    const slot = this.newSlot(text);
    this.refWeights[slot] = this.units - start;
    return text;
  }

  /**
   * Decodes `count` UTF-16 code units of UTF-8 from the buffer: 1–3 byte sequences are one unit, 4-byte sequences
   * (astral characters) two. Like the npm Reader, a count that ends inside a surrogate pair takes the whole pair.
   */
  private readUtf16Units(count: number, astralUnits: 1 | 2 = 2): string {
    // Each unit needs at least one byte: refuse absurd lengths before scanning.
    if (count > this.remaining) this.fail(l10n.t('string length {0} exceeds the {1} bytes left', count, this.remaining));
    const buf = this.buf;
    const start = this.pos;
    let offset = start;
    let units = 0;
    while (units < count) {
      if (offset >= buf.length) this.fail(l10n.t('string runs past the end of data'));
      const lead = buf[offset];
      let size: number;
      if (lead < 0x80) size = 1;
      else if (lead >= 0xc2 && lead <= 0xdf) size = 2;
      else if (lead >= 0xe0 && lead <= 0xef) size = 3;
      else if (lead >= 0xf0 && lead <= 0xf4) size = 4;
      else {
        this.pos = offset;
        return this.fail(l10n.t('bad UTF-8 byte 0x{0} in a string', lead.toString(16)));
      }
      if (offset + size > buf.length) this.fail(l10n.t('string runs past the end of data'));
      for (let k = 1; k < size; k++) {
        if ((buf[offset + k] & 0xc0) !== 0x80) {
          this.pos = offset;
          this.fail(l10n.t('bad UTF-8 sequence in a string'));
        }
      }
      offset += size;
      units += size === 4 ? astralUnits : 1;
    }
    this.pos = offset;
    return buf.toString('utf8', start, offset);
  }

  private readBytes(): TypedValue {
    const length = this.readCount(Tag.Quote, 'bytes length');
    if (length + 1 > this.remaining) this.fail(l10n.t('bytes length {0} exceeds the {1} bytes left', length, this.remaining));
    const bytes = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    this.expect(Tag.Quote);
    this.addUnits(length + 1);
    const value = { $base64: bytes.toString('base64') };
    this.refWeights[this.newSlot(value)] = length + 1;
    return value;
  }

  private readDigits(count: number, what: string): string {
    if (count > this.remaining) this.fail(l10n.t('truncated {0}', what));
    const text = this.buf.toString('latin1', this.pos, this.pos + count);
    if (!/^\d+$/.test(text)) this.fail(l10n.t('bad {0} "{1}"', what, text));
    this.pos += count;
    return text;
  }

  private readDateTime(tag: number): TypedValue {
    let date: string | null = null;
    let time: string | null = null;
    let fraction = '';
    let next = tag;
    if (tag === Tag.Date) {
      date = this.readDigits(8, 'date');
      next = this.readByte();
    }
    if (next === Tag.Time) {
      time = this.readDigits(6, 'time');
      next = this.readByte();
      if (next === Tag.Point) {
        fraction = this.readDigits(3, 'fraction');
        next = this.readByte();
        // Microseconds and nanoseconds come as further groups of three digits.
        for (let group = 0; group < 2 && next >= 0x30 && next <= 0x39; group++) {
          this.pos--;
          fraction += this.readDigits(3, 'fraction');
          next = this.readByte();
        }
      }
    }
    if (next !== Tag.UTC && next !== Tag.Semicolon) {
      this.pos--;
      this.fail(l10n.t('bad end of a date/time: {0}', describeByte(next)));
    }
    this.addUnits(1);
    const value = { $datetime: wireToIso({ date, time, fraction: /^0+$/.test(fraction) ? '' : fraction, utc: next === Tag.UTC }) };
    this.newSlot(value);
    return value;
  }

  private readGuid(): string {
    this.expect(Tag.OpenBrace);
    if (this.remaining < 37) this.fail(l10n.t('truncated GUID'));
    const text = this.buf.toString('latin1', this.pos, this.pos + 36);
    if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text)) this.fail(l10n.t('bad GUID'));
    this.pos += 36;
    this.expect(Tag.CloseBrace);
    this.addUnits(36);
    this.refWeights[this.newSlot(text)] = 36;
    return text;
  }

  readList(): TypedValue[] {
    const start = this.units;
    const count = this.readCount(Tag.OpenBrace, 'list count');
    // Each member takes at least one byte.
    if (count > this.remaining) this.fail(l10n.t('list count {0} exceeds the {1} bytes left', count, this.remaining));
    const list: TypedValue[] = [];
    const slot = this.newSlot(list);
    this.open.add(slot);
    this.enter();
    this.addUnits(1);
    for (let i = 0; i < count; i++) list.push(this.readValue());
    this.depth--;
    this.open.delete(slot);
    this.expect(Tag.CloseBrace);
    this.refWeights[slot] = this.units - start;
    return list;
  }

  private readMap(): TypedStruct {
    const start = this.units;
    const count = this.readCount(Tag.OpenBrace, 'map count');
    if (count * 2 > this.remaining) this.fail(l10n.t('map count {0} exceeds the {1} bytes left', count, this.remaining));
    const map: TypedStruct = {};
    const slot = this.newSlot(map);
    this.open.add(slot);
    this.enter();
    this.addUnits(1);
    for (let i = 0; i < count; i++) {
      const key = keyText(this.readValue());
      setMember(map, key, this.readValue());
    }
    this.depth--;
    this.open.delete(slot);
    this.expect(Tag.CloseBrace);
    this.refWeights[slot] = this.units - start;
    return map;
  }

  /** `c<len>"Name"<n>{field names}`: a class definition, referred to by later `o<index>{…}`. */
  private readClass(): void {
    const length = this.readCount(Tag.Quote, 'class name length');
    const name = this.readUtf16Units(length);
    this.expect(Tag.Quote);
    const count = this.readCount(Tag.OpenBrace, 'field count');
    if (count > this.remaining) this.fail(l10n.t('field count {0} exceeds the {1} bytes left', count, this.remaining));
    const fields: string[] = [];
    for (let i = 0; i < count; i++) fields.push(this.readString());
    this.expect(Tag.CloseBrace);
    this.classes.push({ name, fields });
  }

  /** What may follow a class definition (npm readObject): another class, an object, a reference or null. */
  private readValueAfterClass(): TypedValue {
    for (;;) {
      const tag = this.peekByte();
      if (tag === Tag.Class) {
        this.pos++;
        this.readClass();
        continue;
      }
      if (tag === Tag.Object || tag === Tag.Ref || tag === Tag.Null) return this.readValue();
      return this.fail(l10n.t('expected an object after a class definition but found {0}', tag === undefined ? l10n.t('the end') : describeByte(tag)));
    }
  }

  private readObject(): TypedStruct {
    const start = this.units;
    const index = this.readCount(Tag.OpenBrace, 'class index');
    const def = this.classes[index];
    if (def === undefined) this.fail(l10n.t('object of undefined class {0}', index));
    const object: TypedStruct = {};
    setMember(object, '$class', def.name);
    const slot = this.newSlot(object);
    this.open.add(slot);
    this.enter();
    this.addUnits(1);
    for (const field of def.fields) setMember(object, field, this.readValue());
    this.depth--;
    this.open.delete(slot);
    this.expect(Tag.CloseBrace);
    this.refWeights[slot] = this.units - start;
    return object;
  }

  private readRef(): TypedValue {
    const text = this.readUntil(Tag.Semicolon, 'reference');
    if (!/^\d{1,10}$/.test(text)) this.fail(l10n.t('bad reference "{0}"', text.slice(0, 20)));
    const index = Number(text);
    if (index >= this.refs.length) this.fail(l10n.t('reference r{0}; to an unknown value', index));
    if (this.open.has(index)) {
      this.addUnits(1);
      return { $ref: index };
    }
    this.addUnits(this.refWeights[index]);
    return this.refs[index];
  }
}

/** An integer's digits → number when exact, else {"$i8"}. */
function integerValue(digits: string): TypedValue {
  const n = Number(digits);
  if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
  return { $i8: digits.replace(/^(-?)0+(?=\d)/, '$1') };
}

/** Map keys of any hprose type become member names. */
function keyText(key: TypedValue): string {
  if (typeof key === 'string') return key;
  if (key === null || typeof key === 'number' || typeof key === 'boolean') return String(key);
  return JSON.stringify(key);
}

/** Defines a member as an own property, so a key like "__proto__" stays data. */
function setMember(target: TypedStruct, key: string, value: TypedValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function describeByte(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? `"${String.fromCharCode(byte)}"` : l10n.t('byte 0x{0}', byte.toString(16).padStart(2, '0'));
}
