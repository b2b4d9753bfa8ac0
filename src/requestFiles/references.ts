/**
 * `{{…}}` references: reading one (a variable with its path, `$env NAME`, `$secret NAME`), and text templates (a URL,
 * a method, a header value) where references substitute as text.
 */
import * as l10n from '@vscode/l10n';
import { readTypedJson } from '../core/typedJson';
import { fit, isBlank, NO_PATH, NO_REFERENCES, pairAt, SourceReference, type SourceToken } from './positions';
import { ScratchList } from './scratchList';
import type { Diagnostic, ParsedRequestFile, PathSegment, Position, Reference, TextTemplate } from './types';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What the template and reference readers ask of the parser: the text, its lines, tokens and diagnostics. */
export interface ScanContext {
  readonly text: string;
  /** What tokens and ranges keep of the file (not the parser). */
  readonly source: Pick<ParsedRequestFile, 'lineStarts' | 'text'>;
  readonly lineStarts: number[];
  /** End of each line's content (before `\r\n` / `\n`). */
  readonly lineEnds: Int32Array;
  /** 1 for a line that is no part of any typed JSON (blanked in a template): a comment, a definition. */
  readonly ignorable: Uint8Array;
  token(offset: number, end: number): SourceToken;
  position(offset: number): Position;
  lineOf(offset: number): number;
  error(message: string, offset: number, end?: number): void;
}

/** `{{…}}` inside text: substitutes as text. */
export function readTextTemplate(ctx: ScanContext, offset: number, end: number): TextTemplate {
  const { text } = ctx;
  const first = pairAt(text, 0x7b, offset, end);
  if (first === -1 || first >= end) return { token: ctx.token(offset, end), references: NO_REFERENCES };
  const references = TEXT_REFERENCES;
  for (let i = first; i !== -1; i = pairAt(text, 0x7b, i, end)) {
    const close = pairAt(text, 0x7d, i + 2, end);
    if (close === -1 || close + 2 > end) {
      ctx.error(l10n.t('{{ is not closed with }}'), i, end);
      break;
    }
    const reference = readReference(ctx, i, close + 2, false);
    if (reference) references.push(reference);
    i = close + 2;
  }
  return { token: ctx.token(offset, end), references: references.take(NO_REFERENCES) };
}

/** readTextTemplate's references while it reads (reads are never nested). */
const TEXT_REFERENCES = new ScratchList<Reference>();

/** Reports an error to `problems`, or (without) to the file's diagnostics. A function, not a closure per read. */
export function reportTo(ctx: ScanContext, problems: Diagnostic[] | undefined, message: string, from: number, to = from): void {
  if (problems) problems.push({ severity: 'error', message, offset: from, end: to, range: { start: ctx.position(from), end: ctx.position(to) } });
  else ctx.error(message, from, to);
}

