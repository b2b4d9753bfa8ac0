import * as l10n from '@vscode/l10n';
import { RpcError } from './errors';
import { lineColumnAt, readTypedJson, readTypedJsonList, textNear, type TypedJsonProblem } from './typedJson';
import type { TypedStruct, TypedValue } from './types';

/** Typed JSON helpers shared by the CLI, the call command's argument box, the result view and every codec. */

export type ArgumentParse = { ok: true; args: TypedValue[] } | { ok: false; error: string };

/** The tags of typed JSON: an object with exactly one of these keys stands for a value plain JSON cannot say. */
export type ValueTag = '$double' | '$datetime' | '$base64' | '$i8';
export const VALUE_TAGS: readonly ValueTag[] = ['$double', '$datetime', '$base64', '$i8'];

/** A tagged object, already recognised: what each codec switches on. */
export type Tagged =
  | { tag: '$double'; value: number }
  | { tag: '$datetime'; value: string }
  | { tag: '$base64'; value: string }
  | { tag: '$i8'; value: string };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const I8_MIN = -(2n ** 63n);
const I8_MAX = 2n ** 63n - 1n;

export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX;
}

/** How a plain JSON number travels: int32 → int, other safe integers → i8, anything else → double. */
export function classifyNumber(n: number): 'int' | 'i8' | 'double' {
  if (Number.isInteger(n)) {
    if (n >= INT32_MIN && n <= INT32_MAX) return 'int';
    if (Number.isSafeInteger(n)) return 'i8';
  }
  return 'double';
}

/**
 * Typed JSON for an integer read from the wire (XML-RPC int/i4/i8, hprose long): a number while it is exact,
 * else {"$i8": "digits"}. Returns undefined when the text is not an integer.
 */
export function integerFromText(text: string): TypedValue | undefined {
  const t = text.trim();
  if (!INTEGER_TEXT.test(t)) return undefined;
  const n = Number(t);
  if (Number.isSafeInteger(n)) return n;
  return { $i8: BigInt(t).toString() };
}
const INTEGER_TEXT = /^[+-]?\d+$/;

/** Typed JSON for a double read from the wire: integral and non-finite doubles keep their type with $double. */
export function doubleValue(n: number): TypedValue {
  if (Number.isInteger(n)) return { $double: n };
  if (Number.isFinite(n)) return n;
  // JSON has no NaN/Infinity: say them as text ("NaN", "Infinity", "-Infinity"), which $double accepts.
  return { $double: String(n) };
}

/** Number value of a $double (a number, or "NaN"/"Infinity"/"-Infinity"). */
export function doubleOf(raw: unknown): number {
  return typeof raw === 'number' ? raw : Number(raw);
}

/** Digits of an $i8 (a string of digits, or an integral number). */
export function i8Text(raw: unknown): string {
  return typeof raw === 'number' ? String(raw) : String(raw).trim().replace(/^\+/, '');
}

/**
 * Recognises a tagged object. Returns null for plain values (including structs). Does not validate the payload:
 * values from parseArgumentList are valid already, and decoders only emit valid tags.
 */
export function taggedOf(value: TypedValue): Tagged | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  let key: string | undefined;
  for (const k in value) {
    if (key !== undefined) return null; // more than one key: a struct
    key = k;
  }
  switch (key) {
    case '$double':
      return { tag: '$double', value: doubleOf(value[key]) };
    case '$datetime':
      return { tag: '$datetime', value: String(value[key]) };
    case '$base64':
      return { tag: '$base64', value: String(value[key]) };
    case '$i8':
      return { tag: '$i8', value: i8Text(value[key]) };
    default:
      return null;
  }
}

