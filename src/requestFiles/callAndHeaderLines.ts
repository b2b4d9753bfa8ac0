/**
 * A call's own lines that are read word by word: the CALL line's URL and method, and the `Name: value` header lines
 * right below it.
 */
import * as l10n from '@vscode/l10n';
import { looksSecret } from '../core/secrets';
import type { Line, LineContext } from './lineContext';
import { isBlank, pairAt, SourceRange, trimmedEnd } from './positions';
import { readTextTemplate } from './references';
import type { Header, RequestCall } from './types';

/** The characters of a header name after its first letter (HEADER's name), by code: 1 for each. */
const HEADER_NAME_CHAR = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+.^_`|~-") HEADER_NAME_CHAR[c.charCodeAt(0)] = 1;

/**
 * The CALL line after its keyword (which ends at `from`): the URL, the method and anything after them, words
 * separated by blanks, a {{…}} (spaces and all) inside its word. A missing URL or method leaves the call incomplete.
 */
export function readCallTarget(ctx: LineContext, line: Line, call: RequestCall, from: number): void {
  const { text } = ctx;
  const urlStart = wordStart(text, from, line.end);
  if (urlStart === line.end) {
    ctx.error(l10n.t('CALL needs a URL and a method: CALL <url> <method>'), line.end);
    call.complete = false;
    return;
  }
  const urlEnd = wordEnd(text, urlStart, line.end);
  call.url = readTextTemplate(ctx, urlStart, urlEnd);
  const methodStart = wordStart(text, urlEnd, line.end);
  if (methodStart === line.end) {
    ctx.error(l10n.t('CALL needs a method after the URL: CALL <url> <method>'), line.end);
    call.complete = false;
    return;
  }
  const methodEnd = wordEnd(text, methodStart, line.end);
  call.method = readTextTemplate(ctx, methodStart, methodEnd);
  const restStart = wordStart(text, methodEnd, line.end);
  if (restStart < line.end) {
    ctx.error(l10n.t('unexpected text after the method: arguments go on the lines below the CALL line'), restStart, line.end);
  }
}

/** The first character at or after `from` that is not a space or tab (`to` when none). */
function wordStart(text: string, from: number, to: number): number {
  while (from < to && (text.charCodeAt(from) === 0x20 || text.charCodeAt(from) === 0x09)) from++;
  return from;
}

/** The end of the word at `from`: the next space or tab outside a {{…}}. */
function wordEnd(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) break;
    if (c === 0x7b && text.charCodeAt(i + 1) === 0x7b) {
      const close = pairAt(text, 0x7d, i + 2, to);
      i = close !== -1 && close < to ? close + 2 : to;
    } else i++;
  }
  return i;
}

/**
 * Whether a line is a header line: a name (a letter, then name characters), blanks, then ':' (jsonTemplate.ts's
 * HEADER, read without a regular expression: header lines are tried on every line below a CALL line).
 */
export function isHeaderLine(text: string, line: Line): boolean {
  const c = text.charCodeAt(line.first);
  if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return false;
  let i = line.first + 1;
  while (i < line.end && HEADER_NAME_CHAR[text.charCodeAt(i)] === 1) i++;
  while (i < line.end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return i < line.end && text.charCodeAt(i) === 0x3a /* : */;
}

/** A header line of `call` (isHeaderLine): added to the call's headers, a repeated name or a credential reported. */
export function readHeader(ctx: LineContext, line: Line, call: RequestCall): void {
  // The name is the run of name characters, then blanks and ':'.
  const { text } = ctx;
  let nameEnd = line.first + 1;
  while (nameEnd < line.end && HEADER_NAME_CHAR[text.charCodeAt(nameEnd)] === 1) nameEnd++;
  const name = ctx.token(line.first, nameEnd);
  const nameText = text.slice(line.first, nameEnd);
  let valueStart = text.indexOf(':', nameEnd) + 1;
  while (valueStart < line.end && isBlank(text.charCodeAt(valueStart))) valueStart++;
  const valueEnd = trimmedEnd(text, valueStart, line.end);
  const value = readTextTemplate(ctx, valueStart, valueEnd);
  let same: Header | undefined;
  const { headers } = call;
  for (let k = 0; k < headers.length; k++) {
    const other = headers[k].name;
    if (other.end - other.offset === nameEnd - line.first && text.slice(other.offset, other.end).toLowerCase() === nameText.toLowerCase()) {
      same = headers[k];
      break;
    }
  }
  if (same) ctx.error(l10n.t('header {0} is already set on line {1}', nameText, same.range.start.line + 1), name.offset, name.end);
  if (value.references.length === 0 && valueEnd > valueStart && looksSecret(nameText, text.slice(valueStart, valueEnd))) {
    ctx.report('warning', l10n.t('{0} holds a credential written in the file: use {{$secret NAME}} to keep it out of the repository', nameText), value.token.offset, value.token.end);
  }
  // A list at its exact size for each header (a call has a few): no list grown by push (room for 16 more) is kept.
  call.headers = headers.concat({ name, value, range: new SourceRange(ctx.source, line.first, line.end) });
}
