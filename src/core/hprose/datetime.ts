/**
 * hprose dates and times ↔ the ISO 8601 text of {"$datetime": "..."}.
 *
 * Wire forms (npm hprose io/Writer.js): `D20261123;` (a date), `D20261123T100000.123Z` (UTC date-time),
 * `D20261123T100000;` (local date-time: no zone on the wire), `T100000.123;` / `T100000Z` (a time of day).
 * Fractions have 3, 6 or 9 digits. ISO forms we produce: `2026-11-23`, `2026-11-23T10:00:00.123Z`,
 * `2026-11-23T10:00:00` (no zone, as on the wire). A time of day reads as a time on 1970-01-01 (as the npm Reader
 * does: `T100000;` → `1970-01-01T10:00:00`), and a local date-time on 1970-01-01 is written as `T…` again (as the
 * npm Writer does), so such values round-trip exactly.
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';

export interface WireDateTime {
  /** YYYYMMDD, or null for a time of day. */
  date: string | null;
  /** hhmmss, or null for a date alone. */
  time: string | null;
  /** The fraction digits (3, 6 or 9), or '' when whole seconds. */
  fraction: string;
  utc: boolean;
}

/** ISO 8601 text of a value read from the wire. */
export function wireToIso(value: WireDateTime): string {
  const parts: string[] = [];
  if (value.date === null) parts.push('1970-01-01');
  else parts.push(`${value.date.slice(0, 4)}-${value.date.slice(4, 6)}-${value.date.slice(6, 8)}`);
  if (value.time !== null) {
    const time = `${value.time.slice(0, 2)}:${value.time.slice(2, 4)}:${value.time.slice(4, 6)}`;
    parts.push(time + (value.fraction ? '.' + value.fraction : '') + (value.utc ? 'Z' : ''));
  }
  return parts.join('T');
}

const DATE_ONLY = /^(\d{4})-?(\d{2})-?(\d{2})$/;
const DATE_TIME = /^(\d{4})-?(\d{2})-?(\d{2})[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const TIME_ONLY = /^T?(\d{2}):?(\d{2}):?(\d{2})(?:[.,](\d{1,9}))?(Z)?$/i;

/**
 * Parses {"$datetime": text}. Accepts `2026-11-23`, `2026-11-23T10:00:00[.fff][Z|+01:00]`, the compact
 * XML-RPC form `20261123T10:00:00`, and `10:00:00[.fff][Z]`. An offset is converted to UTC.
 */
export function isoToWire(text: string): WireDateTime {
  const trimmed = text.trim();
  let m = DATE_ONLY.exec(trimmed);
  if (m) {
    checkDate(text, +m[1], +m[2], +m[3]);
    return { date: m[1] + m[2] + m[3], time: null, fraction: '', utc: false };
  }
  m = DATE_TIME.exec(trimmed);
  if (m) {
    const minuteText = m[5] ?? '00';
    const secondText = m[6] ?? '00';
    const [year, month, day, hour] = m.slice(1, 5).map(Number);
    const minute = Number(minuteText);
    const second = Number(secondText);
    checkDate(text, year, month, day);
    checkTime(text, hour, minute, second);
    const fraction = padFraction(m[7] ?? '');
    const zone = m[8]?.toUpperCase();
    const date = m[1] + m[2] + m[3];
    const time = m[4] + minuteText + secondText;
    if (zone === undefined) return { date: date === '19700101' ? null : date, time, fraction, utc: false };
    if (zone === 'Z') return { date, time, fraction, utc: true };
    // An explicit offset: shift the whole seconds to UTC, keep the fraction digits as they are.
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
    const utc = new Date(Date.UTC(year, month - 1, day, hour, minute - offsetMinutes, second));
    return {
      date: pad(utc.getUTCFullYear(), 4) + pad(utc.getUTCMonth() + 1, 2) + pad(utc.getUTCDate(), 2),
      time: pad(utc.getUTCHours(), 2) + pad(utc.getUTCMinutes(), 2) + pad(utc.getUTCSeconds(), 2),
      fraction,
      utc: true,
    };
  }
  m = TIME_ONLY.exec(trimmed);
  if (m) {
    checkTime(text, +m[1], +m[2], +m[3]);
    return { date: null, time: m[1] + m[2] + m[3], fraction: padFraction(m[4] ?? ''), utc: m[5] !== undefined };
  }
  throw badDateTime(text);
}

/** The wire bytes (as ASCII text) of a date/time, tag included. */
export function wireText(value: WireDateTime): string {
  let text = '';
  if (value.date !== null) text += 'D' + value.date;
  if (value.time !== null) text += 'T' + value.time + (value.fraction ? '.' + value.fraction : '');
  return text + (value.utc ? 'Z' : ';');
}

function padFraction(digits: string): string {
  if (digits === '' || /^0+$/.test(digits)) return '';
  const width = digits.length <= 3 ? 3 : digits.length <= 6 ? 6 : 9;
  return digits.padEnd(width, '0');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function checkDate(text: string, year: number, month: number, day: number): void {
  const probe = new Date(Date.UTC(2000, month - 1, day));
  probe.setUTCFullYear(year);
  if (month < 1 || month > 12 || day < 1 || probe.getUTCDate() !== day) throw badDateTime(text);
}

function checkTime(text: string, hour: number, minute: number, second: number): void {
  if (hour > 23 || minute > 59 || second > 60) throw badDateTime(text);
}

function badDateTime(text: string): RpcError {
  return new RpcError(
    'usage',
    l10n.t('not an ISO 8601 date/time: {0} (expected e.g. "2026-11-23T10:00:00Z", "2026-11-23" or "10:00:00")', JSON.stringify(text)),
  );
}