const DATETIME_TEXT = /^\d{4}-?\d{2}-?\d{2}(T\d{2}(:?\d{2}(:?\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;
const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

/** Why a tagged payload is invalid, or null when it is fine. */
function checkTag(tag: string, raw: TypedValue): string | null {
  switch (tag) {
    case '$double':
      if (typeof raw === 'number' || (typeof raw === 'string' && NON_FINITE.has(raw))) return null;
      return l10n.t('$double needs a number (or "NaN", "Infinity", "-Infinity"), got {0}', preview(raw));
    case '$datetime':
      if (typeof raw === 'string' && DATETIME_TEXT.test(raw.trim())) return null;
      return l10n.t('$datetime needs ISO 8601 text such as "20261123T10:00:00" or "2026-11-23T10:00:00Z", got {0}', preview(raw));
    case '$base64': {
      if (typeof raw !== 'string') return l10n.t('$base64 needs a string, got {0}', preview(raw));
      const compact = raw.replace(/\s+/g, '');
      if (!BASE64_TEXT.test(compact) || compact.length % 4 !== 0) return l10n.t('$base64 is not base64: {0}', preview(raw));
      return null;
    }
    case '$i8': {
      const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : null;
      if (text === null || !INTEGER_TEXT.test(text)) return l10n.t('$i8 needs a string of digits, got {0}', preview(raw));
      const big = BigInt(text);
      if (big < I8_MIN || big > I8_MAX) return l10n.t('$i8 {0} does not fit in 64 bits', text);
      return null;
    }
    default:
      return l10n.t('unknown tag {0} (known: {1})', tag, VALUE_TAGS.join(', '));
  }
}

function preview(raw: TypedValue | undefined): string {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}

/**
 * Checks the tagged objects inside a typed JSON value. Returns a one-line reason naming where the problem is
 * (e.g. `at [1].when: $datetime needs ISO 8601 text...`), or null when the value is valid.
 * An object with a key starting with `$` must be exactly one known tag.
 */
export function validateTypedValue(value: TypedValue, path = ''): string | null {
  // Most values are valid: one walk without building the path of every item, the path-naming walk only on a problem.
  return isValidTypedValue(value) ? null : problemAt(value, path);
}

/** validateTypedValue's verdict without its message: no string is built for a valid value. */
function isValidTypedValue(value: TypedValue): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isValidTypedValue(value[i])) return false;
    return true;
  }
  const keys = Object.keys(value);
  const isClassObject = typeof (value as TypedStruct).$class === 'string';
  let tagKey: string | undefined;
  // Indexed loops: a for…of makes an iterator and a result per step until the code is optimized (a file's first parse).
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (key.charCodeAt(0) === 36 /* $ */ && !(isClassObject && key === '$class')) {
      tagKey = key;
      break;
    }
  }
  if (tagKey !== undefined) return keys.length === 1 && checkTag(tagKey, (value as TypedStruct)[tagKey]) === null;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (isClassObject && key === '$class') continue;
    if (!isValidTypedValue(value[key])) return false;
  }
  return true;
}

/** The reason a value is not valid, naming where (validateTypedValue's message). */
function problemAt(value: TypedValue, path: string): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = problemAt(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  const keys = Object.keys(value);
  // An hprose object comes back as {"$class": "User", ...fields}: a struct, so it can be sent back as it came.
  const isClassObject = typeof (value as TypedStruct).$class === 'string';
  const tagKey = isClassObject ? keys.find((k) => k.startsWith('$') && k !== '$class') : keys.find((k) => k.startsWith('$'));
  if (tagKey !== undefined) {
    if (keys.length !== 1) {
      const others = keys.filter((k) => k !== tagKey).map((k) => JSON.stringify(k)).join(', ');
      return path
        ? l10n.t('a tagged object holds exactly one key, but {0} at {1} comes with {2}', tagKey, path, others)
        : l10n.t('a tagged object holds exactly one key, but {0} comes with {1}', tagKey, others);
    }
    const problem = checkTag(tagKey, (value as TypedStruct)[tagKey]);
    if (!problem) return null;
    return path ? l10n.t('{0} at {1}', problem, path) : problem;
  }
  for (const key of keys) {
    if (isClassObject && key === '$class') continue;
    const problem = problemAt(value[key], `${path}${/^[A-Za-z_][\w]*$/.test(key) ? '.' + key : `[${JSON.stringify(key)}]`}`);
    if (problem) return problem;
  }
  return null;
}

