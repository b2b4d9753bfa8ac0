/**
 * The request file's call state machine: each line by its kind (separator, comment or directive, definition, CALL,
 * header, argument, EXPECT) moves a call through its phases; templates and references are read by their own readers.
 */
import * as l10n from '@vscode/l10n';
import { PROTOCOL_CHOICES } from '../core/protocols';
import { keepShape } from '../core/keptShapes';
import { looksSecret } from '../core/secrets';
import type { ProtocolChoice } from '../core/types';
import { HEADER, readJsonTemplate } from './jsonTemplate';
import { readExpectation, type ExpectLine } from './expectLine';
import { checkNames } from './nameCheck';
import { fit, isBlank, NO_DIRECTIVES, NO_HEADERS, pairAt, positionAt, SourceRange, SourceToken, trimmedEnd } from './positions';
import { readTextTemplate, type ScanContext } from './references';
import type { Diagnostic, Directive, Header, ParsedRequestFile, Position, Range, RequestCall, Severity, VariableDefinition } from './types';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const DEFINITION = /^@([A-Za-z_][A-Za-z0-9_-]*)\s*=/;
const DIRECTIVE = /(?:#|\/\/)[ \t]*@([A-Za-z][\w-]*)/y;
/** The characters of a header name after its first letter (HEADER's name), by code: 1 for each. */
const HEADER_NAME_CHAR = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+.^_`|~-") HEADER_NAME_CHAR[c.charCodeAt(0)] = 1;
/** A call's range until the call is finished (never read). */
const PENDING_RANGE: Range = Object.freeze({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
const KNOWN_DIRECTIVES = ['name', 'protocol', 'batch'];

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

interface CallBuilder extends ExpectLine {
  call: RequestCall;
  /** The arguments: from the first line's first character to the last line's end (-1: none). */
  bodyStart: number;
  bodyEnd: number;
  /** Start of the call's first line (its range is made once it is finished). */
  callStart: number;
  lastContentLine: number;
}

/** The call state machine: reads the file line by line into variables, calls and diagnostics. */
export class Parser implements ScanContext {
  readonly lineStarts: number[] = [0];
  readonly diagnostics: Diagnostic[] = [];
  readonly variables: VariableDefinition[] = [];
  readonly calls: RequestCall[] = [];
  /** End of each line's content (before `\r\n` / `\n`). */
  readonly lineEnds: Int32Array;
  /** 1 for a line that is no part of any typed JSON (blanked in a template): a comment, a definition. */
  readonly ignorable: Uint8Array;
  private builder: CallBuilder | undefined;
  private phase: Phase = 'top';
  private readonly pendingDirectives: Directive[] = [];

  /** What tokens and ranges keep of the file: its text and line starts (not the parser). */
  readonly source: Pick<ParsedRequestFile, 'lineStarts' | 'text'>;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.source = { text, lineStarts: this.lineStarts };
    this.lineEnds = new Int32Array(this.lineStarts.length);
    this.ignorable = new Uint8Array(this.lineStarts.length);
  }

  parse(): ParsedRequestFile {
    const { text, lineStarts } = this;
    const line: Line = { index: 0, start: 0, end: 0, first: 0, wordEnd: 0 };
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
      // One Line object for the whole file, refilled per line (no handler keeps it): no garbage per line.
      line.index = i;
      line.start = start;
      line.end = end;
      line.first = first;
      line.wordEnd = Math.min(wordEnd, end);
      this.line(line);
    }
    this.finishCall();
    this.orphanDirectives();
    checkNames(this, this.variables, this.calls);
    this.diagnostics.sort((a, b) => a.offset - b.offset);
    return { text, lineStarts, variables: this.variables, calls: this.calls, diagnostics: this.diagnostics };
  }

  // ---- tokens and diagnostics ----

  token(offset: number, end: number): SourceToken {
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
      // test, not exec: no match object; the name ends where the sticky match ended.
      if (DIRECTIVE.test(text)) {
        const nameStart = text.indexOf('@', line.first) + 1;
        this.directive(line, text.slice(nameStart, DIRECTIVE.lastIndex));
      }
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
    while (titleStart < line.end && isBlank(this.text.charCodeAt(titleStart))) titleStart++;
    this.startCall(line, this.text.slice(titleStart, trimmedEnd(this.text, titleStart, line.end)));
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
      range: PENDING_RANGE,
      complete: true,
    };
    this.calls.push(call);
    this.builder = { call, bodyStart: -1, bodyEnd: -1, expectLineEnd: -1, expectEnd: -1, lastContentLine: line.index, callStart: line.start };
    this.phase = 'pre';
  }

  private directive(line: Line, name: string): void {
    const at = this.text.indexOf('@', line.first);
    const keyword = this.token(at, at + 1 + name.length);
    let valueStart = keyword.end;
    while (valueStart < line.end && isBlank(this.text.charCodeAt(valueStart))) valueStart++;
    const valueEnd = trimmedEnd(this.text, valueStart, line.end);
    const value = valueEnd > valueStart ? this.token(valueStart, valueEnd) : undefined;
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
    this.pendingDirectives.length = 0;
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
    while (valueStart < line.end && isBlank(this.text.charCodeAt(valueStart))) valueStart++;
    const valueText = this.text.slice(valueStart, line.end).trimEnd();
    const value = this.token(valueStart, valueStart + valueText.length);
    const range = new SourceRange(this.source, line.first, line.end);
    const json = readJsonTemplate(this, value.offset, value.end, 'value');
    const first = valueText[0];
    const mustBeJson = first === '"' || first === '[' || (first === '{' && valueText[1] !== '{');
    let form: VariableDefinition['form'];
    if (json.template.valid || mustBeJson) {
      this.diagnostics.push(...json.problems);
      form = { kind: 'json', template: json.template };
    } else {
      form = { kind: 'text', template: readTextTemplate(this, value.offset, value.end) };
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
    this.pendingDirectives.length = 0;
    this.phase = 'headers';
    // The URL, the method and anything after them: words separated by blanks, a {{…}} (spaces and all) inside its word.
    const urlStart = this.wordStart(call.keyword.end, line.end);
    if (urlStart === line.end) {
      this.error(l10n.t('CALL needs a URL and a method: CALL <url> <method>'), line.end);
      call.complete = false;
      return;
    }
    const urlEnd = this.wordEnd(urlStart, line.end);
    call.url = readTextTemplate(this, urlStart, urlEnd);
    const methodStart = this.wordStart(urlEnd, line.end);
    if (methodStart === line.end) {
      this.error(l10n.t('CALL needs a method after the URL: CALL <url> <method>'), line.end);
      call.complete = false;
      return;
    }
    const methodEnd = this.wordEnd(methodStart, line.end);
    call.method = readTextTemplate(this, methodStart, methodEnd);
    const restStart = this.wordStart(methodEnd, line.end);
    if (restStart < line.end) {
      this.error(l10n.t('unexpected text after the method: arguments go on the lines below the CALL line'), restStart, line.end);
    }
  }

  /** The first character at or after `from` that is not a space or tab (`to` when none). */
  private wordStart(from: number, to: number): number {
    const { text } = this;
    while (from < to && (text.charCodeAt(from) === 0x20 || text.charCodeAt(from) === 0x09)) from++;
    return from;
  }

  /** The end of the word at `from`: the next space or tab outside a {{…}}. */
  private wordEnd(from: number, to: number): number {
    const { text } = this;
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

  private header(line: Line): void {
    // HEADER matched this line in line(): the name is the run of name characters, then blanks and ':'.
    const { text } = this;
    let nameEnd = line.first + 1;
    while (nameEnd < line.end && HEADER_NAME_CHAR[text.charCodeAt(nameEnd)] === 1) nameEnd++;
    const name = this.token(line.first, nameEnd);
    let valueStart = text.indexOf(':', nameEnd) + 1;
    while (valueStart < line.end && isBlank(this.text.charCodeAt(valueStart))) valueStart++;
    const valueEnd = trimmedEnd(this.text, valueStart, line.end);
    const value = readTextTemplate(this, valueStart, valueEnd);
    const call = this.builder!.call;
    let same: Header | undefined;
    for (const header of call.headers) {
      const other = header.name;
      if (other.end - other.offset === nameEnd - line.first && text.slice(other.offset, other.end).toLowerCase() === name.text.toLowerCase()) {
        same = header;
        break;
      }
    }
    if (same) this.error(l10n.t('header {0} is already set on line {1}', name.text, same.range.start.line + 1), name.offset, name.end);
    if (value.references.length === 0 && valueEnd > valueStart && looksSecret(name.text, value.token.text)) {
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
    call.range = new SourceRange(this.source, builder.callStart, lastEnd);
    call.headers = fit(call.headers, NO_HEADERS);
    if (!call.keyword) {
      const at = call.separator ?? this.token(lastStart, lastEnd);
      this.error(l10n.t('this call has no CALL <url> <method> line'), at.offset, at.end);
      call.complete = false;
    }
    if (builder.bodyStart !== -1) {
      const args = readJsonTemplate(this, builder.bodyStart, builder.bodyEnd, 'list');
      this.diagnostics.push(...args.problems);
      call.args = args.template;
      if (!args.template.valid) call.complete = false;
    }
    if (builder.expectKeyword) call.expect = readExpectation(this, this.diagnostics, builder, call);
    this.phase = 'pre';
  }
}

function normalizeProtocol(text: string): ProtocolChoice | undefined {
  const normalized = text.toLowerCase().replace(/[-_\s]/g, '');
  return PROTOCOL_CHOICES.find((p) => p === normalized);
}

keepShape(new Parser(''));
