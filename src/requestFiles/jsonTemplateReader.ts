/**
 * A typed JSON template read in one pass: the typed JSON reader runs over the template's own text, and a `{{…}}` in
 * a value's place is read as a reference that stands for null. Scanning the text for references first and then
 * reading a padded copy of it was half of a large file's parse.
 *
 * It takes the common templates only: references in a value's place, none inside a string, no comment or
 * definition line inside, text that reads without a problem. For anything else it gives up (undefined), and
 * jsonTemplate.ts's scan-then-read path reads the template and reports what is wrong, as it always did.
 */
import type { TypedValue } from '../core/types';
import { TypedJsonReader } from '../core/typedJsonReader';
import { TypedJsonFailure } from '../core/typedJsonText';
import { pairAt } from './positions';
import { ScratchList } from './scratchList';
import { readReference, type ScanContext } from './references';
import type { Diagnostic, Reference } from './types';

/** What a one-pass read found: the values (a reference's is null), the references, and each top-level item's bounds. */
export interface OnePassRead {
  /** The template's text (what the template keeps as its source). */
  source: string;
  /** Scratch lists, valid until the next read: the caller takes them. */
  values: ScratchList<TypedValue>;
  references: ScratchList<Reference>;
  /** Start and end of each top-level item, in turn. */
  items: ScratchList<number>;
  /** Whether an object key starting with `$` was read: without one, every value is valid (nothing to check). */
  sawDollarKey: boolean;
}

/** Thrown inside a read to give up on it (the scanning path reads the template instead). */
const GIVE_UP = Object.freeze({ givenUp: true });

/** The typed JSON reader, with `{{…}}` in a value's place read as a reference of the file. */
class TemplateReader extends TypedJsonReader {
  ctx: ScanContext | undefined = undefined;
  /** Offset of the text read (`source`) in the file, and its end. */
  base = 0;
  end = 0;
  readonly references = new ScratchList<Reference>();
  readonly items = new ScratchList<number>();
  readonly values = new ScratchList<TypedValue>();
  /** A malformed reference's problems land here and are dropped: the scanning path reports them. */
  readonly dropped: Diagnostic[] = [];

  protected override doubleBrace(): TypedValue {
    const ctx = this.ctx!;
    const at = this.base + this.pos;
    // As the scanning path finds the reference's end: the first `}}` on its line.
    const lineEnd = Math.min(this.end, ctx.lineEnds[ctx.lineOf(at)]);
    const close = pairAt(ctx.text, 0x7d, at + 2, lineEnd);
    if (close === -1 || close + 2 > lineEnd) throw GIVE_UP;
    const reference = readReference(ctx, at, close + 2, false, this.dropped);
    if (!reference) throw GIVE_UP;
    this.references.push(reference);
    this.pos = close + 2 - this.base;
    return null;
  }

  /** Reads the top-level values as readTypedJsonList (`list`) or readTypedJson (`value`) does; gives up where they fail. */
  readValues(shape: 'list' | 'value'): void {
    const { text, values, items } = this;
    if (text.charCodeAt(this.pos) <= 0x20) this.skipSpace(); // see TypedJsonReader.array
    if (this.pos >= text.length) {
      if (shape === 'value') throw GIVE_UP;
      return;
    }
    for (;;) {
      const start = this.pos;
      values.push(this.value(0));
      items.push(this.base + start);
      items.push(this.base + this.pos);
      if (text.charCodeAt(this.pos) <= 0x20) this.skipSpace();
      if (this.pos >= text.length) return;
      if (shape === 'value' || text.charCodeAt(this.pos) !== 0x2c /* , */) throw GIVE_UP;
      this.pos++;
      if (text.charCodeAt(this.pos) <= 0x20) this.skipSpace();
      if (this.pos >= text.length) throw GIVE_UP; // a trailing comma
    }
  }
}

/** One reader for every read (reads are synchronous and never nested): see typedJson.ts's reader. */
const reader = new TemplateReader();

/** The template over [offset, end) of the file read in one pass, or undefined where the scanning path must read it. */
export function readTemplateInOnePass(ctx: ScanContext, offset: number, end: number, shape: 'list' | 'value'): OnePassRead | undefined {
  // A comment or definition line inside the value is blanked by the scanning path.
  const { lineStarts, ignorable } = ctx;
  for (let line = ctx.lineOf(offset) + 1; line < lineStarts.length && lineStarts[line] <= end; line++) {
    if (ignorable[line] === 1) return undefined;
  }
  const source = ctx.text.slice(offset, end);
  const { references } = reader;
  reader.start(source);
  reader.ctx = ctx;
  reader.base = offset;
  reader.end = end;
  try {
    reader.readValues(shape);
    RESULT.sawDollarKey = reader.sawDollarKey;
  } catch (e) {
    if (e === GIVE_UP || e instanceof TypedJsonFailure) return givenUp();
    throw e;
  } finally {
    reader.start('');
    reader.ctx = undefined;
    if (reader.dropped.length > 0) reader.dropped.length = 0; // setting a length is not free in a first parse
  }
  // Every `{{` must be one of the references read: a `{{` inside a string is the scanning path's to read.
  let from = 0;
  for (let k = 0; k < references.length; k++) {
    if (source.indexOf('{{', from) !== references.at(k).offset - offset) return givenUp();
    from = references.at(k).end - offset;
  }
  if (source.indexOf('{{', from) !== -1) return givenUp();
  RESULT.source = source;
  return RESULT;
}

function givenUp(): undefined {
  reader.values.clear();
  reader.references.clear();
  reader.items.clear();
  return undefined;
}

/** The one result (scratch, as its lists): a read makes no garbage of its own. */
const RESULT: OnePassRead = { source: '', values: reader.values, references: reader.references, items: reader.items, sawDollarKey: false };
