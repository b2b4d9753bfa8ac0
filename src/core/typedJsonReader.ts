/** Typed JSON values read from text: strings, arrays, objects (a key once), words, numbers (./typedJsonNumber). */
import * as l10n from '@vscode/l10n';
import type { TypedStruct, TypedValue } from './types';
import { readNumber } from './typedJsonNumber';
import { hex4, hexValue, MAX_TYPED_JSON_DEPTH, shorten, TypedJsonText } from './typedJsonText';

export class TypedJsonReader extends TypedJsonText {
  /**
   * Whether an object key starting with `$` was read since start(). Without one, every value read is valid typed
   * JSON (only tagged objects can be invalid, and the numbers' own tags are made valid), so a check can be skipped.
   */
  sawDollarKey = false;

  override start(text: string): void {
    super.start(text);
    this.sawDollarKey = false;
  }

  value(depth: number): TypedValue {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    switch (c) {
      case 0x22 /* " */:
        return this.string();
      case 0x7b /* { */:
        return text.charCodeAt(this.pos + 1) === 0x7b ? this.doubleBrace(depth) : this.object(depth + 1);
      case 0x5b /* [ */:
        return this.array(depth + 1);
      case 0x74 /* t */:
        return this.word('true', true);
      case 0x66 /* f */:
        return this.word('false', false);
      case 0x6e /* n */:
        return this.word('null', null);
      default:
        if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) return readNumber(this);
        return this.unexpectedValue();
    }
  }

  /**
   * `{{` in a value's place: here an object whose key is missing (an error); a request file's template reader reads
   * it as a `{{…}}` reference instead.
   */
  protected doubleBrace(depth: number): TypedValue {
    return this.object(depth + 1);
  }

  private unexpectedValue(): never {
    const start = this.pos;
    if (start >= this.text.length) this.fail('syntax', l10n.t('the text ends where a value was expected'), start, 0);
    const c = this.text.charCodeAt(start);
    if (c === 0x27 /* ' */) this.fail('syntax', l10n.t('strings need double quotes ("…"), not single quotes'), start);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(start, start + 40))?.[0];
    if (word === 'NaN' || word === 'Infinity') {
      this.fail('syntax', l10n.t('{0} is not JSON: write {1}', word, `{"$double": "${word}"}`), start, word.length);
    }
    if (word === 'True' || word === 'False' || word === 'None' || word === 'TRUE' || word === 'FALSE' || word === 'NULL' || word === 'Null') {
      this.fail('syntax', l10n.t('{0} is not JSON: write true, false or null in lower case', word), start, word.length);
    }
    if (word !== undefined) this.fail('syntax', l10n.t('unexpected word {0}: strings need double quotes ("{0}")', word), start, word.length);
    if (c === 0x2c || c === 0x5d || c === 0x7d) this.fail('syntax', l10n.t('unexpected \'{0}\': a value is missing before it', this.text[start]), start);
    this.fail('syntax', l10n.t('unexpected {0}: expected a value (string, number, object, array, true, false or null)', this.describeHere()), start);
  }

  private word(word: string, value: TypedValue): TypedValue {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.unexpectedValue();
  }

  /** A string: checked here (for the error positions), decoded by JSON.parse when it holds escapes (native, linear). */
  private string(): string {
    const text = this.text;
    const open = this.pos;
    let pos = open + 1;
    let escapes = false;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return escapes ? (JSON.parse(text.slice(open, pos + 1)) as string) : text.slice(open + 1, pos);
      }
      if (c === 0x5c /* \ */) {
        escapes = true;
        pos = this.escapeEnd(pos);
        continue;
      }
      if (c < 0x20 || Number.isNaN(c)) {
        if (Number.isNaN(c)) this.fail('syntax', l10n.t('the string that starts here is not closed with "'), open);
        this.fail('syntax', l10n.t('a control character (U+{0}) inside a string must be written as an escape{1}', hex4(c), c === 0x0a ? ' (\\n)' : c === 0x09 ? ' (\\t)' : ''), pos);
      }
      pos++;
    }
  }

  /**
   * Checks the escape at `at` (a backslash) and returns the offset after it. Lone surrogates (\ud800) are kept,
   * as JSON.parse keeps them (JSON-RPC can send them escaped).
   */
  private escapeEnd(at: number): number {
    const text = this.text;
    const c = text.charCodeAt(at + 1);
    switch (c) {
      case 0x22: case 0x5c: case 0x2f: case 0x62: case 0x66: case 0x6e: case 0x72: case 0x74: // " \ / b f n r t
        return at + 2;
      case 0x75 /* u */:
        for (let i = at + 2; i < at + 6; i++) {
          if (hexValue(text.charCodeAt(i)) < 0) this.fail('syntax', l10n.t('\\u must be followed by four hex digits'), at, Math.min(6, text.length - at));
        }
        return at + 6;
      default:
        if (Number.isNaN(c)) this.fail('syntax', l10n.t('the text ends inside an escape'), at);
        this.fail('syntax', l10n.t('unknown escape \\{0} (JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)', String.fromCodePoint(text.codePointAt(at + 1)!)), at, 2);
    }
  }

  private array(depth: number): TypedValue[] {
    const open = this.pos;
    if (depth > MAX_TYPED_JSON_DEPTH) this.fail('value', l10n.t('nested more than {0} levels deep', MAX_TYPED_JSON_DEPTH), open);
    const text = this.text;
    const items: TypedValue[] = [];
    this.pos++;
    // JSON's blanks are all ≤ U+0020: skipSpace is called only when one is there (a file's first parse runs this
    // code unoptimized, where every call costs).
    if (text.charCodeAt(this.pos) <= 0x20) this.skipSpace();
    if (text.charCodeAt(this.pos) === 0x5d /* ] */) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth));
      if (this.afterMember(open)) return items;
    }
  }

  private object(depth: number): TypedStruct {
    const open = this.pos;
    if (depth > MAX_TYPED_JSON_DEPTH) this.fail('value', l10n.t('nested more than {0} levels deep', MAX_TYPED_JSON_DEPTH), open);
    const text = this.text;
    const struct: TypedStruct = {};
    this.pos++;
    if (text.charCodeAt(this.pos) <= 0x20) this.skipSpace();
    if (text.charCodeAt(this.pos) === 0x7d /* } */) {
      this.pos++;
      return struct;
    }
    for (;;) {
      const keyAt = this.pos;
      const k = text.charCodeAt(keyAt);
      if (k !== 0x22) {
        if (Number.isNaN(k)) this.fail('syntax', l10n.t("the object that starts here is not closed with '}'"), open);
        const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(keyAt, keyAt + 40))?.[0];
        if (word !== undefined) this.fail('syntax', l10n.t('a key needs double quotes: "{0}"', word), keyAt, word.length);
        this.fail('syntax', l10n.t('unexpected {0} in an object: expected a key in double quotes', this.describeHere()), keyAt);
      }
      const key = this.string();
      const keyLength = this.pos - keyAt;
      if (key.charCodeAt(0) === 0x24 /* $ */) this.sawDollarKey = true;
      if (text.charCodeAt(this.pos) <= 0x20) this.skipSpace();
      if (text.charCodeAt(this.pos) !== 0x3a /* : */) this.fail('syntax', l10n.t("unexpected {0}: expected ':' after the key {1}", this.describeHere(), shorten(JSON.stringify(key))), this.pos);
      this.pos++;
      if (text.charCodeAt(this.pos) <= 0x20) this.skipSpace();
      // Inside {"$double": …} a number is that double and inside {"$i8": …} that integer, whatever its text.
      const c0 = text.charCodeAt(this.pos);
      const isNumber = c0 === 0x2d || (c0 >= 0x30 && c0 <= 0x39);
      const value = isNumber && key === '$double' ? readNumber(this, 'double') : isNumber && key === '$i8' ? readNumber(this, 'i8') : this.value(depth);
      // A value is never undefined, so the plain lookup settles almost every key; inherited names (toString) ask further.
      if (struct[key] !== undefined && Object.prototype.hasOwnProperty.call(struct, key)) {
        this.fail('value', l10n.t('the key {0} appears twice in one object', shorten(JSON.stringify(key))), keyAt, keyLength);
      }
      // An own "__proto__" key, as JSON.parse makes it (plain assignment would set the prototype).
      if (key === '__proto__') Object.defineProperty(struct, key, { value, enumerable: true, writable: true, configurable: true });
      else struct[key] = value;
      if (this.afterMember(open, key)) return struct;
    }
  }

  /**
   * After a member of the array (no `key`) or object (`key`: the member's) opened at `open`: true at its closing
   * bracket (taken), false past a comma with another member to come; anything else fails with the container's message.
   */
  private afterMember(open: number, key?: string): boolean {
    const inArray = key === undefined;
    const close = inArray ? 0x5d /* ] */ : 0x7d; /* } */
    const text = this.text;
    if (text.charCodeAt(this.pos) <= 0x20) this.skipSpace();
    const c = text.charCodeAt(this.pos);
    if (c === close) {
      this.pos++;
      return true;
    }
    if (c !== 0x2c /* , */) {
      if (Number.isNaN(c)) {
        this.fail('syntax', inArray ? l10n.t("the array that starts here is not closed with ']'") : l10n.t("the object that starts here is not closed with '}'"), open);
      }
      const unexpected = inArray
        ? l10n.t("unexpected {0} in an array: expected ',' or ']'", this.describeHere())
        : l10n.t("unexpected {0} in an object: expected ',' or '}' after the value of {1}", this.describeHere(), shorten(JSON.stringify(key)));
      this.fail('syntax', unexpected, this.pos);
    }
    const comma = this.pos++;
    if (text.charCodeAt(this.pos) <= 0x20) this.skipSpace();
    if (text.charCodeAt(this.pos) === close) {
      this.fail('syntax', inArray ? l10n.t("a trailing comma is not JSON: remove the ',' before ']'") : l10n.t("a trailing comma is not JSON: remove the ',' before '}'"), comma);
    }
    return false;
  }
}
