/**
 * The request file parser: `.rpc` text → variables, calls and diagnostics, with the position of every token, and
 * as much of the file as could be read when parts of it are wrong (the editor shows both). Pure: no I/O, no vscode.
 *
 * The format, line by line (a line's leading whitespace is ignored except before `###`):
 *   `###` + title            starts a call (a first call may also start at its CALL line)
 *   `# …`, `// …`            comments; `# @name NAME` and `# @protocol auto|xmlrpc|jsonrpc|hprose` (the core's protocols) above a CALL;
 *                            `# @batch NAME` on consecutive calls to one URL sends them as one request
 *   `@name = value`          a file variable (file-wide, wherever it is defined)
 *   `CALL <url> <method>`    then optional `Name: value` header lines right below it
 *   arguments                the argument box's typed JSON list (`"a", 42`), over as many lines as it needs
 *   `EXPECT <typed JSON>`    or `EXPECT FAULT` / `EXPECT FAULT <code>` / `EXPECT NOTIFICATIONS <method> <count>`
 * `{{…}}` references a variable: `{{base}}`, `{{hello.result.items[0].id}}`, `{{$env NAME}}`, `{{$secret NAME}}`.
 */
import * as l10n from '@vscode/l10n';
import { PROTOCOL_CHOICES } from '../core/protocols';
import { looksSecret } from '../core/secrets';
import type { ProtocolChoice, TypedValue } from '../core/types';
import { readTypedJson, readTypedJsonList } from '../core/typedJson';
import { validateTypedValue } from '../core/values';
import { isNotificationExpectation, readNotificationExpectation, type NotificationExpectation } from './notificationExpectation';

/** 0-based line and UTF-16 character, as VS Code's Position. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A piece of the file. `offset`/`end`: UTF-16 offsets into the file's text; `text` is exactly that slice. */
export interface Token {
  text: string;
  offset: number;
  end: number;
  range: Range;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** One line, without location (`unknown variable "bse"`). */
  message: string;
  offset: number;
  end: number;
  range: Range;
}

/** One step of a reference's path: `.key`, `["key"]` or `[0]`. */
export type PathSegment = { key: string; token: Token } | { index: number; token: Token };

/** `{{…}}`. The Token is the whole reference, braces included. */
export interface Reference extends Token {
  /** `variable`: a file, environment or `--var` variable, or a named call (`{{hello.result}}`). */
  kind: 'variable' | 'env' | 'secret';
  /** The variable or call name, or the NAME of `$env NAME` / `$secret NAME`. */
  name: string;
  nameToken: Token;
  path: PathSegment[];
  /** Inside a JSON string literal: substitutes as text. Elsewhere in typed JSON it stands for a whole value. */
  inString: boolean;
}

/** Text where references substitute as text: a URL, a method, a header value, a text variable. */
export interface TextTemplate {
  token: Token;
  references: Reference[];
}

/** Typed JSON where references stand for values: the arguments, an EXPECT value, a JSON variable. */
export interface JsonTemplate {
  token: Token;
  /** The token's text with the comment and definition lines inside it blanked (same length, same offsets). */
  source: string;
  references: Reference[];
  /** The top-level values (each argument), in order. */
  items: Token[];
  /** The values, when the text holds no reference (otherwise they are known only once resolved). */
  values?: TypedValue[];
  /** Whether the template was read without error (else it is never resolved). */
  valid: boolean;
}

export interface VariableDefinition {
  /** The name, without `@`. */
  name: Token;
  /** Everything after `=`, trimmed. */
  value: Token;
  /**
   * How the value reads: `json` when it is typed JSON (`"phyger"`, `42`, `{"a": 1}`, `{{hello.result}}`): its value;
   * `text` otherwise (`http://127.0.0.1:8889`, `{{base}}/RPC2`): the text with its references substituted, read
   * as typed JSON when it is that (`8889`), else as a string.
   */
  form: { kind: 'json'; template: JsonTemplate } | { kind: 'text'; template: TextTemplate };
  range: Range;
}

export interface Header {
  name: Token;
  value: TextTemplate;
  range: Range;
}

export interface Expectation {
  /** The `EXPECT` keyword. */
  keyword: Token;
  kind: 'value' | 'fault' | 'notifications';
  /** kind 'value': the expected result. */
  value?: JsonTemplate;
  /** kind 'fault' with a code: `EXPECT FAULT -32602` or `EXPECT FAULT "E42"`. */
  faultCode?: { value: number | string; token: Token };
  /** kind 'notifications': `EXPECT NOTIFICATIONS <method> <count>`. */
  notifications?: NotificationExpectation;
  range: Range;
}

export interface Directive {
  /** `name` or `protocol` (others are reported and ignored). */
  name: string;
  keyword: Token;
  value?: Token;
}

