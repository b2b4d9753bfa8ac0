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
import type { TypedStruct, TypedValue } from '../types';
import { describeByte, HproseInput } from './input';
import { HproseReferences } from './references';
import { integerValue, readDateTime, readDouble, readGuid } from './scalars';
import { Tag } from './tags';

/** Deepest nesting of lists/maps/objects accepted. */
export const MAX_DEPTH = 512;

interface ClassDef {
  name: string;
  fields: string[];
}

/** Reads hprose values from a body's bytes (./input), keeping the reference slots and their budget (./references). */
export class HproseReader extends HproseInput {
  private readonly refs: HproseReferences;
  private readonly classes: ClassDef[] = [];
  private depth = 0;

  constructor(buf: Buffer) {
    super(buf);
    this.refs = new HproseReferences(buf.length);
  }

  resetRefs(): void {
    this.refs.reset();
  }

  readValue(): TypedValue {
    const tag = this.readByte();
    if (tag >= 0x30 && tag <= 0x39) {
      this.refs.addUnits(1);
      return tag - 0x30;
    }
    switch (tag) {
      case Tag.Integer:
      case Tag.Long:
        this.refs.addUnits(1);
        return integerValue(this.readSignedInt(tag === Tag.Integer ? 'integer' : 'long'));
      case Tag.Double:
        this.refs.addUnits(1);
        return readDouble(this);
      case Tag.NaN:
        this.refs.addUnits(1);
        return { $double: 'NaN' };
      case Tag.Infinity: {
        this.refs.addUnits(1);
        const sign = this.readByte();
        if (sign !== Tag.Pos && sign !== Tag.Neg) this.fail(l10n.t('bad infinity sign {0}', describeByte(sign)));
        return { $double: sign === Tag.Neg ? '-Infinity' : 'Infinity' };
      }
      case Tag.Null:
        this.refs.addUnits(1);
        return null;
      case Tag.Empty:
        this.refs.addUnits(1);
        return '';
      case Tag.True:
        this.refs.addUnits(1);
        return true;
      case Tag.False:
        this.refs.addUnits(1);
        return false;
      case Tag.UTF8Char:
        this.refs.addUnits(1);
        return this.readUtf16Units(1);
      case Tag.String:
        return this.readStringWithoutTag();
      case Tag.Bytes:
        return this.readBytes();
      case Tag.Date:
      case Tag.Time:
        return this.slotted(readDateTime(this, tag), 1);
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

  /** `<len>"…"` where len counts UTF-16 code units of the UTF-8 text that follows. */
  private readStringWithoutTag(): string {
    const start = this.refs.produced;
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
    this.refs.addUnits(text.length + 1);
    this.refs.add(text, this.refs.produced - start);
    return text;
  }

  private readBytes(): TypedValue {
    const length = this.readCount(Tag.Quote, 'bytes length');
    if (length + 1 > this.remaining) this.fail(l10n.t('bytes length {0} exceeds the {1} bytes left', length, this.remaining));
    const bytes = this.take(length);
    this.expect(Tag.Quote);
    return this.slotted({ $base64: bytes.toString('base64') }, length + 1);
  }

  private readGuid(): string {
    return this.slotted(readGuid(this), 36);
  }

  /** A value that takes a reference slot, of `weight` units. */
  private slotted<T extends TypedValue>(value: T, weight: number): T {
    this.refs.addUnits(weight);
    this.refs.add(value, weight);
    return value;
  }

  readList(): TypedValue[] {
    const count = this.readCount(Tag.OpenBrace, 'list count');
    // Each member takes at least one byte.
    if (count > this.remaining) this.fail(l10n.t('list count {0} exceeds the {1} bytes left', count, this.remaining));
    const list: TypedValue[] = [];
    return this.container(list, () => {
      for (let i = 0; i < count; i++) list.push(this.readValue());
    });
  }

  private readMap(): TypedStruct {
    const count = this.readCount(Tag.OpenBrace, 'map count');
    if (count * 2 > this.remaining) this.fail(l10n.t('map count {0} exceeds the {1} bytes left', count, this.remaining));
    const map: TypedStruct = {};
    return this.container(map, () => {
      for (let i = 0; i < count; i++) {
        const key = keyText(this.readValue());
        setMember(map, key, this.readValue());
      }
    });
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
    const index = this.readCount(Tag.OpenBrace, 'class index');
    const def = this.classes[index];
    if (def === undefined) this.fail(l10n.t('object of undefined class {0}', index));
    const object: TypedStruct = {};
    setMember(object, '$class', def.name);
    return this.container(object, () => {
      for (const field of def.fields) setMember(object, field, this.readValue());
    });
  }

  /**
   * A list, map or object (its count already read): it takes its slot before its members, a reference to it while
   * they are read is a cycle, its nesting is capped, and `}` closes it.
   */
  private container<T extends TypedValue>(value: T, readMembers: () => void): T {
    const start = this.refs.produced;
    const slot = this.refs.add(value);
    this.refs.openSlot(slot);
    if (++this.depth > MAX_DEPTH) this.fail(l10n.t('nesting deeper than {0}', MAX_DEPTH));
    this.refs.addUnits(1);
    readMembers();
    this.depth--;
    this.refs.closeSlot(slot, this.refs.produced - start);
    this.expect(Tag.CloseBrace);
    return value;
  }

  private readRef(): TypedValue {
    const text = this.readUntil(Tag.Semicolon, 'reference');
    if (!/^\d{1,10}$/.test(text)) this.fail(l10n.t('bad reference "{0}"', text.slice(0, 20)));
    const index = Number(text);
    if (index >= this.refs.count) this.fail(l10n.t('reference r{0}; to an unknown value', index));
    return this.refs.take(index);
  }
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
