/**
 * Typed JSON templates: arguments, an EXPECT value or a JSON variable, with `{{…}}` references standing for whole
 * values (or text inside a string). Most read in one pass (jsonTemplateReader.ts); the others by the scanning path
 * here, a hand-written scan over char codes that finds the references, the top-level items and the comment lines to
 * blank, then the typed JSON reader checks the padded text.
 */
import * as l10n from '@vscode/l10n';
import { readTypedJson, readTypedJsonList } from '../core/typedJson';
import { validateTypedValue } from '../core/values';
import type { TypedValue } from '../core/types';
import { fit, NO_REFERENCES, pairAt, SourceJsonTemplate } from './positions';
import { readTemplateInOnePass } from './jsonTemplateReader';
import { readReference, reportTo, type ScanContext } from './references';
import type { Diagnostic, JsonTemplate, Reference } from './types';

/** A header line's start. Sticky (`y`): matched at a line's first character, inside the file's text, without slicing the line. */
export const HEADER = /([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)[ \t]*:/y;

/**
 * Typed JSON with references over [offset, end) (possibly many lines; comment and definition lines in it are
 * blanked). `list`: comma-separated values (the arguments); `value`: exactly one. Problems are returned, not
 * reported: a variable definition first tries to read as JSON. Most templates read in one pass
 * (jsonTemplateReader.ts); the others are scanned, then read.
 */
export function readJsonTemplate(ctx: ScanContext, offset: number, end: number, shape: 'list' | 'value'): { template: JsonTemplate; problems: Diagnostic[] } {
  const read = readTemplateInOnePass(ctx, offset, end, shape);
  if (!read) return scanThenRead(ctx, offset, end, shape);
  const items = read.items.take(NO_BOUNDS);
  const template = new SourceJsonTemplate(ctx.token(offset, end), read.source, read.references.take(NO_REFERENCES), items);
  // The values are needed to check a tagged object, and kept by a template without references.
  if (!read.sawDollarKey && template.references.length > 0) {
    read.values.clear();
    template.valid = true; // no tagged object: every value is valid
    return { template, problems: NO_PROBLEMS };
  }
  // A fresh list when empty, as a read of its own made (a template's values are handed out).
  const values = read.values.length === 0 ? [] : read.values.take([]);
  const problems = CHECK_PROBLEMS;
  if (read.sawDollarKey) checkValues(ctx, template, values, items, shape, problems);
  else template.valid = true;
  if (template.valid && template.references.length === 0) template.values = values;
  return { template, problems: problems.length === 0 ? NO_PROBLEMS : problems.splice(0) };
}

/**
 * The scanning path: the text is scanned for references, items and blanked lines, then checked with the typed JSON
 * reader, each value reference replaced by `null` padded to its length, so every position is exact. Exported for
 * the tests that hold the one-pass read to it.
 */
export function scanThenRead(ctx: ScanContext, offset: number, end: number, shape: 'list' | 'value'): { template: JsonTemplate; problems: Diagnostic[] } {
  const { text } = ctx;
  const problems: Diagnostic[] = [];
  const references: Reference[] = [];
  /** Start and end of each top-level item, in turn (scratch: copied to the template at its exact size). */
  const items = ITEM_BOUNDS;
  items.length = 0;
  let padded = '';
  /** The text with blanked lines, built only once a line is blanked (else it is the token's text). */
  let source: string | undefined;
  let sourceCopied = offset;
  let copied = offset;
  let inString = false;
  let depth = 0;
  let itemStart = -1;
  let itemEnd = -1;
  let broken = false;
  let i = offset;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      inString = false; // a JSON string never spans lines; the reader reports it
      const lineIndex = ctx.lineOf(i + 1);
      if (c === 0x0a && ctx.ignorable[lineIndex] === 1) {
        // A comment or definition line inside the value: blanked, keeping offsets.
        const lineEnd = Math.min(ctx.lineEnds[lineIndex], end);
        const blank = ' '.repeat(lineEnd - (i + 1));
        padded += text.slice(copied, i + 1) + blank;
        source = (source ?? '') + text.slice(sourceCopied, i + 1) + blank;
        i = lineEnd;
        copied = i;
        sourceCopied = i;
        continue;
      }
      i++;
      continue;
    }
    if (c === 0x7b && text.charCodeAt(i + 1) === 0x7b) {
      const lineEnd = Math.min(end, ctx.lineEnds[ctx.lineOf(i)]);
      const close = pairAt(text, 0x7d, i + 2, lineEnd);
      if (close === -1 || close + 2 > lineEnd) {
        reportTo(ctx, problems, l10n.t('{{ is not closed with }}'), i, lineEnd);
        broken = true;
        break;
      }
      const length = close + 2 - i;
      const reference = readReference(ctx, i, close + 2, inString, problems);
      if (reference) references.push(reference);
      else broken = true;
      if (!inString && itemStart === -1) itemStart = i;
      padded += text.slice(copied, i) + (inString ? 'x'.repeat(length) : 'null' + ' '.repeat(length - 4));
      i = close + 2;
      copied = i;
      if (!inString) itemEnd = i;
      continue;
    }
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        itemEnd = i + 1;
      }
      i++;
      continue;
    }
    if (c === 0x20 || c === 0x09) {
      i++;
      continue;
    }
    if (c === 0x2c && depth === 0) {
      if (itemStart !== -1) items.push(itemStart, itemEnd);
      itemStart = -1;
    } else {
      if (itemStart === -1) itemStart = i;
      itemEnd = i + 1;
      if (c === 0x22) inString = true;
      else if (c === 0x5b || c === 0x7b) depth++;
      else if (c === 0x5d || c === 0x7d) depth--;
    }
    i++;
  }
  if (itemStart !== -1) items.push(itemStart, itemEnd);
  const itemCount = items.length >> 1;
  padded += text.slice(copied, end);
  if (source !== undefined) source += text.slice(sourceCopied, end);
  else source = references.length === 0 ? padded : text.slice(offset, end); // nothing blanked: the text itself
  const template: JsonTemplate = new SourceJsonTemplate(ctx.token(offset, end), source, fit(references, NO_REFERENCES), fit(items, NO_BOUNDS));
  if (broken) return { template, problems };

  const read = shape === 'list' ? readTypedJsonList(padded) : readTypedJson(padded);
  if (!read.ok) {
    const at = offset + read.problem.offset;
    const inside = references.find((r) => !r.inString && r.offset <= at && at < r.end);
    let message = read.problem.kind === 'syntax' ? l10n.t('not valid JSON: {0}', read.problem.reason) : read.problem.reason;
    const index = 'index' in read ? (read.index as number) : 0;
    if (read.problem.kind === 'value' && (itemCount > 1 || index > 1)) message = l10n.t('argument {0}: {1}', index, message);
    if (inside) message = l10n.t('{0} stands for a whole value and cannot be here (as an object key, write "{0}")', inside.text);
    const atLine = ctx.lineOf(at);
    const lineRest = text.slice(at, ctx.lineEnds[atLine]);
    HEADER.lastIndex = 0;
    if (!inside && shape === 'list' && HEADER.test(lineRest) && text.slice(ctx.lineStarts[atLine], at).trim() === '') {
      message = l10n.t('headers go between the CALL line and the arguments ({0})', message);
    }
    reportTo(ctx, problems, message, at, Math.min(at + Math.max(read.problem.length, 1), end));
    return { template, problems };
  }
  const values = 'values' in read ? read.values : [read.value];
  checkValues(ctx, template, values, items, shape, problems);
  if (template.valid && references.length === 0) template.values = values;
  return { template, problems };
}