export interface RequestCall {
  /** 0-based position among the file's calls. */
  index: number;
  /** The text after `###`, trimmed ('' when none, or for a first call without a `###` line). */
  title: string;
  /** The `###` line. */
  separator?: Token;
  /** `# @name NAME`: NAME. */
  name?: Token;
  /** `# @batch NAME`: NAME (consecutive calls with one batch name go out as one request). */
  batch?: Token;
  protocol: ProtocolChoice;
  directives: Directive[];
  /** The `CALL` keyword; absent when the block has no CALL line (reported). */
  keyword?: Token;
  url?: TextTemplate;
  method?: TextTemplate;
  headers: Header[];
  /** Absent when the call has no arguments. */
  args?: JsonTemplate;
  expect?: Expectation;
  /** From the `###` line (or CALL line) to the call's last non-blank line. */
  range: Range;
  /** Whether the call can be sent: its CALL line, arguments and EXPECT were read without error. */
  complete: boolean;
}

export interface ParsedRequestFile {
  text: string;
  /** Offset of each line's first character. */
  lineStarts: number[];
  variables: VariableDefinition[];
  calls: RequestCall[];
  /** Syntax problems (errors and warnings), in file order. Unknown variables are found by checkRequestFile. */
  diagnostics: Diagnostic[];
}

/** The references of a text without any (shared: never added to). */
const NO_REFERENCES: Reference[] = Object.freeze([]) as unknown as Reference[];
const NO_DIRECTIVES: Directive[] = Object.freeze([]) as unknown as Directive[];
const NO_HEADERS: Header[] = Object.freeze([]) as unknown as Header[];
const NO_TOKENS: Token[] = Object.freeze([]) as unknown as Token[];
const NO_PATH: PathSegment[] = Object.freeze([]) as unknown as PathSegment[];

/**
 * A list as kept in the result: the shared empty one, or an exact-size copy (an array grown by push keeps room for
 * 16 more items; a 5,000-call file keeps ~50,000 lists).
 */
