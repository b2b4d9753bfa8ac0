/**
 * The bytes of an hprose body as the reader takes them: one at a time, up to a tag, as counted UTF-8 text; every
 * length checked against the bytes left, every digit run bounded, and every failure one line with its byte offset.
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';
import { Tag } from './tags';

/** Longest digit run of a number (i, l, d, r, counts). */
const MAX_NUMBER_TEXT = 400;

export class HproseInput {
  pos = 0;

  constructor(protected readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
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
  readUntil(stop: number, what: string): string {
    const start = this.pos;
    const end = this.buf.indexOf(stop, start);
    if (end < 0 || end - start > MAX_NUMBER_TEXT) this.fail(l10n.t('unterminated {0}', what));
    this.pos = end + 1;
    return this.buf.toString('latin1', start, end);
  }
  /** A non-negative count or length before `stop` (empty means 0, as in the npm Reader). */
  readCount(stop: number, what: string): number {
    const text = this.readUntil(stop, what);
    if (text === '') return 0;
    if (!/^\d{1,10}$/.test(text)) this.fail(l10n.t('bad {0} "{1}"', what, text.slice(0, 20)));
    return Number(text);
  }
  readSignedInt(what: string): string {
    const text = this.readUntil(Tag.Semicolon, what);
    if (text === '') return '0';
    if (!/^[-+]?\d+$/.test(text)) this.fail(l10n.t('bad {0} "{1}"', what, text.slice(0, 20)));
    return text.replace(/^\+/, '');
  }
  readDigits(count: number, what: string): string {
    if (count > this.remaining) this.fail(l10n.t('truncated {0}', what));
    const text = this.buf.toString('latin1', this.pos, this.pos + count);
    if (!/^\d+$/.test(text)) this.fail(l10n.t('bad {0} "{1}"', what, text));
    this.pos += count;
    return text;
  }
  /**
   * Decodes `count` UTF-16 code units of UTF-8 from the buffer: 1–3 byte sequences are one unit, 4-byte sequences
   * (astral characters) two. Like the npm Reader, a count that ends inside a surrogate pair takes the whole pair.
   */
  readUtf16Units(count: number, astralUnits: 1 | 2 = 2): string {
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

  /** `count` bytes as Latin-1 text, left unread (a caller checks them before it takes them with `skip`). */
  peekText(count: number): string {
    return this.buf.toString('latin1', this.pos, this.pos + count);
  }

  skip(count: number): void {
    this.pos += count;
  }

  /** The next `length` bytes, taken. */
  take(length: number): Buffer {
    const bytes = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return bytes;
  }
}

export function describeByte(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? `"${String.fromCharCode(byte)}"` : l10n.t('byte 0x{0}', byte.toString(16).padStart(2, '0'));
}
