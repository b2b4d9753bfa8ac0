/**
 * Between form values and typed values: what a widget's text means (an integer stays exact beyond 2^53, a double
 * is sent as a double even when typed `1`), the starting value of a field, the template value of a parameter, the
 * typed-JSON text of the argument box, and the checks a form runs as the user types. Pure: it runs in the call
 * form's webview as well as in Node.
 */
import * as l10n from '@vscode/l10n';
import type { TypedStruct, TypedValue } from '../types';
import { taggedOf, validateTypedValue } from '../values';
import type { ParamShape, ValueShape } from './shape';

const INTEGER_TEXT = /^[+-]?\d+$/;
const I8_MIN = -(2n ** 63n);
const I8_MAX = 2n ** 63n - 1n;

/** A fixed example date in XML-RPC's lexical form (which every protocol's reader accepts). */
export const EXAMPLE_DATETIME = '20260101T00:00:00';

export type FieldRead = { ok: true; value: TypedValue } | { ok: false; error: string };

/** An integer field's text: a number while it is a safe integer, else {"$i8": digits}; never through a JS number. */
export function readIntegerText(text: string): FieldRead {
  const t = text.trim().replace(/^\+/, '');
  if (!INTEGER_TEXT.test(t)) return { ok: false, error: t === '' ? l10n.t('an integer is needed') : l10n.t('{0} is not an integer', JSON.stringify(text.trim())) };
  const big = BigInt(t);
  if (big < I8_MIN || big > I8_MAX) return { ok: false, error: l10n.t('{0} does not fit in 64 bits', t) };
  const n = Number(t);
  return { ok: true, value: Number.isSafeInteger(n) ? n : { $i8: big.toString() } };
}

/** A double field's text: {"$double": n} when integral, so `1` is sent as a double; NaN / Infinity as text. */
export function readDoubleText(text: string): FieldRead {
  const t = text.trim();
  if (t === 'NaN' || t === 'Infinity' || t === '-Infinity') return { ok: true, value: { $double: t } as unknown as TypedValue };
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return { ok: false, error: t === '' ? l10n.t('a number is needed') : l10n.t('{0} is not a number', JSON.stringify(t)) };
  const n = Number(t);
  if (!Number.isFinite(n)) return { ok: false, error: l10n.t('{0} is beyond the range of a double', t) };
  return { ok: true, value: Number.isInteger(n) ? { $double: n } : n };
}

/** A JSON number field: an integer literal stays an integer (exact), a literal with `.` or an exponent is a double. */
export function readNumberText(text: string): FieldRead {
  const t = text.trim();
  if (INTEGER_TEXT.test(t)) return readIntegerText(t);
  return readDoubleText(t);
}

/** The text a numeric widget shows for a value; undefined when the value is not a number. */
export function numberText(value: TypedValue): string | undefined {
  if (typeof value === 'number') return String(value);
  const tagged = taggedOf(value);
  if (tagged?.tag === '$i8') return tagged.value;
  if (tagged?.tag === '$double') return Number.isInteger(tagged.value) && Math.abs(tagged.value) < 1e21 ? `${tagged.value}.0` : String(tagged.value);
  return undefined;
}

/** A value as the shape sends it: an integral number where a double is wanted becomes {"$double": n}. */
export function conformToShape(value: TypedValue, shape: ValueShape): TypedValue {
  if (shape.kind === 'double' && typeof value === 'number' && Number.isInteger(value)) return { $double: value };
  if (shape.kind === 'array' && Array.isArray(value)) return value.map((v) => conformToShape(v, shape.items));
  if (shape.kind === 'struct' && value !== null && typeof value === 'object' && !Array.isArray(value) && !taggedOf(value)) {
    const out: TypedStruct = {};
    for (const [k, v] of Object.entries(value)) {
      const field = shape.fields.find((f) => f.name === k);
      out[k] = field ? conformToShape(v, field.shape) : shape.additional ? conformToShape(v, shape.additional) : v;
    }
    return out;
  }
  return value;
}

/** The empty value of a shape, for a new field or row the user fills in. */
export function emptyValue(shape: ValueShape): TypedValue {
  switch (shape.kind) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'double':
      return { $double: 0 };
    case 'boolean':
      return false;
    case 'nil':
      return null;
    case 'datetime':
      return { $datetime: EXAMPLE_DATETIME };
    case 'base64':
      return { $base64: '' };
    case 'array':
      return [];
    case 'struct': {
      const out: TypedStruct = {};
      for (const field of shape.fields) if (field.required || field.shape.default !== undefined) out[field.name] = initialValue(field.shape);
      return out;
    }
    case 'enum':
      return shape.options[0] ?? null;
    case 'oneOf':
      return shape.variants.length ? initialValue(shape.variants[0].shape) : null;
    case 'any':
      return shape.nullable ? null : '';
  }
}

/** A field's starting value: its default, else its example, else the shape's empty value. */
export function initialValue(shape: ValueShape): TypedValue {
  if (shape.default !== undefined) return conformToShape(shape.default, shape);
  if (shape.example !== undefined) return conformToShape(shape.example, shape);
  return emptyValue(shape);
}

