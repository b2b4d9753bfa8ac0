/**
 * The resolution of a parsed file's references (where a value comes from and what it is: variables.ts), checked
 * before anything is sent and resolved call by call as the calls run.
 */
import * as l10n from '@vscode/l10n';
import { parseEndpointUrl } from '../core/urlCheck';
import { readTypedJsonList } from '../core/typedJson';
import type { TypedValue } from '../core/types';
import { validateTypedValue } from '../core/values';
import { editDistance, kindOf, textOf, valueOfText } from './variableValues';
import { PENDING, ReferenceProblem, MissingResult, type CallResultState, type ResolvedCall, type Value, type VariableSources } from './variableSources';
import type { Diagnostic, JsonTemplate, ParsedRequestFile, PathSegment, Reference, RequestCall, TextTemplate, VariableDefinition } from './parser';

const SENTINEL_PREFIX = '\u0000rpc-explorer-reference:';

interface Context {
  /** The call being resolved (its index), Infinity for a definition checked on its own. */
  callIndex: number;
  checking: boolean;
  /** Named calls (indices) whose results the call needs. */
  dependencies: Set<number>;
  /** The reference written in the call that led here (through variables). */
  useSite?: Reference;
  /** Variables being evaluated (cycle detection). */
  stack: string[];
  /** Set when a named call's result was reached (such a value is not cached). */
  touchedCall: boolean;
  /** While checking: problems are collected, and resolution goes on with the next reference. */
  problems?: ReferenceProblem[];
}

/**
 * Resolves one parsed file's references. `check()` finds every problem that needs no call result (unknown
 * variables, unset $env/$secret, a call using a later call's result, cycles, bad URLs) before anything is sent;
 * `resolveCall` gives a call's values once the calls above it have run (`results`).
 */
export class RequestFileResolver {
  /** Results of the named calls that ran, by name. */
  readonly results = new Map<string, CallResultState>();
  private readonly callsByName = new Map<string, RequestCall>();
  private readonly definitions = new Map<string, VariableDefinition>();
  private readonly cache = new Map<string, TypedValue>();
  private readonly dependencyIndex = new Map<number, Set<number>>();

