/**
 * A call's `EXPECT` lines: a typed JSON value, `FAULT` with an optional code, or `NOTIFICATIONS <method> <count>`.
 */
import * as l10n from '@vscode/l10n';
import { readTypedJson } from '../core/typedJson';
import { readJsonTemplate } from './jsonTemplate';
import { readNotificationExpectation } from './notificationExpectation';
import { isBlank, SourceRange } from './positions';
import type { ScanContext } from './references';
import type { Diagnostic, Expectation, RequestCall, Token } from './types';

/** Where the call state machine found a call's EXPECT. */
export interface ExpectLine {
  expectKeyword?: Token;
  /** End of the EXPECT line, and of the last line of its value. */
  expectLineEnd: number;
  expectEnd: number;
  /** A line after `EXPECT FAULT` that is not blank or a comment. */
  afterFault?: { offset: number; end: number };
}

export function readExpectation(ctx: ScanContext, diagnostics: Diagnostic[], expect: ExpectLine, call: RequestCall): Expectation {
  const keyword = expect.expectKeyword!;
  const lineEnd = expect.expectLineEnd;
  const range = new SourceRange(ctx.source, keyword.offset, expect.expectEnd);
  const { text } = ctx;
  let start = keyword.end;
  while (start < lineEnd && isBlank(text.charCodeAt(start))) start++;
  if (keywordAt(text, 'NOTIFICATIONS', start, lineEnd)) {
    const read = readNotificationExpectation(text.slice(start + 13, lineEnd));
    if (typeof read === 'string' || expect.afterFault) {
      ctx.error(typeof read === 'string' ? read : l10n.t('unexpected text after EXPECT NOTIFICATIONS'), keyword.offset, lineEnd);
      call.complete = false;
    }
    return { keyword, kind: 'notifications', notifications: typeof read === 'string' ? undefined : read, range };
  }
  if (keywordAt(text, 'FAULT', start, lineEnd)) {
    const expectation: Expectation = { keyword, kind: 'fault', range };
    let codeStart = start + 5;
    while (codeStart < lineEnd && isBlank(text.charCodeAt(codeStart))) codeStart++;
    const codeText = text.slice(codeStart, lineEnd).trimEnd();
    if (codeText) {
      const token = ctx.token(codeStart, codeStart + codeText.length);
      const read = readTypedJson(codeText);
      if (read.ok && (typeof read.value === 'string' || (typeof read.value === 'number' && Number.isInteger(read.value)))) {
        expectation.faultCode = { value: read.value, token };
      } else {
        ctx.error(l10n.t('EXPECT FAULT takes an integer code or a "string" code: EXPECT FAULT -32602'), token.offset, token.end);
        call.complete = false;
      }
    }
    if (expect.afterFault) {
      ctx.error(l10n.t('unexpected text after EXPECT FAULT'), expect.afterFault.offset, expect.afterFault.end);
      call.complete = false;
    }
    return expectation;
  }
  const end = expect.expectEnd;
  if (start === end) {
    ctx.error(l10n.t('EXPECT needs a typed JSON value, or FAULT: EXPECT "Hi!" / EXPECT FAULT'), keyword.offset, keyword.end);
    call.complete = false;
    return { keyword, kind: 'value', range };
  }
  const json = readJsonTemplate(ctx, start, end, 'value');
  if (json.problems.length > 0) diagnostics.push(...json.problems);
  if (!json.template.valid) call.complete = false;
  return { keyword, kind: 'value', value: json.template, range };
}

/** Whether `word` is at `start`, followed by a blank or the line's end (without slicing the line). */
function keywordAt(text: string, word: string, start: number, lineEnd: number): boolean {
  const after = start + word.length;
  return after <= lineEnd && text.startsWith(word, start) && (after === lineEnd || isBlank(text.charCodeAt(after)));
}
