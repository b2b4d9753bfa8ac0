/**
 * Values of request-file variables as text and for messages: text from outside the file read as typed JSON, a
 * value's text where it substitutes into a URL, header or JSON string, a value as a message shows it, and the
 * spelling distance behind "did you mean".
 */
import * as l10n from '@vscode/l10n';
import { readTypedJson } from '../core/typedJson';
import type { TypedValue } from '../core/types';
import { taggedOf, validateTypedValue } from '../core/values';

/** Text from outside the file (`--var`, `$env`, a text variable once substituted): typed JSON when it is, else a string. */
export function valueOfText(text: string): { ok: true; value: TypedValue } | { ok: false; error: string } {
  const read = readTypedJson(text);
  if (read.ok) {
    const invalid = validateTypedValue(read.value);
    return invalid ? { ok: false, error: invalid } : { ok: true, value: read.value };
  }
  const first = text.trimStart()[0];
  if (first === '"' || first === '[' || first === '{') {
    return { ok: false, error: read.problem.kind === 'syntax' ? l10n.t('not valid JSON: {0}', read.problem.reason) : read.problem.reason };
  }
  if (read.problem.kind === 'value') return { ok: false, error: read.problem.reason };
  return { ok: true, value: text };
}

/** A double as typed JSON text: 5.0 for an integral one (so it still reads as a double), NaN/Infinity by name. */
function doubleText(n: number): string {
  if (Object.is(n, -0)) return '-0.0';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return `${n}.0`;
  return String(n);
}

/** A value's text where it substitutes as text (URL, header, inside a JSON string). */
export function textOf(value: TypedValue): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  const tagged = taggedOf(value);
  if (tagged) return tagged.tag === '$double' ? doubleText(tagged.value) : tagged.value;
  return JSON.stringify(value);
}

/** A value for a one-line message: as it would be typed (`5`, `5.0`, `"x"`, `{"a":1}`), at most `max` characters. */
export function displayValue(value: TypedValue, max = 60): string {
  let text: string;
  const tagged = value !== null && typeof value === 'object' && !Array.isArray(value) ? taggedOf(value) : null;
  if (tagged?.tag === '$double') text = doubleText(tagged.value);
  else if (tagged?.tag === '$i8') text = tagged.value;
  else text = JSON.stringify(value) ?? String(value);
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function kindOf(value: TypedValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return l10n.t('an array');
  if (typeof value === 'object') return taggedOf(value) ? l10n.t('a {0}', taggedOf(value)!.tag) : l10n.t('a struct');
  return typeof value === 'string' ? l10n.t('a string') : typeof value === 'number' ? l10n.t('a number') : l10n.t('a boolean');
}

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