/**
 * Parses what a user types as a call's argument list: `"phyger"` or `"a", 42, {"$base64": "aGk="}`.
 * Empty (or blank) text is no arguments. Numbers keep the type their text says (see typedJson.ts: `1.0` is a double,
 * `9007199254740993` an exact {"$i8"}). Tagged objects are validated ($base64 must be base64, $i8 digits...).
 */
export function parseArgumentList(text: string): ArgumentParse {
  const read = readTypedJsonList(text);
  if (!read.ok) {
    const { problem, index, valueOffset } = read;
    if (problem.kind === 'syntax') return { ok: false, error: syntaxMessage(text, problem) };
    // Say where only when the problem is inside the argument rather than the whole of it.
    const error =
      problem.offset === valueOffset
        ? l10n.t('argument {0}: {1}', index, problem.reason)
        : l10n.t('argument {0} at {1}: {2}', index, locationOf(text, problem.offset), problem.reason);
    return { ok: false, error };
  }
  const args = read.values;
  for (let i = 0; i < args.length; i++) {
    const problem = validateTypedValue(args[i]);
    if (problem) return { ok: false, error: l10n.t('argument {0}: {1}', i + 1, problem) };
  }
  return { ok: true, args };
}

/** One typed JSON value, or why not and where (1-based line and column within `text`). */
export type TypedJsonParse = { ok: true; value: TypedValue } | { ok: false; error: string; line: number; column: number; offset: number };

/**
 * Parses one typed JSON value (e.g. a request file's argument), with the same rules as parseArgumentList.
 * `error` is the reason alone (the caller adds its own location); `line`/`column` are relative to `text`.
 * A bad tagged object is reported at the start of the value, with its path in the reason.
 */
export function parseTypedJson(text: string): TypedJsonParse {
  const read = readTypedJson(text);
  if (!read.ok) {
    const { problem } = read;
    const error = problem.kind === 'syntax' ? l10n.t('not valid JSON: {0}', problem.reason) : problem.reason;
    return { ok: false, error, ...lineColumnAt(text, problem.offset), offset: problem.offset };
  }
  const problem = validateTypedValue(read.value);
  if (problem) {
    const offset = text.length - text.trimStart().length;
    return { ok: false, error: problem, ...lineColumnAt(text, offset), offset };
  }
  return { ok: true, value: read.value };
}

/**
 * A CLI argument: typed JSON when it parses, else the text itself as a string (`call URL sayHi phyger`).
 * JSON that cannot be sent (an invalid tagged object, an integer beyond 64 bits...) is a usage error
 * (RpcError kind 'usage'), not a string.
 */
export function parseCliArgument(text: string): TypedValue {
  const read = readTypedJson(text);
  if (!read.ok) {
    const { problem } = read;
    if (problem.kind === 'syntax') return text;
    const wholeArgument = problem.offset === text.length - text.trimStart().length;
    throw new RpcError(
      'usage',
      wholeArgument
        ? l10n.t('argument {0}: {1}', preview(text), problem.reason)
        : l10n.t('argument {0} at {1}: {2}', preview(text), locationOf(text, problem.offset), problem.reason),
    );
  }
  const problem = validateTypedValue(read.value);
  if (problem) throw new RpcError('usage', l10n.t('argument {0}: {1}', preview(text), problem));
  return read.value;
}

/** Typed JSON text of a value (what the CLI prints and "Copy Result" copies). */
export function formatTypedValue(value: TypedValue, indent = 2): string {
  return JSON.stringify(value, null, indent);
}

/** A syntax problem in the user's text: line/column and the text around it. */
function syntaxMessage(text: string, problem: TypedJsonProblem): string {
  return l10n.t('not valid JSON at {0} (near "{1}"): {2}', locationOf(text, problem.offset), textNear(text, problem.offset), problem.reason);
}

function locationOf(text: string, offset: number): string {
  const { line, column } = lineColumnAt(text, offset);
  return l10n.t('line {0}, column {1}', line, column);
}