  constructor(
    readonly file: ParsedRequestFile,
    readonly sources: VariableSources = {},
    readonly secrets: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const call of file.calls) if (call.name && !this.callsByName.has(call.name.text)) this.callsByName.set(call.name.text, call);
    for (const definition of file.variables) if (!this.definitions.has(definition.name.text)) this.definitions.set(definition.name.text, definition);
  }

  /** Every reference problem of the file, one per place, in file order. Records each call's dependencies. */
  check(): Diagnostic[] {
    const problems: ReferenceProblem[] = [];
    for (const definition of this.file.variables) {
      const context = this.context(Infinity, true, problems);
      this.guard(context, () => this.evaluate(definition, context, undefined));
    }
    for (const call of this.file.calls) {
      const context = this.context(call.index, true, problems);
      if (call.url) {
        const url = this.guard(context, () => this.text(call.url!, context));
        if (typeof url === 'string') {
          try {
            parseEndpointUrl(url);
          } catch (error) {
            problems.push(new ReferenceProblem((error as Error).message, call.url.token));
          }
        }
      }
      if (call.method) {
        const method = this.guard(context, () => this.text(call.method!, context));
        if (method === '') problems.push(new ReferenceProblem(l10n.t('the method name is empty'), call.method.token));
      }
      for (const header of call.headers) this.guard(context, () => this.text(header.value, context));
      if (call.args) this.guard(context, () => this.json(call.args!, context));
      if (call.expect?.value) this.guard(context, () => this.json(call.expect!.value!, context));
      this.dependencyIndex.set(call.index, context.dependencies);
    }
    const seen = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    for (const problem of problems) {
      const key = `${problem.at.offset}:${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push({ severity: 'error', message: problem.message, offset: problem.at.offset, end: problem.at.end, range: problem.at.range });
    }
    return diagnostics.sort((a, b) => a.offset - b.offset);
  }

  /** The named calls (indices) a call needs, directly or through variables; known after check(). */
  dependenciesOf(call: RequestCall): ReadonlySet<number> {
    return this.dependencyIndex.get(call.index) ?? new Set();
  }

  /**
   * A call's values, with the results of the calls above it. Throws ReferenceProblem (a path that is not in a
   * result, a value that cannot be sent) or MissingResult (a needed call has no result).
   */
  resolveCall(call: RequestCall): ResolvedCall {
    const context = this.context(call.index, false);
    const headers: Record<string, string> = {};
    for (const header of call.headers) headers[header.name.text] = this.text(header.value, context) as string;
    const resolved: ResolvedCall = {
      url: call.url ? (this.text(call.url, context) as string) : '',
      method: call.method ? (this.text(call.method, context) as string) : '',
      headers,
      args: call.args ? (this.json(call.args, context) as TypedValue[]) : [],
    };
    if (call.expect?.value) resolved.expect = (this.json(call.expect.value, context) as TypedValue[])[0];
    return resolved;
  }

  private context(callIndex: number, checking: boolean, problems?: ReferenceProblem[]): Context {
    return { callIndex, checking, dependencies: new Set(), stack: [], touchedCall: false, problems };
  }

  /** While checking, a problem is recorded and the value is pending; at run time it is thrown. */
  private guard(context: Context, resolve: () => Value | Value[]): Value | Value[] {
    try {
      return resolve();
    } catch (error) {
      if (context.problems && error instanceof ReferenceProblem) {
        context.problems.push(error);
        return PENDING;
      }
      throw error;
    }
  }

  private text(template: TextTemplate, context: Context): string | typeof PENDING {
    const { token, references } = template;
    if (references.length === 0) return token.text;
    let out = '';
    let copied = token.offset;
    let pending = false;
    for (const reference of references) {
      const value = this.guard(context, () => this.lookup(reference, context)) as Value;
      if (value === PENDING) pending = true;
      else out += this.file.text.slice(copied, reference.offset) + textOf(value);
      copied = reference.end;
    }
    return pending ? PENDING : out + this.file.text.slice(copied, token.end);
  }

  /** A JSON template's values (one for an EXPECT or a JSON variable). */
  private json(template: JsonTemplate, context: Context): TypedValue[] | typeof PENDING {
    if (template.values) return template.values;
    const { token, source, references, items } = template;
    const values: Value[] = references.map((reference) => this.guard(context, () => this.lookup(reference, context)) as Value);
    if (values.includes(PENDING) || !template.valid) return PENDING;
    // A lone reference is its value, untouched.
    if (items.length === 1 && references.length === 1 && !references[0].inString && references[0].offset === items[0].offset && references[0].end === items[0].end) {
      this.validate(values[0] as TypedValue, references[0], context);
      return [values[0] as TypedValue];
    }
    let text = '';
    let copied = 0;
    const wholeValues: TypedValue[] = [];
    references.forEach((reference, i) => {
      const value = values[i] as TypedValue;
      const replacement = reference.inString
        ? JSON.stringify(textOf(value)).slice(1, -1)
        : JSON.stringify(SENTINEL_PREFIX + wholeValues.push(value));
      text += source.slice(copied, reference.offset - token.offset) + replacement;
      copied = reference.end - token.offset;
    });
    text += source.slice(copied);
    const read = readTypedJsonList(text);
    if (!read.ok) throw new ReferenceProblem(l10n.t('once its variables are substituted: {0}', read.problem.reason), token);
    const result = wholeValues.length ? read.values.map((v) => substitute(v, wholeValues)) : read.values;
    result.forEach((value, k) => {
      const invalid = validateTypedValue(value);
      if (invalid) throw new ReferenceProblem(items.length > 1 ? `argument ${k + 1}: ${invalid}` : invalid, items[k] ?? token);
    });
    return result;
  }

  private validate(value: TypedValue, reference: Reference, context: Context): void {
    if (context.checking) return;
    const invalid = validateTypedValue(value);
    if (invalid) throw new ReferenceProblem(`${reference.text}: ${invalid}`, reference);
  }

  /** A reference's value; one written in a call (not in a variable) is the use site of everything it leads to. */
  private lookup(reference: Reference, context: Context): Value {
    if (context.stack.length === 0) context.useSite = reference;
    return this.reference(reference, context);
  }

  private reference(reference: Reference, context: Context): Value {
    const { name } = reference;
    if (reference.kind === 'env') {
      const text = this.sources.env?.(name);
      if (text === undefined) throw new ReferenceProblem(l10n.t('environment variable {0} is not set', name), reference);
      const read = valueOfText(text);
      if (!read.ok) throw new ReferenceProblem(l10n.t('environment variable {0}: {1}', name, read.error), reference);
      return read.value;
    }
    if (reference.kind === 'secret') {
      const secret = this.secrets.get(name);
      if (secret === undefined) {
        const hint = this.sources.secretHint?.(name);
        throw new ReferenceProblem(hint ? l10n.t('secret {0} is not set ({1})', name, hint) : l10n.t('secret {0} is not set', name), reference);
      }
      return secret;
    }
    const call = this.callsByName.get(name);
    if (call) return this.callResult(call, reference, context);
    if (this.sources.overrides && Object.hasOwn(this.sources.overrides, name)) return this.follow(this.sources.overrides[name], reference.path, name);
    if (this.sources.environment && Object.hasOwn(this.sources.environment, name)) return this.follow(this.sources.environment[name], reference.path, name);
    const definition = this.definitions.get(name);
    if (definition) return this.follow(this.evaluate(definition, context, reference), reference.path, name);
    throw new ReferenceProblem(this.unknownVariable(name), reference.nameToken);
  }

  private callResult(call: RequestCall, reference: Reference, context: Context): Value {
    const name = call.name!.text;
    const [first, ...rest] = reference.path;
    if (!first || !('key' in first) || first.key !== 'result') {
      throw new ReferenceProblem(l10n.t('{0} is a call: its result is {1}', name, `{{${name}.result}}`), reference);
    }
    if (call.index >= context.callIndex) {
      const useSite = context.useSite ?? reference;
      const line = call.range.start.line + 1;
      const message =
        useSite === reference
          ? l10n.t('"{0}" (line {1}) is not above this call: a call can use the results of the calls above it', name, line)
          : l10n.t('{0} needs the result of "{1}" (line {2}), which is not above this call', useSite.text, name, line);
      throw new ReferenceProblem(message, useSite);
    }
    context.dependencies.add(call.index);
    context.touchedCall = true;
    if (context.checking) return PENDING;
    const state = this.results.get(name);
    if (!state) throw new MissingResult(l10n.t('needs the result of "{0}", which did not run', name));
    if ('missing' in state) throw new MissingResult(l10n.t('needs the result of "{0}", which {1}', name, state.missing));
    return this.follow(state.value, rest, `${name}.result`);
  }

  private evaluate(definition: VariableDefinition, context: Context, reference: Reference | undefined): Value {
    const name = definition.name.text;
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    if (context.stack.includes(name)) {
      const chain = [...context.stack.slice(context.stack.indexOf(name)), name].join(' → ');
      throw new ReferenceProblem(l10n.t('variable {0} refers to itself ({1})', name, chain), reference ?? definition.name);
    }
    const outerTouched = context.touchedCall;
    context.touchedCall = false;
    context.stack.push(name);
    let value: Value;
    try {
      if (definition.form.kind === 'json') {
        const values = this.json(definition.form.template, context);
        value = values === PENDING ? PENDING : values[0];
      } else {
        const text = this.text(definition.form.template, context);
        if (text === PENDING) value = PENDING;
        else {
          const read = valueOfText(text);
          if (!read.ok) throw new ReferenceProblem(`@${name}: ${read.error}`, definition.value);
          value = read.value;
        }
      }
    } finally {
      context.stack.pop();
    }
    if (value !== PENDING && !context.touchedCall) this.cache.set(name, value);
    context.touchedCall ||= outerTouched;
    return value;
  }

  /** Walks `.key` / `[0]` into a value. */
  private follow(value: Value, path: readonly PathSegment[], label: string): Value {
    let current = value;
    let where = label;
    for (const segment of path) {
      if (current === PENDING) return PENDING;
      if ('index' in segment) {
        if (!Array.isArray(current)) throw new ReferenceProblem(l10n.t('{0} is {1}, not an array: {2} cannot apply', where, kindOf(current), segment.token.text), segment.token);
        if (segment.index >= current.length) throw new ReferenceProblem(l10n.t('{0} has no item {1} (it has {2})', where, segment.index, current.length), segment.token);
        current = current[segment.index];
        where += `[${segment.index}]`;
      } else {
        if (current === null || typeof current !== 'object' || Array.isArray(current)) {
          throw new ReferenceProblem(l10n.t('{0} is {1}, not a struct: it has no key "{2}"', where, kindOf(current), segment.key), segment.token);
        }
        if (!Object.hasOwn(current, segment.key)) {
          const keys = Object.keys(current);
          const shown = keys.slice(0, 8).map((k) => JSON.stringify(k)).join(', ') + (keys.length > 8 ? ', …' : '');
          throw new ReferenceProblem(l10n.t('{0} has no key "{1}" (its keys: {2})', where, segment.key, shown || l10n.t('none')), segment.token);
        }
        current = current[segment.key];
        where += /^[A-Za-z_$][\w$-]*$/.test(segment.key) ? `.${segment.key}` : `[${JSON.stringify(segment.key)}]`;
      }
    }
    return current;
  }

  private unknownVariable(name: string): string {
    const suggested = this.suggestion(name);
    return suggested === undefined ? l10n.t('unknown variable "{0}"', name) : l10n.t('unknown variable "{0}" (did you mean "{1}"?)', name, suggested);
  }

  private suggestion(name: string): string | undefined {
    const known = [...this.definitions.keys(), ...this.callsByName.keys(), ...Object.keys(this.sources.environment ?? {}), ...Object.keys(this.sources.overrides ?? {})];
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
      const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
  }
}

/** Replaces the sentinel strings (whole-value references) by their values. */
function substitute(value: TypedValue, values: readonly TypedValue[]): TypedValue {
  if (typeof value === 'string') {
    if (!value.startsWith(SENTINEL_PREFIX)) return value;
    const index = Number(value.slice(SENTINEL_PREFIX.length)) - 1;
    return index >= 0 && index < values.length ? values[index] : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => substitute(item, values));
  const out: Record<string, TypedValue> = {};
  for (const key of Object.keys(value)) {
    const item = substitute(value[key], values);
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}
