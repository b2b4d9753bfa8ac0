/**
 * The request file's call state machine: each line by its kind (separator, comment or directive, definition, CALL,
 * header, argument, EXPECT) moves a call through its phases. The lines are read by their own readers:
 * directivesAndDefinitions.ts, callAndHeaderLines.ts, and for templates and references jsonTemplate.ts and
 * references.ts.
 */
import * as l10n from '@vscode/l10n';
import { keepShape } from '../core/keptShapes';
import { isHeaderLine, readCallTarget, readHeader } from './callAndHeaderLines';
import { applyDirectives, readCommentLine, readDefinition, reportOrphanDirectives } from './directivesAndDefinitions';
import { readJsonTemplate } from './jsonTemplate';
import { readExpectation, type ExpectLine } from './expectLine';
import type { Line, LineContext } from './lineContext';
import { checkNames } from './nameCheck';
import { isBlank, NO_DIRECTIVES, NO_HEADERS, positionAt, SourceRange, SourceToken, trimmedEnd } from './positions';
import { ScratchList } from './scratchList';
import type { Diagnostic, Directive, ParsedRequestFile, Position, Range, RequestCall, Severity, VariableDefinition } from './types';

/** A call's range until the call is finished (never read). */
const PENDING_RANGE: Range = Object.freeze({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });

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
export class Parser implements LineContext {
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
  /** Directives read above the next CALL line (a scratch list: emptying an array drops its storage). */
  private readonly pendingDirectives = new ScratchList<Directive>();

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
      const directive = readCommentLine(this, line, this.phase === 'top' || this.phase === 'pre');
      if (directive) this.pendingDirectives.push(directive);
      return;
    }
    if (c === 0x40 /* @ */) {
      this.ignorable[line.index] = 1;
      const definition = readDefinition(this, line);
      if (definition) this.variables.push(definition);
      return;
    }
    // The line's keyword (its leading letters), compared in place.
    const wordLength = line.wordEnd - line.first;
    const isCall = wordLength === 4 && text.startsWith('CALL', line.first);
    const isExpect = wordLength === 6 && text.startsWith('EXPECT', line.first);
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
        if (!isCall && !isExpect && isHeaderLine(text, line)) {
          readHeader(this, line, this.builder!.call);
          this.builder!.lastContentLine = line.index;
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
      headers: NO_HEADERS, // readHeader makes each list at its size
      args: undefined,
      expect: undefined,
      range: PENDING_RANGE,
      complete: true,
    };
    this.calls.push(call);
    this.builder = { call, bodyStart: -1, bodyEnd: -1, expectLineEnd: -1, expectEnd: -1, lastContentLine: line.index, callStart: line.start };
    this.phase = 'pre';
  }

  /** Directives not followed by a CALL line in their block. */
  private orphanDirectives(): void {
    if (this.pendingDirectives.length > 0) reportOrphanDirectives(this, this.pendingDirectives.take(NO_DIRECTIVES));
  }

  private callLine(line: Line): void {
    const builder = this.builder!;
    const call = builder.call;
    builder.lastContentLine = line.index;
    call.keyword = this.token(line.first, line.first + 4);
    if (this.pendingDirectives.length > 0) applyDirectives(call, this.pendingDirectives.take(NO_DIRECTIVES));
    this.phase = 'headers';
    readCallTarget(this, line, call, call.keyword.end);
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
    if (!call.keyword) {
      const at = call.separator ?? this.token(lastStart, lastEnd);
      this.error(l10n.t('this call has no CALL <url> <method> line'), at.offset, at.end);
      call.complete = false;
    }
    if (builder.bodyStart !== -1) {
      const args = readJsonTemplate(this, builder.bodyStart, builder.bodyEnd, 'list');
      if (args.problems.length > 0) this.diagnostics.push(...args.problems);
      call.args = args.template;
      if (!args.template.valid) call.complete = false;
    }
    if (builder.expectKeyword) call.expect = readExpectation(this, this.diagnostics, builder, call);
    this.phase = 'pre';
  }
}

keepShape(new Parser(''));
