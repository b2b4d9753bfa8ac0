/**
 * A typed JSON number: the literal's own type (an integer while safe, {"$i8"} up to 64 bits, a double, {"$double"}
 * when integral), read in one pass without slicing the text for most numbers.
 */
import * as l10n from '@vscode/l10n';
import type { TypedValue } from './types';
import { shorten, type TypedJsonText } from './typedJsonText';

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * `typed`: the literal's own type (see the header). `double`: the number as a double, as read by Number().
 * `i8`: an integer literal as a number while safe, else its digits (the $i8 check judges the range).
 */
export function readNumber(input: TypedJsonText, mode: 'typed' | 'double' | 'i8' = 'typed'): TypedValue {
  const text = input.text;
  const start = input.pos;
  let pos = start;
  if (text.charCodeAt(pos) === 0x2d) pos++;
  const intStart = pos;
  let c = text.charCodeAt(pos);
  if (!(c >= 0x30 && c <= 0x39)) {
    if (text.startsWith('Infinity', pos)) input.fail('syntax', l10n.t('{0} is not JSON: write {1}', '-Infinity', '{"$double": "-Infinity"}'), start, 9);
    input.fail('syntax', l10n.t("'-' must be followed by a digit"), pos);
  }
  // The integer part's value as it is read: exact for up to 15 digits, which spares most numbers a slice.
  let small = 0;
  while (c >= 0x30 && c <= 0x39) {
    small = small * 10 + (c - 0x30);
    c = text.charCodeAt(++pos);
  }
  if (text.charCodeAt(intStart) === 0x30 && pos - intStart > 1) {
    input.fail('syntax', l10n.t('a number cannot have leading zeros (to keep them, send a string: "…")'), start, pos - start);
  }
  const intDigits = pos - intStart;
  let isDouble = false;
  let fractionDigits = 0;
  if (c === 0x2e /* . */) {
    isDouble = true;
    c = text.charCodeAt(++pos);
    if (!(c >= 0x30 && c <= 0x39)) input.fail('syntax', l10n.t('a digit must follow the decimal point'), pos);
    while (c >= 0x30 && c <= 0x39) {
      small = small * 10 + (c - 0x30);
      fractionDigits++;
      c = text.charCodeAt(++pos);
    }
  }
  let exponent = 0;
  if (c === 0x65 || c === 0x45 /* e E */) {
    isDouble = true;
    c = text.charCodeAt(++pos);
    let sign = 1;
    if (c === 0x2b || c === 0x2d) {
      if (c === 0x2d) sign = -1;
      c = text.charCodeAt(++pos);
    }
    if (!(c >= 0x30 && c <= 0x39)) input.fail('syntax', l10n.t('a digit must follow the exponent'), pos);
    while (c >= 0x30 && c <= 0x39) {
      if (exponent < 100000) exponent = exponent * 10 + (c - 0x30);
      c = text.charCodeAt(++pos);
    }
    exponent *= sign;
  }
  input.pos = pos;
  const negative = intStart !== start;
  if (intDigits + fractionDigits <= 15) {
    if (!isDouble) return negative && small !== 0 ? -small : small; // -0 is the integer 0
    // Clinger's fast path: an exact mantissa below 10^15 times an exact power of ten, rounded once, is
    // exactly what Number() gives, without slicing the text.
    const scale = exponent - fractionDigits;
    if (scale >= -22 && scale <= 22) {
      const magnitude = scale < 0 ? small / POW10[-scale] : small * POW10[scale];
      const n = negative ? -magnitude : magnitude;
      return mode === 'typed' && Number.isInteger(n) ? { $double: n } : n;
    }
  }
  const lexeme = text.slice(start, pos);
  if (!isDouble && mode === 'typed') {
    // 16 digits or more. Digit strings of one length compare as their numbers do: no Number(), no BigInt.
    const digits = intStart === start ? lexeme : lexeme.slice(1);
    if (intDigits === 16 && digits <= '9007199254740991') return Number(lexeme);
    if (intDigits > 19 || (intDigits === 19 && digits > (negative ? '9223372036854775808' : '9223372036854775807'))) {
      const shown = shorten(lexeme);
      const reason =
        shown === lexeme
          ? l10n.t('{0} is beyond the signed 64-bit integer range; send it as a string ("{0}") or as a double ({1})', lexeme, `{"$double": ${lexeme}}`)
          : l10n.t('{0} is beyond the signed 64-bit integer range; send it as a string or as {1}', shown, '{"$double": …}');
      input.fail('value', reason, start, pos - start);
    }
    return { $i8: lexeme };
  }
  const n = Number(lexeme);
  if (mode === 'i8' && !isDouble) return Number.isSafeInteger(n) ? n : lexeme;
  if (!Number.isFinite(n)) {
    input.fail('value', l10n.t('{0} is beyond the range of a double; to send infinity write {1}', shorten(lexeme), `{"$double": "${n > 0 ? 'Infinity' : '-Infinity'}"}`), start, pos - start);
  }
  // An integral double keeps its type: a plain 1 would be sent as an int.
  return mode === 'typed' && Number.isInteger(n) ? { $double: n } : n;
}