/** Reads `{{…}}` at [offset, end); reports a malformed one (to `problems`, or the file's diagnostics). */
export function readReference(ctx: ScanContext, offset: number, end: number, inString: boolean, problems?: Diagnostic[]): Reference | undefined {
  const { text } = ctx;
  let i = offset + 2;
  const innerEnd = end - 2;
  while (i < innerEnd && isBlank(text.charCodeAt(i))) i++;
  let last = innerEnd;
  while (last > i && isBlank(text.charCodeAt(last - 1))) last--;
  if (i === last) {
    reportTo(ctx, problems, l10n.t('empty {{}}: write {{name}}, {{$env NAME}} or {{$secret NAME}}'), offset, end);
    return undefined;
  }
  if (text[i] === '$') {
    const word = /^\$[A-Za-z]*/.exec(text.slice(i, last))![0];
    const kind = word === '$env' ? 'env' : word === '$secret' ? 'secret' : undefined;
    if (!kind) {
      reportTo(ctx, problems, l10n.t('unknown {0}: {{$env NAME}} reads an environment variable, {{$secret NAME}} a secret', word || '$'), i, i + Math.max(word.length, 1));
      return undefined;
    }
    let nameStart = i + word.length;
    while (nameStart < last && isBlank(text.charCodeAt(nameStart))) nameStart++;
    const name = text.slice(nameStart, last);
    if (!ENV_NAME.test(name)) {
      reportTo(ctx, problems, name ? l10n.t('{0} needs a NAME of letters, digits and _, not "{1}"', `{{${word} NAME}}`, name) : l10n.t('{0} needs a NAME of letters, digits and _', `{{${word} NAME}}`), nameStart === last ? i : nameStart, last === nameStart ? i + word.length : last);
      return undefined;
    }
    return new SourceReference(ctx.source, offset, end, kind, name, nameStart, NO_PATH, inString);
  }
  let nameEnd = i;
  if (NAME_CHAR[text.charCodeAt(i)] === NAME_START) {
    nameEnd++;
    while (nameEnd < last && NAME_CHAR[text.charCodeAt(nameEnd)] > 0) nameEnd++; // undefined (≥ 128) > 0 is false
  }
  if (nameEnd === i) {
    reportTo(ctx, problems, l10n.t('not a variable reference: {0} (a name starts with a letter or _)', `{{${text.slice(i, last)}}}`), offset, end);
    return undefined;
  }
  const name = text.slice(i, nameEnd);
  // Most references have no path: no list is made for them.
  if (nameEnd === last) return new SourceReference(ctx.source, offset, end, 'variable', name, i, NO_PATH, inString);
  const path: PathSegment[] = [];
  let p = nameEnd;
  while (p < last) {
    if (text[p] === '.') {
      const key = /^[^\s.[\]{}"]+/.exec(text.slice(p + 1, last))?.[0];
      if (!key) {
        reportTo(ctx, problems, l10n.t('a key must follow "."'), p, p + 1);
        return undefined;
      }
      path.push({ key, token: ctx.token(p, p + 1 + key.length) });
      p += 1 + key.length;
    } else if (text[p] === '[') {
      const closeWithin = text.slice(p, last).indexOf(']');
      const close = closeWithin === -1 ? -1 : p + closeWithin;
      const inner = close === -1 || close > last ? '' : text.slice(p + 1, close).trim();
      if (/^\d+$/.test(inner)) {
        path.push({ index: Number(inner), token: ctx.token(p, close + 1) });
      } else if (inner.startsWith('"') && !inString) {
        const read = readTypedJson(inner);
        if (!read.ok || typeof read.value !== 'string') {
          reportTo(ctx, problems, l10n.t('["key"] needs a JSON string'), p, close === -1 ? last : close + 1);
          return undefined;
        }
        path.push({ key: read.value, token: ctx.token(p, close + 1) });
      } else {
        reportTo(ctx, problems, inString ? l10n.t('inside a JSON string use [0] or .key in a reference') : l10n.t('expected [0] or ["key"]'), p, close === -1 || close > last ? last : close + 1);
        return undefined;
      }
      p = close + 1;
    } else {
      reportTo(ctx, problems, l10n.t('unexpected "{0}" in {1}: write {2}', text[p], '{{…}}', '{{name}}, {{name.key[0]}}, {{$env NAME}} or {{$secret NAME}}'), p, p + 1);
      return undefined;
    }
  }
  return new SourceReference(ctx.source, offset, end, 'variable', name, i, fit(path, NO_PATH), inString);
}

/** Whether [from, to) is a variable name (a letter or _, then letters, digits, _ and -), read in place. */
export function isVariableName(text: string, from: number, to: number): boolean {
  if (from >= to || NAME_CHAR[text.charCodeAt(from)] !== NAME_START) return false;
  for (let i = from + 1; i < to; i++) if (!(NAME_CHAR[text.charCodeAt(i)] > 0)) return false;
  return true;
}

/**
 * A name's characters by code (a table: a name is read a character at a time, without a call per character):
 * NAME_START for A–Z, a–z and _, which may start it, NAME_REST for 0–9 and -, 0 for the others (below 128).
 */
const NAME_START = 1;
const NAME_REST = 2;
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f) NAME_CHAR[c] = NAME_START;
  else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) NAME_CHAR[c] = NAME_REST;
}