function fit<T>(list: T[], empty: T[]): T[] {
  return list.length === 0 ? empty : list.slice();
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFINITION = /^@([A-Za-z_][A-Za-z0-9_-]*)\s*=/;
/** Sticky (`y`): matched at a line's first character, inside the file's text, without slicing the line. */
const HEADER = /([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)[ \t]*:/y;
const DIRECTIVE = /(?:#|\/\/)[ \t]*@([A-Za-z][\w-]*)/y;
const KNOWN_DIRECTIVES = ['name', 'protocol', 'batch'];

/**
 * A token as the parser makes it: offsets only, its text and range computed when read (a 5,000-call file makes
 * ~85,000 tokens, most of them never read).
 */
class SourceToken implements Token {
  readonly #file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>;

  constructor(file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>, readonly offset: number, readonly end: number) {
    this.#file = file;
  }

  get text(): string {
    return this.#file.text.slice(this.offset, this.end);
  }

  get range(): Range {
    return { start: positionAt(this.#file, this.offset), end: positionAt(this.#file, this.end) };
  }
}

/** A range whose positions are computed when asked. */
class SourceRange implements Range {
  readonly #file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>;
  #from: number;
  #to: number;

  constructor(file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>, from: number, to: number) {
    this.#file = file;
    this.#from = from;
    this.#to = to;
  }

  get start(): Position {
    return positionAt(this.#file, this.#from);
  }

  get end(): Position {
    return positionAt(this.#file, this.#to);
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/** `{{…}}` as the parser makes it. */
class SourceReference extends SourceToken implements Reference {
  constructor(
    file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>,
    offset: number,
    end: number,
    readonly kind: Reference['kind'],
    readonly name: string,
    readonly nameToken: Token,
    readonly path: PathSegment[],
    readonly inString: boolean,
  ) {
    super(file, offset, end);
  }
}

/** The position of an offset (binary search over the line starts). */
export function positionAt(file: Pick<ParsedRequestFile, 'lineStarts'>, offset: number): Position {
  const starts = file.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low] };
}

/** The offset of a position (clamped to the text). */
export function offsetAt(file: Pick<ParsedRequestFile, 'lineStarts' | 'text'>, position: Position): number {
  const line = Math.min(Math.max(position.line, 0), file.lineStarts.length - 1);
  return Math.min(file.lineStarts[line] + Math.max(position.character, 0), file.text.length);
}

/** The calls whose title or name holds `text` (case-insensitive): `--filter`. */
export function callMatches(call: RequestCall, text: string): boolean {
  const needle = text.toLowerCase();
  return call.title.toLowerCase().includes(needle) || (call.name?.text.toLowerCase().includes(needle) ?? false);
}

/** What a call is called in reports: its title, else its name, else its method, else its line. */
export function callLabel(call: RequestCall): string {
  if (call.title) return call.title;
  if (call.name) return call.name.text;
  if (call.method) return call.method.token.text;
  return l10n.t('call at line {0}', call.range.start.line + 1);
}

interface Line {
  index: number;
  start: number;
  /** End of the content (before `\r\n` / `\n`). */
  end: number;
  /** Offset of the first non-blank character (== end for a blank line). */
  first: number;
  /** End of the run of letters at `first` (the keyword, if any). */
  wordEnd: number;
}

type Phase = 'top' | 'pre' | 'headers' | 'body' | 'expect';

interface CallBuilder {
  call: RequestCall;
  /** The arguments: from the first line's first character to the last line's end (-1: none). */
  bodyStart: number;
  bodyEnd: number;
  expectKeyword?: Token;
  /** End of the EXPECT line, and of the last line of its value. */
  expectLineEnd: number;
  expectEnd: number;
  /** A line after `EXPECT FAULT` that is not blank or a comment. */
  afterFault?: { offset: number; end: number };
  lastContentLine: number;
}

export function parseRequestFile(text: string): ParsedRequestFile {
  return new Parser(text).parse();
}

class Parser {
  readonly lineStarts: number[] = [0];
  readonly diagnostics: Diagnostic[] = [];
  readonly variables: VariableDefinition[] = [];
  readonly calls: RequestCall[] = [];
  /** End of each line's content (before `\r\n` / `\n`). */
  private lineEnds: Int32Array;
  /** 1 for a line that is no part of any typed JSON (blanked in a template): a comment, a definition. */
  private ignorable: Uint8Array;
  private builder: CallBuilder | undefined;
  private phase: Phase = 'top';
  private pendingDirectives: Directive[] = [];

  /** What tokens and ranges keep of the file: its text and line starts (not the parser). */
  private readonly source: Pick<ParsedRequestFile, 'lineStarts' | 'text'>;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.source = { text, lineStarts: this.lineStarts };
    this.lineEnds = new Int32Array(this.lineStarts.length);
    this.ignorable = new Uint8Array(this.lineStarts.length);
  }

  parse(): ParsedRequestFile {
    const { text, lineStarts } = this;
    for (let i = 0; i < lineStarts.length; i++) {
      // A byte order mark (files saved by some Windows editors) is no part of the first line.
      const start = i === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lineStarts[i];
      let end = i + 1 < lineStarts.length ? lineStarts[i + 1] - 1 : text.length;
      if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
      let first = start;
      while (first < end && (text.charCodeAt(first) === 0x20 || text.charCodeAt(first) === 0x09)) first++;
      this.lineEnds[i] = end;
      let wordEnd = first;
      for (let c = text.charCodeAt(wordEnd); (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a); c = text.charCodeAt(++wordEnd));
      this.line({ index: i, start, end, first, wordEnd: Math.min(wordEnd, end) });
    }
    this.finishCall();
    this.orphanDirectives();
    this.checkNames();
    this.diagnostics.sort((a, b) => a.offset - b.offset);
    return { text, lineStarts, variables: this.variables, calls: this.calls, diagnostics: this.diagnostics };
  }

  // ---- tokens and diagnostics ----

  token(offset: number, end: number): Token {
    return new SourceToken(this.source, offset, end);
  }

  /** Line of the last position asked (positions are asked mostly in order, near each other). */
  private lastLine = 0;

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.lineStarts[line] };
  }

  /** The line of an offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let line = this.lastLine;
    if (offset < starts[line] || (line + 1 < starts.length && offset >= starts[line + 1])) {
      if (line + 2 < starts.length && offset >= starts[line + 1] && offset < starts[line + 2]) line++;
      else line = positionAt(this, offset).line;
      this.lastLine = line;
    }
    return line;
  }

  report(severity: Severity, message: string, offset: number, end = offset): void {
    this.diagnostics.push({ severity, message, offset, end, range: { start: this.position(offset), end: this.position(end) } });
  }

  error(message: string, offset: number, end = offset): void {
    this.report('error', message, offset, end);
  }

  // ---- lines ----

  /** Whether the line's keyword (its leading letters) is `word`. */
  private isWord(line: Line, word: string): boolean {
    return line.wordEnd - line.first === word.length && this.text.startsWith(word, line.first);
  }

  private line(line: Line): void {
    const { text } = this;
    if (line.start + 3 <= line.end && text.startsWith('###', line.start)) {
      this.separator(line);
      return;
    }
    if (line.first === line.end) return;
    const c = text.charCodeAt(line.first);
    if (c === 0x23 /* # */ || (c === 0x2f /* / */ && text.charCodeAt(line.first + 1) === 0x2f)) {
      this.ignorable[line.index] = 1;
      DIRECTIVE.lastIndex = line.first;
      const directive = DIRECTIVE.exec(text);
      if (directive) this.directive(line, directive[1]);
      return;
    }
    if (c === 0x40 /* @ */) {
      this.ignorable[line.index] = 1;
      this.definition(line);
      return;
    }
    const isCall = this.isWord(line, 'CALL');
    const isExpect = this.isWord(line, 'EXPECT');
    switch (this.phase) {
      case 'top':
      case 'pre':
        if (isCall) {
          if (this.phase === 'top') this.startCall(line, undefined);
          this.callLine(line);
        } else if (isExpect) {
          this.error(l10n.t('EXPECT belongs below a CALL line'), line.first, line.first + 6);
        } else if (line.wordEnd - line.first === 4 && text.slice(line.first, line.wordEnd).toUpperCase() === 'CALL') {
          this.error(l10n.t('write CALL in capitals: CALL <url> <method>'), line.first, line.first + 4);
        } else {
          const message =
            this.phase === 'top'
              ? l10n.t('expected a ### line, CALL <url> <method>, a comment or @name = value')
              : l10n.t('expected CALL <url> <method>, a comment or @name = value');
          this.error(message, line.first, line.end);
        }
        return;
      case 'headers':
        HEADER.lastIndex = line.first;
        if (!isCall && !isExpect && HEADER.test(text)) {
          this.header(line);
          return;
        }
        this.phase = 'body';
        this.bodyLine(line, isCall, isExpect);
        return;
      case 'body':
        this.bodyLine(line, isCall, isExpect);
        return;
      case 'expect':
        if (isExpect) this.error(l10n.t('a call has one EXPECT'), line.first, line.first + 6);
        else if (isCall) this.error(l10n.t('a second CALL in one call: start the next call with a ### line'), line.first, line.first + 4);
        else {
          this.builder!.expectEnd = line.end;
          this.builder!.afterFault ??= { offset: line.first, end: line.end };
        }
        this.builder!.lastContentLine = line.index;
        return;
    }
  }

  private bodyLine(line: Line, isCall: boolean, isExpect: boolean): void {
    const builder = this.builder!;
    builder.lastContentLine = line.index;
    if (isExpect) {
      this.phase = 'expect';
      builder.expectKeyword = this.token(line.first, line.first + 6);
      builder.expectLineEnd = line.end;
      builder.expectEnd = line.end;
      return;
    }
    if (isCall) {
      this.error(l10n.t('a second CALL in one call: start the next call with a ### line'), line.first, line.first + 4);
      builder.call.complete = false;
      return;
    }
    if (builder.bodyStart === -1) builder.bodyStart = line.first;
    builder.bodyEnd = line.end;
  }

  private separator(line: Line): void {
    this.finishCall();
    this.orphanDirectives();
    let titleStart = line.start + 3;
    while (titleStart < line.end && /\s/.test(this.text[titleStart])) titleStart++;
    this.startCall(line, this.text.slice(titleStart, line.end).trimEnd());
  }

  private startCall(line: Line, title: string | undefined): void {
    // Every field from the start (undefined until read): one object shape for all calls, fields kept in the object.
    const call: RequestCall = {
      index: this.calls.length,
      title: title ?? '',
      separator: title !== undefined ? this.token(line.start, line.end) : undefined,
      name: undefined,
      batch: undefined,
      protocol: 'auto',
      directives: NO_DIRECTIVES,
      keyword: undefined,
      url: undefined,
      method: undefined,
      headers: [],
      args: undefined,
      expect: undefined,
      range: new SourceRange(this.source, line.start, line.end),
      complete: true,
    };
    this.calls.push(call);
    this.builder = { call, bodyStart: -1, bodyEnd: -1, expectLineEnd: -1, expectEnd: -1, lastContentLine: line.index };
    this.phase = 'pre';
  }

  private directive(line: Line, name: string): void {
    const at = this.text.indexOf('@', line.first);
    const keyword = this.token(at, at + 1 + name.length);
    let valueStart = keyword.end;
    while (valueStart < line.end && /\s/.test(this.text[valueStart])) valueStart++;
    const valueText = this.text.slice(valueStart, line.end).trimEnd();
    const value = valueText ? this.token(valueStart, valueStart + valueText.length) : undefined;
    if (!KNOWN_DIRECTIVES.includes(name)) {
      this.report('warning', l10n.t('unknown directive @{0} (known: {1})', name, KNOWN_DIRECTIVES.map((d) => '@' + d).join(', ')), keyword.offset, keyword.end);
      return;
    }
    if (this.phase !== 'top' && this.phase !== 'pre') {
      this.report('warning', l10n.t('@{0} applies to the next call: put it between its ### line and its CALL line', name), keyword.offset, keyword.end);
      return;
    }
    const directive: Directive = { name, keyword, value };
    if (name === 'name' || name === 'batch') {
      if (!value || !VARIABLE_NAME.test(value.text)) {
        if (name === 'batch') {
          this.error(l10n.t('@batch needs a name of letters, digits, _ and - (starting with a letter): # @batch setup'), value?.offset ?? keyword.end, value?.end ?? keyword.end);
          return;
        }
        this.error(l10n.t('@name needs a name of letters, digits, _ and - (starting with a letter): # @name hello'), value?.offset ?? keyword.end, value?.end ?? keyword.end);
        return;
      }
    } else if (name === 'protocol') {
      const protocol = value && normalizeProtocol(value.text);
      if (!protocol) {
        this.error(l10n.t('@protocol needs one of {0}', PROTOCOL_CHOICES.join(', ')), value?.offset ?? keyword.end, value?.end ?? keyword.end);
        return;
      }
    }
    this.pendingDirectives.push(directive);
  }

  /** Directives not followed by a CALL line in their block. */
  private orphanDirectives(): void {
    for (const directive of this.pendingDirectives) {
      this.report('warning', l10n.t('@{0} is not followed by a CALL line', directive.name), directive.keyword.offset, directive.keyword.end);
    }
    this.pendingDirectives = [];
  }

  private definition(line: Line): void {
    const rest = this.text.slice(line.first, line.end);
    const match = DEFINITION.exec(rest);
    if (!match) {
      this.error(l10n.t('expected a variable definition: @name = value (letters, digits, _ and -)'), line.first, line.end);
      return;
    }
    const name = this.token(line.first + 1, line.first + 1 + match[1].length);
    let valueStart = line.first + match[0].length;
    while (valueStart < line.end && /\s/.test(this.text[valueStart])) valueStart++;
    const valueText = this.text.slice(valueStart, line.end).trimEnd();
    const value = this.token(valueStart, valueStart + valueText.length);
    const range = new SourceRange(this.source, line.first, line.end);
    const json = this.jsonTemplate(value.offset, value.end, 'value');
    const first = valueText[0];
    const mustBeJson = first === '"' || first === '[' || (first === '{' && valueText[1] !== '{');
    let form: VariableDefinition['form'];
    if (json.template.valid || mustBeJson) {
      this.diagnostics.push(...json.problems);
      form = { kind: 'json', template: json.template };
    } else {
      form = { kind: 'text', template: this.textTemplate(value.offset, value.end) };
    }
    this.variables.push({ name, value, form, range });
  }

  private callLine(line: Line): void {
    const builder = this.builder!;
    const call = builder.call;
    builder.lastContentLine = line.index;
    call.keyword = this.token(line.first, line.first + 4);
    if (this.pendingDirectives.length > 0) call.directives = this.pendingDirectives.slice();
    for (const directive of this.pendingDirectives) {
      if (directive.name === 'name') call.name = directive.value;
      if (directive.name === 'batch') call.batch = directive.value;
      if (directive.name === 'protocol') call.protocol = normalizeProtocol(directive.value!.text)!;
    }
    this.pendingDirectives = [];
    this.phase = 'headers';
    const words = this.words(call.keyword.end, line.end);
    if (words.length === 0) {
      this.error(l10n.t('CALL needs a URL and a method: CALL <url> <method>'), line.end);
      call.complete = false;
      return;
    }
    call.url = this.textTemplate(words[0].offset, words[0].end);
    if (words.length === 1) {
      this.error(l10n.t('CALL needs a method after the URL: CALL <url> <method>'), line.end);
      call.complete = false;
      return;
    }
    call.method = this.textTemplate(words[1].offset, words[1].end);
    if (words.length > 2) {
      this.error(l10n.t('unexpected text after the method: arguments go on the lines below the CALL line'), words[2].offset, line.end);
    }
  }

  /** Whitespace-separated words of a line, a `{{…}}` (spaces and all) staying inside its word. */
  private words(from: number, to: number): { offset: number; end: number }[] {
    const { text } = this;
    const words: { offset: number; end: number }[] = [];
    let i = from;
    while (i < to) {
      while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i >= to) break;
      const start = i;
      while (i < to && text[i] !== ' ' && text[i] !== '\t') {
        if (text[i] === '{' && text[i + 1] === '{') {
          const close = pairAt(text, 0x7d, i + 2, to);
          i = close !== -1 && close < to ? close + 2 : to;
        } else {
          i++;
        }
      }
      words.push({ offset: start, end: i });
    }
    return words;
  }

  private header(line: Line): void {
    HEADER.lastIndex = line.first;
    const match = HEADER.exec(this.text)!;
    const name = this.token(line.first, line.first + match[1].length);
    let valueStart = line.first + match[0].length;
    while (valueStart < line.end && /\s/.test(this.text[valueStart])) valueStart++;
    const valueEnd = valueStart + this.text.slice(valueStart, line.end).trimEnd().length;
    const value = this.textTemplate(valueStart, valueEnd);
    const call = this.builder!.call;
    const same = call.headers.find((h) => h.name.text.toLowerCase() === name.text.toLowerCase());
    if (same) this.error(l10n.t('header {0} is already set on line {1}', name.text, same.range.start.line + 1), name.offset, name.end);
    if (value.references.length === 0 && value.token.text !== '' && looksSecret(name.text, value.token.text)) {
      this.report('warning', l10n.t('{0} holds a credential written in the file: use {{$secret NAME}} to keep it out of the repository', name.text), value.token.offset, value.token.end);
    }
    call.headers.push({ name, value, range: new SourceRange(this.source, line.first, line.end) });
    this.builder!.lastContentLine = line.index;
  }

  private finishCall(): void {
    const builder = this.builder;
    if (!builder) return;
    this.builder = undefined;
    const call = builder.call;
    const last = builder.lastContentLine;
    const lastStart = this.lineStarts[last];
    const lastEnd = this.lineEnds[last];
    call.range = new SourceRange(this.source, this.lineStarts[call.range.start.line], lastEnd);
    call.headers = fit(call.headers, NO_HEADERS);
    if (!call.keyword) {
      const at = call.separator ?? this.token(lastStart, lastEnd);
      this.error(l10n.t('this call has no CALL <url> <method> line'), at.offset, at.end);
      call.complete = false;
    }
    if (builder.bodyStart !== -1) {
      const args = this.jsonTemplate(builder.bodyStart, builder.bodyEnd, 'list');
      this.diagnostics.push(...args.problems);
      call.args = args.template;
      if (!args.template.valid) call.complete = false;
    }
    if (builder.expectKeyword) call.expect = this.expectation(builder, call);
    this.phase = 'pre';
  }

  private expectation(builder: CallBuilder, call: RequestCall): Expectation {
    const keyword = builder.expectKeyword!;
    const lineEnd = builder.expectLineEnd;
    const range = new SourceRange(this.source, keyword.offset, builder.expectEnd);
    const { text } = this;
    let start = keyword.end;
    while (start < lineEnd && /\s/.test(text[start])) start++;
    if (isNotificationExpectation(text.slice(start, lineEnd))) {
      const read = readNotificationExpectation(text.slice(start + 13, lineEnd));
      if (typeof read === 'string' || builder.afterFault) {
        this.error(typeof read === 'string' ? read : l10n.t('unexpected text after EXPECT NOTIFICATIONS'), keyword.offset, lineEnd);
        call.complete = false;
      }
      return { keyword, kind: 'notifications', notifications: typeof read === 'string' ? undefined : read, range };
    }
    if (/^FAULT(\s|$)/.test(text.slice(start, lineEnd))) {
      const expectation: Expectation = { keyword, kind: 'fault', range };
      let codeStart = start + 5;
      while (codeStart < lineEnd && /\s/.test(text[codeStart])) codeStart++;
      const codeText = text.slice(codeStart, lineEnd).trimEnd();
      if (codeText) {
        const token = this.token(codeStart, codeStart + codeText.length);
        const read = readTypedJson(codeText);
        if (read.ok && (typeof read.value === 'string' || (typeof read.value === 'number' && Number.isInteger(read.value)))) {
          expectation.faultCode = { value: read.value, token };
        } else {
          this.error(l10n.t('EXPECT FAULT takes an integer code or a "string" code: EXPECT FAULT -32602'), token.offset, token.end);
          call.complete = false;
        }
      }
      if (builder.afterFault) {
        this.error(l10n.t('unexpected text after EXPECT FAULT'), builder.afterFault.offset, builder.afterFault.end);
        call.complete = false;
      }
      return expectation;
    }
    const end = builder.expectEnd;
    if (start === end) {
      this.error(l10n.t('EXPECT needs a typed JSON value, or FAULT: EXPECT "Hi!" / EXPECT FAULT'), keyword.offset, keyword.end);
      call.complete = false;
      return { keyword, kind: 'value', range };
    }
    const json = this.jsonTemplate(start, end, 'value');
    this.diagnostics.push(...json.problems);
    if (!json.template.valid) call.complete = false;
    return { keyword, kind: 'value', value: json.template, range };
  }

  // ---- templates ----

  /** `{{…}}` inside text: substitutes as text. */
  private textTemplate(offset: number, end: number): TextTemplate {
    const { text } = this;
    const first = pairAt(text, 0x7b, offset, end);
    if (first === -1 || first >= end) return { token: this.token(offset, end), references: NO_REFERENCES };
    const references: Reference[] = [];
    for (let i = first; i !== -1; i = pairAt(text, 0x7b, i, end)) {
      const close = pairAt(text, 0x7d, i + 2, end);
      if (close === -1 || close + 2 > end) {
        this.error(l10n.t('{{ is not closed with }}'), i, end);
        break;
      }
      const reference = this.reference(i, close + 2, false);
      if (reference) references.push(reference);
      i = close + 2;
    }
    return { token: this.token(offset, end), references: fit(references, NO_REFERENCES) };
  }

  /**
   * Typed JSON with references over [offset, end) (possibly many lines; comment and definition lines in it are
   * blanked). `list`: comma-separated values (the arguments); `value`: exactly one. The text is checked with the
   * typed JSON reader, each value reference replaced by `null` padded to its length, so every position is exact.
   * Problems are returned, not reported: a variable definition first tries to read as JSON.
   */
  private jsonTemplate(offset: number, end: number, shape: 'list' | 'value'): { template: JsonTemplate; problems: Diagnostic[] } {
    const { text } = this;
    const problems: Diagnostic[] = [];
    const problem = (message: string, from: number, to = from) =>
      problems.push({ severity: 'error', message, offset: from, end: to, range: { start: this.position(from), end: this.position(to) } });
    const references: Reference[] = [];
    const items: Token[] = [];
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
    const pushItem = () => {
      if (itemStart !== -1) items.push(this.token(itemStart, itemEnd));
      itemStart = -1;
    };
    let i = offset;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || c === 0x0d) {
        inString = false; // a JSON string never spans lines; the reader reports it
        const lineIndex = this.lineOf(i + 1);
        if (c === 0x0a && this.ignorable[lineIndex] === 1) {
          // A comment or definition line inside the value: blanked, keeping offsets.
          const lineEnd = Math.min(this.lineEnds[lineIndex], end);
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
        const lineEnd = Math.min(end, this.lineEnds[this.lineOf(i)]);
        const close = pairAt(text, 0x7d, i + 2, lineEnd);
        if (close === -1 || close + 2 > lineEnd) {
          problem(l10n.t('{{ is not closed with }}'), i, lineEnd);
          broken = true;
          break;
        }
        const length = close + 2 - i;
        const reference = this.reference(i, close + 2, inString, problem);
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
      if (c === 0x2c && depth === 0) pushItem();
      else {
        if (itemStart === -1) itemStart = i;
        itemEnd = i + 1;
        if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) depth++;
        else if (c === 0x5d || c === 0x7d) depth--;
      }
      i++;
    }
    pushItem();
    padded += text.slice(copied, end);
    if (source !== undefined) source += text.slice(sourceCopied, end);
    else source = references.length === 0 ? padded : text.slice(offset, end); // nothing blanked: the text itself
    const template: JsonTemplate = { token: this.token(offset, end), source, references: fit(references, NO_REFERENCES), items: fit(items, NO_TOKENS), valid: false };
    if (broken) return { template, problems };

    const read = shape === 'list' ? readTypedJsonList(padded) : readTypedJson(padded);
    if (!read.ok) {
      const at = offset + read.problem.offset;
      const inside = references.find((r) => !r.inString && r.offset <= at && at < r.end);
      let message = read.problem.kind === 'syntax' ? l10n.t('not valid JSON: {0}', read.problem.reason) : read.problem.reason;
      const index = 'index' in read ? (read.index as number) : 0;
      if (read.problem.kind === 'value' && (items.length > 1 || index > 1)) message = l10n.t('argument {0}: {1}', index, message);
      if (inside) message = l10n.t('{0} stands for a whole value and cannot be here (as an object key, write "{0}")', inside.text);
      const atLine = this.lineOf(at);
      const lineRest = text.slice(at, this.lineEnds[atLine]);
      HEADER.lastIndex = 0;
      if (!inside && shape === 'list' && HEADER.test(lineRest) && text.slice(this.lineStarts[atLine], at).trim() === '') {
        message = l10n.t('headers go between the CALL line and the arguments ({0})', message);
      }
      problem(message, at, Math.min(at + Math.max(read.problem.length, 1), end));
      return { template, problems };
    }
    template.valid = true;
    const values = 'values' in read ? read.values : [read.value];
    // Tagged objects are checked once their references are resolved; the others now.
    for (let k = 0; k < values.length && k < items.length; k++) {
      const item = items[k];
      if (references.some((r) => r.offset >= item.offset && r.end <= item.end)) continue;
      const invalid = validateTypedValue(values[k]);
      if (invalid) {
        problem(shape === 'list' ? l10n.t('argument {0}: {1}', k + 1, invalid) : invalid, item.offset, item.end);
        template.valid = false;
      }
    }
    if (references.length === 0 && template.valid) template.values = values;
    return { template, problems };
  }

  /** Reads `{{…}}` at [offset, end); reports a malformed one (to `problem`, or the file's diagnostics). */
  private reference(offset: number, end: number, inString: boolean, problem?: (message: string, from: number, to?: number) => void): Reference | undefined {
    const report = problem ?? ((message: string, from: number, to?: number) => this.error(message, from, to));
    const { text } = this;
    let i = offset + 2;
    const innerEnd = end - 2;
    while (i < innerEnd && /\s/.test(text[i])) i++;
    let last = innerEnd;
    while (last > i && /\s/.test(text[last - 1])) last--;
    if (i === last) {
      report(l10n.t('empty {{}}: write {{name}}, {{$env NAME}} or {{$secret NAME}}'), offset, end);
      return undefined;
    }
    const reference = (kind: Reference['kind'], name: string, nameToken: Token, path: PathSegment[]): Reference =>
      new SourceReference(this.source, offset, end, kind, name, nameToken, path, inString);
    if (text[i] === '$') {
      const word = /^\$[A-Za-z]*/.exec(text.slice(i, last))![0];
      const kind = word === '$env' ? 'env' : word === '$secret' ? 'secret' : undefined;
      if (!kind) {
        report(l10n.t('unknown {0}: {{$env NAME}} reads an environment variable, {{$secret NAME}} a secret', word || '$'), i, i + Math.max(word.length, 1));
        return undefined;
      }
      let nameStart = i + word.length;
      while (nameStart < last && /\s/.test(text[nameStart])) nameStart++;
      const name = text.slice(nameStart, last);
      if (!ENV_NAME.test(name)) {
        report(name ? l10n.t('{0} needs a NAME of letters, digits and _, not "{1}"', `{{${word} NAME}}`, name) : l10n.t('{0} needs a NAME of letters, digits and _', `{{${word} NAME}}`), nameStart === last ? i : nameStart, last === nameStart ? i + word.length : last);
        return undefined;
      }
      return reference(kind, name, this.token(nameStart, last), NO_PATH);
    }
    const nameMatch = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i, last));
    if (!nameMatch) {
      report(l10n.t('not a variable reference: {0} (a name starts with a letter or _)', `{{${text.slice(i, last)}}}`), offset, end);
      return undefined;
    }
    const nameToken = this.token(i, i + nameMatch[0].length);
    const path: PathSegment[] = [];
    let p = nameToken.end;
    while (p < last) {
      if (text[p] === '.') {
        const key = /^[^\s.[\]{}"]+/.exec(text.slice(p + 1, last))?.[0];
        if (!key) {
          report(l10n.t('a key must follow "."'), p, p + 1);
          return undefined;
        }
        path.push({ key, token: this.token(p, p + 1 + key.length) });
        p += 1 + key.length;
      } else if (text[p] === '[') {
        const closeWithin = text.slice(p, last).indexOf(']');
        const close = closeWithin === -1 ? -1 : p + closeWithin;
        const inner = close === -1 || close > last ? '' : text.slice(p + 1, close).trim();
        if (/^\d+$/.test(inner)) {
          path.push({ index: Number(inner), token: this.token(p, close + 1) });
        } else if (inner.startsWith('"') && !inString) {
          const read = readTypedJson(inner);
          if (!read.ok || typeof read.value !== 'string') {
            report(l10n.t('["key"] needs a JSON string'), p, close === -1 ? last : close + 1);
            return undefined;
          }
          path.push({ key: read.value, token: this.token(p, close + 1) });
        } else {
          report(inString ? l10n.t('inside a JSON string use [0] or .key in a reference') : l10n.t('expected [0] or ["key"]'), p, close === -1 || close > last ? last : close + 1);
          return undefined;
        }
        p = close + 1;
      } else {
        report(l10n.t('unexpected "{0}" in {1}: write {2}', text[p], '{{…}}', '{{name}}, {{name.key[0]}}, {{$env NAME}} or {{$secret NAME}}'), p, p + 1);
        return undefined;
      }
    }
    return reference('variable', nameToken.text, nameToken, fit(path, NO_PATH));
  }

  /** Names defined twice, and a call named like a variable. */
  private checkNames(): void {
    const variables = new Map<string, VariableDefinition>();
    for (const definition of this.variables) {
      const earlier = variables.get(definition.name.text);
      if (earlier) this.error(l10n.t('variable {0} is already defined on line {1}', definition.name.text, earlier.range.start.line + 1), definition.name.offset, definition.name.end);
      else variables.set(definition.name.text, definition);
    }
    const calls = new Map<string, RequestCall>();
    for (const call of this.calls) {
      if (!call.name) continue;
      const earlier = calls.get(call.name.text);
      const variable = variables.get(call.name.text);
      if (earlier) this.error(l10n.t('a call is already named {0} (line {1})', call.name.text, earlier.range.start.line + 1), call.name.offset, call.name.end);
      else if (variable) this.error(l10n.t('{0} is also a variable (line {1}): give the call another name', call.name.text, variable.range.start.line + 1), call.name.offset, call.name.end);
      else calls.set(call.name.text, call);
    }
  }
}

/** Offset of the first `{{` (c 0x7b) or `}}` (0x7d) in [from, to), -1 when none: a search that stops at `to`. */
function pairAt(text: string, c: number, from: number, to: number): number {
  for (let i = from; i + 1 < to; i++) {
    if (text.charCodeAt(i) === c && text.charCodeAt(i + 1) === c) return i;
  }
  return -1;
}

function normalizeProtocol(text: string): ProtocolChoice | undefined {
  const normalized = text.toLowerCase().replace(/[-_\s]/g, '');
  return PROTOCOL_CHOICES.find((p) => p === normalized);
}
