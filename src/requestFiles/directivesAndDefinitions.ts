/**
 * The lines around the calls that are not the call's own: `# @name` / `# @protocol` / `# @batch` directives (kept
 * for the next CALL line) and `@name = value` variable definitions.
 */
import * as l10n from '@vscode/l10n';
import { PROTOCOL_CHOICES } from '../core/protocols';
import type { ProtocolChoice } from '../core/types';
import { readJsonTemplate } from './jsonTemplate';
import type { Line, LineContext } from './lineContext';
import { isBlank, SourceRange, trimmedEnd } from './positions';
import { isVariableName, readTextTemplate } from './references';
import type { Directive, RequestCall, VariableDefinition } from './types';

const DEFINITION = /^@([A-Za-z_][A-Za-z0-9_-]*)\s*=/;
const DIRECTIVE = /(?:#|\/\/)[ \t]*@([A-Za-z][\w-]*)/y;
const KNOWN_DIRECTIVES = ['name', 'protocol', 'batch'];

/**
 * A comment line (`#` or `//` at `line.first`): its directive when it holds a valid one, else undefined (a plain
 * comment, or a directive reported as wrong). `aboveCall`: the line is where directives go, before a CALL line.
 */
export function readCommentLine(ctx: LineContext, line: Line, aboveCall: boolean): Directive | undefined {
  const { text } = ctx;
  DIRECTIVE.lastIndex = line.first;
  // test, not exec: no match object; the name ends where the sticky match ended.
  if (!DIRECTIVE.test(text)) return undefined;
  const at = text.indexOf('@', line.first);
  const name = text.slice(at + 1, DIRECTIVE.lastIndex);
  const keyword = ctx.token(at, at + 1 + name.length);
  let valueStart = keyword.end;
  while (valueStart < line.end && isBlank(text.charCodeAt(valueStart))) valueStart++;
  const valueEnd = trimmedEnd(text, valueStart, line.end);
  const value = valueEnd > valueStart ? ctx.token(valueStart, valueEnd) : undefined;
  if (!KNOWN_DIRECTIVES.includes(name)) {
    ctx.report('warning', l10n.t('unknown directive @{0} (known: {1})', name, KNOWN_DIRECTIVES.map((d) => '@' + d).join(', ')), keyword.offset, keyword.end);
    return undefined;
  }
  if (!aboveCall) {
    ctx.report('warning', l10n.t('@{0} applies to the next call: put it between its ### line and its CALL line', name), keyword.offset, keyword.end);
    return undefined;
  }
  if (name === 'name' || name === 'batch') {
    if (!value || !isVariableName(text, value.offset, value.end)) {
      if (name === 'batch') {
        ctx.error(l10n.t('@batch needs a name of letters, digits, _ and - (starting with a letter): # @batch setup'), value?.offset ?? keyword.end, value?.end ?? keyword.end);
        return undefined;
      }
      ctx.error(l10n.t('@name needs a name of letters, digits, _ and - (starting with a letter): # @name hello'), value?.offset ?? keyword.end, value?.end ?? keyword.end);
      return undefined;
    }
  } else if (name === 'protocol') {
    const protocol = value && normalizeProtocol(value.text);
    if (!protocol) {
      ctx.error(l10n.t('@protocol needs one of {0}', PROTOCOL_CHOICES.join(', ')), value?.offset ?? keyword.end, value?.end ?? keyword.end);
      return undefined;
    }
  }
  return { name, keyword, value };
}

/** The directives read above a CALL line, onto its call (which keeps the list: the caller's own copy). */
export function applyDirectives(call: RequestCall, directives: Directive[]): void {
  if (directives.length === 0) return;
  call.directives = directives;
  for (let k = 0; k < directives.length; k++) {
    const directive = directives[k];
    if (directive.name === 'name') call.name = directive.value;
    if (directive.name === 'batch') call.batch = directive.value;
    if (directive.name === 'protocol') call.protocol = normalizeProtocol(directive.value!.text)!;
  }
}

/** Directives not followed by a CALL line in their block. */
export function reportOrphanDirectives(ctx: LineContext, directives: readonly Directive[]): void {
  for (let k = 0; k < directives.length; k++) {
    const directive = directives[k];
    ctx.report('warning', l10n.t('@{0} is not followed by a CALL line', directive.name), directive.keyword.offset, directive.keyword.end);
  }
}

/** A `@name = value` line (`@` at `line.first`): the definition, or undefined when it is not one (reported). */
export function readDefinition(ctx: LineContext, line: Line): VariableDefinition | undefined {
  const { text } = ctx;
  const rest = text.slice(line.first, line.end);
  const match = DEFINITION.exec(rest);
  if (!match) {
    ctx.error(l10n.t('expected a variable definition: @name = value (letters, digits, _ and -)'), line.first, line.end);
    return undefined;
  }
  const name = ctx.token(line.first + 1, line.first + 1 + match[1].length);
  let valueStart = line.first + match[0].length;
  while (valueStart < line.end && isBlank(text.charCodeAt(valueStart))) valueStart++;
  const valueText = text.slice(valueStart, line.end).trimEnd();
  const value = ctx.token(valueStart, valueStart + valueText.length);
  const range = new SourceRange(ctx.source, line.first, line.end);
  const json = readJsonTemplate(ctx, value.offset, value.end, 'value');
  const first = valueText[0];
  const mustBeJson = first === '"' || first === '[' || (first === '{' && valueText[1] !== '{');
  let form: VariableDefinition['form'];
  if (json.template.valid || mustBeJson) {
    if (json.problems.length > 0) ctx.diagnostics.push(...json.problems);
    form = { kind: 'json', template: json.template };
  } else {
    form = { kind: 'text', template: readTextTemplate(ctx, value.offset, value.end) };
  }
  return { name, value, form, range };
}

function normalizeProtocol(text: string): ProtocolChoice | undefined {
  const normalized = text.toLowerCase().replace(/[-_\s]/g, '');
  return PROTOCOL_CHOICES.find((p) => p === normalized);
}
