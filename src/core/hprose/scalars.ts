/** hprose scalars read after their tag: integers, doubles, dates and times, GUIDs. */
import * as l10n from '@vscode/l10n';
import type { TypedValue } from '../types';
import { wireToIso } from './datetime';
import { describeByte, type HproseInput } from './input';
import { Tag } from './tags';

/** An integer's digits → number when exact, else {"$i8"}. */
export function integerValue(digits: string): TypedValue {
  const n = Number(digits);
  if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
  return { $i8: digits.replace(/^(-?)0+(?=\d)/, '$1') };
}

/** `d<text>;` → number, or {"$double": n} when integral (so it stays a double); NaN and infinities as text. */
export function readDouble(input: HproseInput): TypedValue {
  const text = input.readUntil(Tag.Semicolon, 'double');
  if (/^[-+]?NaN$/.test(text)) return { $double: 'NaN' };
  if (/^[-+]?Infinity$/.test(text)) return { $double: text.startsWith('-') ? '-Infinity' : 'Infinity' };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) input.fail(l10n.t('bad double "{0}"', text.slice(0, 20)));
  const n = Number(text);
  if (!Number.isFinite(n)) return { $double: n > 0 ? 'Infinity' : '-Infinity' };
  return Number.isInteger(n) ? { $double: n } : n;
}

/** `D<yyyymmdd>[T<hhmmss>[.<fraction>]]` or `T…`, ending `Z` (UTC) or `;` (local) → {"$datetime": ISO 8601}. */
export function readDateTime(input: HproseInput, tag: number): { $datetime: string } {
  let date: string | null = null;
  let time: string | null = null;
  let fraction = '';
  let next = tag;
  if (tag === Tag.Date) {
    date = input.readDigits(8, 'date');
    next = input.readByte();
  }
  if (next === Tag.Time) {
    time = input.readDigits(6, 'time');
    next = input.readByte();
    if (next === Tag.Point) {
      fraction = input.readDigits(3, 'fraction');
      next = input.readByte();
      // Microseconds and nanoseconds come as further groups of three digits.
      for (let group = 0; group < 2 && next >= 0x30 && next <= 0x39; group++) {
        input.pos--;
        fraction += input.readDigits(3, 'fraction');
        next = input.readByte();
      }
    }
  }
  if (next !== Tag.UTC && next !== Tag.Semicolon) {
    input.pos--;
    input.fail(l10n.t('bad end of a date/time: {0}', describeByte(next)));
  }
  return { $datetime: wireToIso({ date, time, fraction: /^0+$/.test(fraction) ? '' : fraction, utc: next === Tag.UTC }) };
}

/** `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` → the GUID's text. */
export function readGuid(input: HproseInput): string {
  input.expect(Tag.OpenBrace);
  if (input.remaining < 37) input.fail(l10n.t('truncated GUID'));
  const text = input.peekText(36);
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text)) input.fail(l10n.t('bad GUID'));
  input.skip(36);
  input.expect(Tag.CloseBrace);
  return text;
}
