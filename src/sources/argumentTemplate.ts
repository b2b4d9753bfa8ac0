/**
 * The argument box's starting text for a function read from a server's source: one typed JSON value per positional
 * parameter, from its default when it has a literal one, else from its type hint, else a string placeholder that
 * names it. Pure (no `vscode` import): unit-tested in plain Node.
 */
import type { SourceFunction, SourceLanguage, SourceParam } from '../sourceModel/model';

const DATETIME_EXAMPLE = '{"$datetime": "20260101T00:00:00"}';

/** `"name"`: a string placeholder that says which parameter goes there. */
function placeholder(name: string): string {
  return JSON.stringify(name);
}

/** Splits at top-level commas or bars (not inside brackets, braces, parentheses, angle brackets or quotes). */
function splitTopLevel(text: string, separator: ',' | '|'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('[({<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== '');
}

const NONE_TYPES = new Set(['none', 'nonetype', 'null', 'undefined', 'void']);

/** `Optional[X]` → X, `Union[X, None]` / `X | None` → X, `Annotated[X, …]` → X, `"X"` → X, `typing.X` → X. */
function essentialType(type: string): string {
  let t = type.trim();
  for (let guard = 0; guard < 10; guard++) {
    const before = t;
    if (/^(['"]).*\1$/s.test(t)) t = t.slice(1, -1).trim();
    t = t.replace(/^(?:typing|t|typing_extensions|collections\.abc)\./, '');
    const alternatives = splitTopLevel(t, '|');
    if (alternatives.length > 1) t = alternatives.find((a) => !NONE_TYPES.has(a.toLowerCase())) ?? alternatives[0];
    const generic = /^([\w.]+)\s*\[(.*)\]$/s.exec(t);
    if (generic) {
      const [, head, inner] = generic;
      const args = splitTopLevel(inner, ',');
      if (head === 'Optional' || head === 'Annotated' || head === 'Required' || head === 'NotRequired') t = args[0] ?? t;
      else if (head === 'Union') t = args.find((a) => !NONE_TYPES.has(a.toLowerCase())) ?? args[0] ?? t;
    }
    if (t === before) break;
  }
  return t;
}

/** The typed JSON example of a type hint (Python annotation, TypeScript type, JSDoc type); a placeholder when it says nothing usable. */
export function templateOfType(type: string | undefined, name: string): string {
  if (!type) return placeholder(name);
  const t = essentialType(type);
  if (/\[\]$/.test(t) || /^\[.*\]$/s.test(t)) return '[]'; // TypeScript `string[]`, tuple `[a, b]`
  if (/^\{.*\}$/s.test(t)) return '{}'; // TypeScript object literal type
  const literal = /^Literal\s*\[(.*)\]$/s.exec(t);
  if (literal) {
    const first = splitTopLevel(literal[1], ',')[0];
    return (first && literalToTypedJson(first)) ?? placeholder(name);
  }
  if (/^(['"]).*\1$/s.test(t)) return literalToTypedJson(t) ?? placeholder(name); // TypeScript string literal type
  const head = (/^([\w.$]+)/.exec(t)?.[1] ?? '').toLowerCase();
  switch (head) {
    case 'int':
    case 'integer':
    case 'number':
    case 'bigint':
      return '42';
    case 'float':
    case 'double':
    case 'decimal':
    case 'decimal.decimal':
      return '1.0';
    case 'bool':
    case 'boolean':
      return 'false';
    case 'str':
    case 'string':
      return placeholder(name);
    case 'bytes':
    case 'bytearray':
    case 'memoryview':
    case 'buffer':
    case 'uint8array':
    case 'xmlrpc.client.binary':
    case 'binary':
      return '{"$base64": ""}';
    case 'datetime':
    case 'datetime.datetime':
    case 'date':
    case 'datetime.date':
    case 'xmlrpc.client.datetime':
      return DATETIME_EXAMPLE;
    case 'list':
    case 'sequence':
    case 'mutablesequence':
    case 'tuple':
    case 'set':
    case 'frozenset':
    case 'iterable':
    case 'collection':
    case 'array':
    case 'readonlyarray':
      return '[]';
    case 'dict':
    case 'mapping':
    case 'mutablemapping':
    case 'typeddict':
    case 'record':
    case 'object':
      return '{}';
    case 'none':
    case 'null':
      return 'null';
    default:
      return placeholder(name);
  }
}

/** A default value's source text as typed JSON, when it is a plain literal (number, string, bool, None, empty container). */
export function literalToTypedJson(text: string): string | undefined {
  const t = text.trim();
  if (t === 'None' || t === 'null' || t === 'undefined') return 'null';
  if (t === 'True' || t === 'true') return 'true';
  if (t === 'False' || t === 'false') return 'false';
  if (/^-?\d+$/.test(t)) return String(BigInt(t));
  if (/^-?(\d+\.\d*|\.\d+|\d+)(e[+-]?\d+)?$/i.test(t)) {
    const n = Number(t);
    if (!Number.isFinite(n)) return undefined;
    return Number.isInteger(n) ? `${n}.0` : String(n);
  }
  if (t === '[]' || t === '()' || t === 'list()' || t === 'tuple()') return '[]';
  if (t === '{}' || t === 'dict()') return '{}';
  if (t === "b''" || t === 'b""') return '{"$base64": ""}';
  const quoted = /^(['"`])(.*)\1$/s.exec(t);
  if (quoted && !/[\\\n]/.test(quoted[2]) && !(quoted[1] === '`' && quoted[2].includes('${'))) return JSON.stringify(quoted[2]);
  if (quoted?.[1] === '"') {
    try {
      const value: unknown = JSON.parse(t);
      if (typeof value === 'string') return JSON.stringify(value);
    } catch {
      // Python escapes that JSON does not read: fall back to the type.
    }
  }
  return undefined;
}

/** The parameters a client passes positionally (not `*args`, `**kwargs` or keyword-only ones). */
export function positionalParams(fn: SourceFunction): SourceParam[] {
  return (fn.params ?? []).filter((p) => p.kind === 'positional');
}

/** One typed JSON value of a parameter: its literal default, else its type's example, else `"name"`. */
export function templateOfParam(param: SourceParam): string {
  const fromDefault = param.default !== undefined ? literalToTypedJson(param.default) : undefined;
  if (fromDefault !== undefined) return fromDefault;
  if (/^[[{]/.test(param.name)) return param.name.startsWith('[') ? '[]' : '{}'; // a destructuring pattern
  return templateOfType(param.type, param.name);
}

/** The argument box's text for a source function ('' when it takes no parameters), or undefined when its parameters are unknown. */
export function argumentTemplate(fn: SourceFunction): string | undefined {
  if (!fn.params) return undefined;
  return positionalParams(fn).map(templateOfParam).join(', ');
}

/** `sayHi(name: str, times: int = 1) -> str`: the function as its source declares it, for tooltips and prompts. */
export function sourceSignature(fn: SourceFunction, language: SourceLanguage): string {
  const params = (fn.params ?? []).map((p) => {
    const prefix = p.kind === 'var-positional' ? (language === 'python' ? '*' : '...') : p.kind === 'var-keyword' ? '**' : '';
    const optional = language !== 'python' && !p.required && p.default === undefined && p.kind === 'positional' ? '?' : '';
    const type = p.type ? `: ${p.type}` : '';
    const fallback = p.default !== undefined ? ` = ${p.default}` : '';
    return `${prefix}${p.name}${optional}${type}${fallback}`;
  });
  const returns = fn.returns ? (language === 'python' ? ` -> ${fn.returns}` : `: ${fn.returns}`) : '';
  return `${fn.name}(${fn.params ? params.join(', ') : '…'})${returns}`;
}