/** A template that reads: valid unless a value is not one typed JSON can send (reported to `problems`). */
function checkValues(ctx: ScanContext, template: JsonTemplate, values: TypedValue[], items: number[], shape: 'list' | 'value', problems: Diagnostic[]): void {
  const { references } = template;
  const itemCount = items.length >> 1;
  template.valid = true;
  // Tagged objects are checked once their references are resolved; the others now.
  for (let k = 0; k < values.length && k < itemCount; k++) {
    const itemOffset = items[2 * k];
    const itemStop = items[2 * k + 1];
    if (holdsReference(references, itemOffset, itemStop)) continue;
    const invalid = validateTypedValue(values[k]);
    if (invalid) {
      reportTo(ctx, problems, shape === 'list' ? l10n.t('argument {0}: {1}', k + 1, invalid) : invalid, itemOffset, itemStop);
      template.valid = false;
    }
  }
}

/** Whether a reference lies inside the item [offset, end) (its value is known only once resolved). */
function holdsReference(references: Reference[], offset: number, end: number): boolean {
  for (let k = 0; k < references.length; k++) if (references[k].offset >= offset && references[k].end <= end) return true;
  return false;
}

/** The one-pass path's problems while its values are checked (scratch), and the problems of a template without any. */
const CHECK_PROBLEMS: Diagnostic[] = [];
const NO_PROBLEMS: Diagnostic[] = Object.freeze([]) as unknown as Diagnostic[];

/** readJsonTemplate's item bounds while it scans (one array for every read: reads are never nested). */
const ITEM_BOUNDS: number[] = [];
const NO_BOUNDS: number[] = Object.freeze([]) as unknown as number[];