/**
 * A parameter's value in a template (the argument box, a request file, a hover): its default or example, else an
 * example of its type — a string says the parameter's name, an integer 42, a double 1.0, an enum its first
 * choice, a struct its fields. The one example mapper of the extension.
 */
export function templateValue(shape: ValueShape, name: string): TypedValue {
  if (shape.default !== undefined) return conformToShape(shape.default, shape);
  if (shape.example !== undefined) return conformToShape(shape.example, shape);
  switch (shape.kind) {
    case 'string':
    case 'any':
      return name;
    case 'integer':
    case 'number':
      return 42;
    case 'double':
      return { $double: 1 };
    case 'struct': {
      const out: TypedStruct = {};
      for (const field of shape.fields) out[field.name] = templateValue(field.shape, field.name);
      return out;
    }
    case 'oneOf':
      return shape.variants.length ? templateValue(shape.variants[0].shape, name) : null;
    default:
      return emptyValue(shape);
  }
}

/**
 * Typed JSON text of a value, on one line, as the argument box reads it back unchanged: an integral double is
 * written `1.0`, an i8 as its digits, other tags as tagged objects.
 */
export function typedJsonText(value: TypedValue): string {
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? JSON.stringify({ $double: String(value) }) : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(typedJsonText).join(', ')}]`;
  const tagged = taggedOf(value);
  if (tagged?.tag === '$double' && Number.isFinite(tagged.value)) return Number.isInteger(tagged.value) && Math.abs(tagged.value) < 1e21 ? `${Object.is(tagged.value, -0) ? '-0' : tagged.value}.0` : String(tagged.value);
  if (tagged?.tag === '$i8' && INTEGER_TEXT.test(tagged.value)) return tagged.value.replace(/^\+/, '');
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${typedJsonText(value[k])}`).join(', ')}}`;
}

/** The argument box's text of a list of arguments: `"a", 42, {"$base64": "aGk="}`. */
export function argumentListText(values: readonly TypedValue[]): string {
  return values.map(typedJsonText).join(', ');
}

/** A problem with a value, at a dotted path (`guest.name`, `items[0]`). */
export interface ValueProblem {
  path: string;
  message: string;
}

function isStruct(value: TypedValue): value is TypedStruct {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && taggedOf(value) === null;
}

/** True when the value has the kind the shape asks for (its constraints aside). */
export function fitsShape(value: TypedValue, shape: ValueShape): boolean {
  if (value === null) return shape.nullable === true || shape.kind === 'nil' || shape.kind === 'any';
  const tagged = taggedOf(value);
  switch (shape.kind) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value)) || tagged?.tag === '$i8';
    case 'double':
      return tagged?.tag === '$double' || (typeof value === 'number' && !Number.isInteger(value));
    case 'number':
      return typeof value === 'number' || tagged?.tag === '$double' || tagged?.tag === '$i8';
    case 'boolean':
      return typeof value === 'boolean';
    case 'nil':
      return false;
    case 'datetime':
      return tagged?.tag === '$datetime' || typeof value === 'string';
    case 'base64':
      return tagged?.tag === '$base64';
    case 'array':
      return Array.isArray(value);
    case 'struct':
      return isStruct(value);
    case 'enum':
      return shape.options.some((o) => typedJsonText(o) === typedJsonText(value));
    case 'oneOf':
      return shape.variants.some((v) => fitsShape(value, v.shape));
    case 'any':
      return true;
  }
}

/** The index of the first variant of a oneOf the value fits (0 when none does). */
export function variantOf(value: TypedValue, shape: ValueShape & { kind: 'oneOf' }): number {
  const i = shape.variants.findIndex((v) => fitsShape(value, v.shape) && checkValue(value, v.shape).length === 0);
  if (i >= 0) return i;
  return Math.max(0, shape.variants.findIndex((v) => fitsShape(value, v.shape)));
}

/**
 * What is wrong with a value for its shape: the kind, required struct fields, enum choices and the JSON Schema
 * constraints (minimum/maximum exactly for integers, minLength/maxLength, pattern, minItems/maxItems).
 */
export function checkValue(value: TypedValue, shape: ValueShape, path = ''): ValueProblem[] {
  const at = (message: string): ValueProblem[] => [{ path, message }];
  if (!fitsShape(value, shape)) {
    if (value === null) return at(l10n.t('a value is needed'));
    return shape.kind === 'enum' ? at(l10n.t('choose one of {0}', shape.options.map((o) => typedJsonText(o)).join(', '))) : at(l10n.t('expected {0}', shape.kind));
  }
  const tagProblem = validateTypedValue(value);
  if (tagProblem) return at(tagProblem);
  if (value === null) return [];
  switch (shape.kind) {
    case 'string': {
      const text = value as string;
      const length = [...text].length;
      if (shape.minLength !== undefined && length < shape.minLength) return at(l10n.t('at least {0} characters', shape.minLength));
      if (shape.maxLength !== undefined && length > shape.maxLength) return at(l10n.t('at most {0} characters', shape.maxLength));
      if (shape.pattern !== undefined) {
        let matches = true;
        try {
          matches = new RegExp(shape.pattern, 'u').test(text);
        } catch {
          // A pattern JavaScript cannot read is not checked.
        }
        if (!matches) return at(l10n.t('does not match the pattern {0}', shape.pattern));
      }
      return [];
    }
    case 'integer': {
      const big = BigInt(numberText(value) ?? '0');
      if (shape.minimum !== undefined && big < BigInt(shape.minimum)) return at(l10n.t('at least {0}', shape.minimum));
      if (shape.maximum !== undefined && big > BigInt(shape.maximum)) return at(l10n.t('at most {0}', shape.maximum));
      return [];
    }
    case 'double':
    case 'number': {
      const n = Number(numberText(value));
      if (shape.minimum !== undefined && n < shape.minimum) return at(l10n.t('at least {0}', shape.minimum));
      if (shape.maximum !== undefined && n > shape.maximum) return at(l10n.t('at most {0}', shape.maximum));
      return [];
    }
    case 'array': {
      const items = value as TypedValue[];
      if (shape.minItems !== undefined && items.length < shape.minItems) return at(l10n.t('at least {0} items', shape.minItems));
      if (shape.maxItems !== undefined && items.length > shape.maxItems) return at(l10n.t('at most {0} items', shape.maxItems));
      return items.flatMap((item, i) => checkValue(item, shape.items, `${path}[${i}]`));
    }
    case 'struct': {
      const struct = value as TypedStruct;
      const problems: ValueProblem[] = [];
      for (const field of shape.fields) {
        const fieldPath = path ? `${path}.${field.name}` : field.name;
        if (!Object.prototype.hasOwnProperty.call(struct, field.name)) {
          if (field.required) problems.push({ path: fieldPath, message: l10n.t('{0} is required', field.name) });
          continue;
        }
        problems.push(...checkValue(struct[field.name], field.shape, fieldPath));
      }
      if (shape.additional) {
        for (const [k, v] of Object.entries(struct)) {
          if (!shape.fields.some((f) => f.name === k)) problems.push(...checkValue(v, shape.additional, path ? `${path}.${k}` : k));
        }
      }
      return problems;
    }
    case 'oneOf': {
      const variant = shape.variants[variantOf(value, shape)];
      return variant ? checkValue(value, variant.shape, path) : [];
    }
    default:
      return [];
  }
}

/** The problems of a whole argument list against a call variant's parameters (arguments beyond them are not checked). */
export function checkArguments(values: readonly TypedValue[], params: readonly ParamShape[]): ValueProblem[] {
  const problems: ValueProblem[] = [];
  params.forEach((param, i) => {
    if (i >= values.length) {
      if (param.required) problems.push({ path: param.name, message: l10n.t('{0} is required', param.name) });
      return;
    }
    problems.push(...checkValue(values[i], param.shape, param.name));
  });
  return problems;
}

/** Words of a name that mark it as a secret: never kept in workspace state. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'token', 'secret', 'key', 'apikey', 'credential', 'credentials', 'auth']);

/** True when a parameter or field name looks like a secret (`password`, `api_key`, `authToken`, `clientSecret`). */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w) => SECRET_WORDS.has(w));
}

/**
 * The arguments with every secret-named parameter or struct field replaced by its empty value: what may be kept
 * in workspace state. Nested struct fields are matched by their own names.
 */
export function withoutSecrets(values: readonly TypedValue[], params: readonly ParamShape[]): TypedValue[] {
  const scrub = (value: TypedValue, shape: ValueShape | undefined): TypedValue => {
    if (Array.isArray(value)) return value.map((v) => scrub(v, shape?.kind === 'array' ? shape.items : undefined));
    if (!isStruct(value)) return value;
    const out: TypedStruct = {};
    for (const [k, v] of Object.entries(value)) {
      const field = shape?.kind === 'struct' ? shape.fields.find((f) => f.name === k)?.shape ?? shape.additional : undefined;
      out[k] = isSecretName(k) ? (field ? emptyValue(field) : '') : scrub(v, field);
    }
    return out;
  };
  return values.map((value, i) => {
    const param = params[i];
    if (param && isSecretName(param.name)) return emptyValue(param.shape);
    return scrub(value, param?.shape);
  });
}

/** Base64 of hex text (`de ad be ef` or `0xdeadbeef`); undefined when it is not hex. */
export function hexToBase64(text: string): string | undefined {
  const hex = text.replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  let binary = '';
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

/** Hex text of base64 (for the binary widget's hex mode); undefined when it is not base64. */
export function base64ToHex(base64: string): string | undefined {
  try {
    const binary = atob(base64.replace(/\s+/g, ''));
    let hex = '';
    for (let i = 0; i < binary.length; i++) hex += binary.charCodeAt(i).toString(16).padStart(2, '0');
    return hex;
  } catch {
    return undefined;
  }
}
