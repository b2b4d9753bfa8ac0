/**
 * Type names and type texts → ValueShape: XML-RPC `system.methodSignature` names (`int`, `double`,
 * `dateTime.iso8601`…), Python type hints (`Optional[int]`, `list[int]`, `dict[str, X]`, `datetime`, `bytes`,
 * `Literal['a', 'b']`) and TypeScript / JSDoc types (`string[]`, `Array<number>`, `Record<string, T>`,
 * `{ a: string; b?: number }`, `'red' | 'blue'`, `T | null`).
 */
import type { TypedValue } from '../types';
import type { FieldShape, ValueShape } from './shape';

/** The shape of an XML-RPC signature type name (or an OpenRPC simple type a signature was made of). */
export function shapeOfSignatureType(type: string): ValueShape {
  switch (type.trim().toLowerCase()) {
    case 'string':
      return { kind: 'string' };
    case 'int':
    case 'i4':
    case 'i8':
    case 'integer':
    case 'long':
      return { kind: 'integer' };
    case 'double':
    case 'float':
      return { kind: 'double' };
    case 'number':
      return { kind: 'number' };
    case 'boolean':
    case 'bool':
      return { kind: 'boolean' };
    case 'base64':
      return { kind: 'base64' };
    case 'datetime.iso8601':
    case 'datetime':
      return { kind: 'datetime' };
    case 'array':
      return { kind: 'array', items: { kind: 'any' } };
    case 'struct':
    case 'object':
      return { kind: 'struct', fields: [], additional: { kind: 'any' } };
    case 'nil':
    case 'null':
      return { kind: 'nil' };
    default:
      return { kind: 'any' };
  }
}

/** Splits at top-level separators (not inside brackets, braces, parentheses, angle brackets or quotes). */
export function splitTopLevel(text: string, separators: string): string[] {
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
    else if (separators.includes(c) && depth === 0 && !(c === '>' || c === '<')) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== '');
}

const NONE_TYPES = new Set(['none', 'nonetype', 'null', 'undefined', 'void']);
const MAX_DEPTH = 16;

/** A literal of a `Literal[...]` or a TypeScript literal type, as a typed value. */
function literalValue(text: string): TypedValue | undefined {
  const t = text.trim();
  const quoted = /^(['"`])(.*)\1$/s.exec(t);
  if (quoted) return quoted[2];
  if (/^-?\d+$/.test(t)) return Number.isSafeInteger(Number(t)) ? Number(t) : { $i8: t };
  if (t === 'True' || t === 'true') return true;
  if (t === 'False' || t === 'false') return false;
  return undefined;
}

/** The shape a Python type hint or a TypeScript / JSDoc type says; `any` when it says nothing usable. */
export function shapeOfTypeText(type: string | undefined): ValueShape {
  return type ? readType(type, 0) : { kind: 'any' };
}

function readType(text: string, depth: number): ValueShape {
  let t = text.trim();
  if (depth > MAX_DEPTH || t === '') return { kind: 'any' };
  if (/^\(.*\)$/s.test(t)) t = t.slice(1, -1).trim();
  if (/^(['"]).*\1$/s.test(t) && !/^(['"]).*\1\s*\|/.test(t) && splitTopLevel(t, '|').length === 1) {
    // A Python forward reference "X", or a TypeScript string literal type 'x'.
    const inner = t.slice(1, -1);
    if (/^[A-Za-z_][\w.]*(\[.*\])?$/s.test(inner) && (/^[A-Z]/.test(inner) || namedType(inner).kind !== 'any')) return readType(inner, depth + 1);
    return { kind: 'enum', options: [inner] };
  }
  t = t.replace(/^(?:typing|t|typing_extensions|collections\.abc)\./, '');
  const alternatives = splitTopLevel(t, '|');
  if (alternatives.length > 1) return union(alternatives, depth);
  if (/\[\]$/.test(t)) return { kind: 'array', items: readType(t.slice(0, -2), depth + 1) };
  if (/^\[.*\]$/s.test(t)) return { kind: 'array', items: { kind: 'any' } }; // a TypeScript tuple
  if (/^\{.*\}$/s.test(t)) return objectLiteral(t.slice(1, -1), depth);
  const generic = /^([\w.$]+)\s*[[<](.*)[\]>]$/s.exec(t);
  if (generic) return genericType(generic[1], splitTopLevel(generic[2], ','), depth);
  const literal = literalValue(t);
  if (literal !== undefined && !/^(true|false|True|False)$/.test(t)) return { kind: 'enum', options: [literal] };
  return namedType(t);
}

function union(alternatives: string[], depth: number): ValueShape {
  const nonNull = alternatives.filter((a) => !NONE_TYPES.has(a.toLowerCase()));
  const nullable = nonNull.length < alternatives.length;
  const literals = nonNull.map(literalValue);
  if (nonNull.length > 0 && literals.every((l) => l !== undefined)) return { kind: 'enum', options: literals as TypedValue[], ...(nullable ? { nullable } : {}) };
  const shapes = nonNull.map((a) => readType(a, depth + 1));
  if (shapes.length === 0) return { kind: 'nil' };
  if (shapes.length === 1) return { ...shapes[0], ...(nullable ? { nullable: true } : {}) };
  return { kind: 'oneOf', variants: shapes.map((shape, i) => ({ label: nonNull[i], shape })), ...(nullable ? { nullable } : {}) };
}

function genericType(head: string, args: string[], depth: number): ValueShape {
  switch (head.replace(/^(?:typing|t|typing_extensions|collections\.abc)\./, '')) {
    case 'Optional':
      return { ...readType(args[0] ?? '', depth + 1), nullable: true };
    case 'Union':
      return union(args, depth);
    case 'Annotated':
    case 'Required':
    case 'NotRequired':
    case 'Final':
    case 'Readonly':
    case 'Promise':
      return readType(args[0] ?? '', depth + 1);
    case 'Literal': {
      const options = args.map(literalValue).filter((v): v is TypedValue => v !== undefined);
      return { kind: 'enum', options };
    }
    case 'list':
    case 'List':
    case 'Sequence':
    case 'MutableSequence':
    case 'Iterable':
    case 'Collection':
    case 'set':
    case 'Set':
    case 'frozenset':
    case 'FrozenSet':
    case 'Array':
    case 'ReadonlyArray':
      return { kind: 'array', items: readType(args[0] ?? '', depth + 1) };
    case 'tuple':
    case 'Tuple':
      return { kind: 'array', items: args.length === 2 && args[1] === '...' ? readType(args[0], depth + 1) : args.length === 1 ? readType(args[0], depth + 1) : { kind: 'any' } };
    case 'dict':
    case 'Dict':
    case 'Mapping':
    case 'MutableMapping':
    case 'Record':
    case 'Map':
      return { kind: 'struct', fields: [], additional: readType(args[1] ?? '', depth + 1) };
    default:
      return namedType(head);
  }
}

/** `a: string; b?: number` (TypeScript) → struct fields. */
function objectLiteral(body: string, depth: number): ValueShape {
  const fields: FieldShape[] = [];
  for (const member of splitTopLevel(body, ';,')) {
    const match = /^(?:readonly\s+)?(['"]?)([\w$-]+)\1(\?)?\s*:\s*(.+)$/s.exec(member.trim());
    if (!match) continue;
    fields.push({ name: match[2], required: !match[3], shape: readType(match[4], depth + 1) });
  }
  return { kind: 'struct', fields };
}

function namedType(name: string): ValueShape {
  switch (name.toLowerCase()) {
    case 'int':
    case 'integer':
    case 'bigint':
    case 'long':
      return { kind: 'integer' };
    case 'float':
    case 'double':
    case 'decimal':
    case 'decimal.decimal':
      return { kind: 'double' };
    case 'number':
      return { kind: 'number' };
    case 'bool':
    case 'boolean':
      return { kind: 'boolean' };
    case 'str':
    case 'string':
      return { kind: 'string' };
    case 'bytes':
    case 'bytearray':
    case 'memoryview':
    case 'buffer':
    case 'uint8array':
    case 'xmlrpc.client.binary':
    case 'binary':
      return { kind: 'base64' };
    case 'datetime':
    case 'datetime.datetime':
    case 'date':
    case 'datetime.date':
    case 'xmlrpc.client.datetime':
      return { kind: 'datetime' };
    case 'list':
    case 'sequence':
    case 'tuple':
    case 'set':
    case 'array':
      return { kind: 'array', items: { kind: 'any' } };
    case 'dict':
    case 'mapping':
    case 'object':
    case 'typeddict':
      return { kind: 'struct', fields: [], additional: { kind: 'any' } };
    case 'none':
    case 'nonetype':
    case 'null':
      return { kind: 'nil' };
    default:
      return { kind: 'any' };
  }
}

/**
 * A default's source text (Python or JavaScript literal) as a typed value, when it is a plain literal: numbers keep
 * their exact text (an integer beyond 2^53 as i8; `1.0` a double), strings, booleans, None / null, empty containers.
 */
export function literalDefault(text: string): TypedValue | undefined {
  const t = text.trim();
  if (t === 'None' || t === 'null' || t === 'undefined') return null;
  if (t === 'True' || t === 'true') return true;
  if (t === 'False' || t === 'false') return false;
  if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : { $i8: BigInt(t).toString() };
  }
  if (/^-?(\d+\.\d*|\.\d+|\d+)(e[+-]?\d+)?$/i.test(t)) {
    const n = Number(t);
    if (!Number.isFinite(n)) return undefined;
    return Number.isInteger(n) ? { $double: n } : n;
  }
  if (t === '[]' || t === '()' || t === 'list()' || t === 'tuple()') return [];
  if (t === '{}' || t === 'dict()') return {};
  if (t === "b''" || t === 'b""') return { $base64: '' };
  const quoted = /^(['"])(.*)\1$/s.exec(t);
  if (quoted) {
    const inner = quoted[2];
    if (!inner.includes('\\') && !inner.includes(quoted[1])) return inner;
    if (quoted[1] === '"') {
      try {
        return JSON.parse(t) as string;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
